/**
 * Establishing a session on a transport session, for either role (draft-ietf-moq-transport-14
 * §3.1-§3.3, -16 §3.1-§3.3, -19 §3.1 "Session establishment" and §3.3 "Session initialization").
 *
 * The draft: from draft-15 "MOQT uses ALPN in QUIC and WT-Available-Protocols in WebTransport to
 * perform version negotiation" (`moqt-16`, `moqt-18`, `moqt-19`); "Draft versions prior to -15
 * all used moq-00 ALPN, followed by version negotiation in the SETUP messages" (-14 §9.3.1
 * "Versions": CLIENT_SETUP lists the versions, SERVER_SETUP selects one, else
 * VERSION_NEGOTIATION_FAILED). `options.draft` overrides, for transports that negotiate nothing
 * (an in-memory pair without a protocol).
 *
 * A transport we cannot speak on is closed with VERSION_NEGOTIATION_FAILED; one whose setup fails
 * is closed by the core with the draft's code, and the promise rejects with a SessionError.
 *
 * @module
 */

import { DRAFTS, type Draft, draftsOfAlpn, TerminationCode, type WireLimits } from "@moqt/wire";
import { version } from "../../package.json";
import {
	DEFAULT_SESSION_LIMITS,
	type LocalSetup,
	type PeerSetup,
	type Role,
	SessionCore,
	SessionError,
	type SessionLimits,
	type SetupRejection,
	type TransportMode,
} from "../core/index.js";
import type { ReceiveLimits } from "./data-plane.js";
import type { SessionHandlers } from "./incoming-router.js";
import { type AbortSignalLike, monotonicNow } from "./platform.js";
import { MoqtSession } from "./session.js";
import type { MoqtTransport } from "./transport.js";

/** The MOQT_IMPLEMENTATION sent unless the options name another. */
export const IMPLEMENTATION = `moqt-ts/${version}`;

/** Options of {@link establishSession}. */
export interface SessionOptions {
	/** Which end of the transport session we are. */
	readonly role: Role;
	/** The draft, when the transport's protocol does not name it (or to insist on one). */
	readonly draft?: Draft;
	/** The drafts we accept (default: every supported one). */
	readonly drafts?: readonly Draft[];
	/** "quic" carries PATH and AUTHORITY in the setup; default: from the transport's kind. */
	readonly transportMode?: TransportMode;
	/**
	 * Our setup message: PATH and AUTHORITY (a client on raw QUIC), authorization tokens,
	 * MAX_AUTH_TOKEN_CACHE_SIZE, draft-19's MAX_REQUEST_UPDATES and MAX_FILTER_RANGES, the versions
	 * a draft-14 client offers. MOQT_IMPLEMENTATION defaults to {@link IMPLEMENTATION}.
	 */
	readonly setup?: LocalSetup;
	/** Resource limits (requests, subscriptions, namespaces, timeouts); see SessionLimits. */
	readonly limits?: Partial<SessionLimits>;
	/** ms to wait for the peer's setup; then the session closes with CONTROL_MESSAGE_TIMEOUT. */
	readonly setupTimeout?: number;
	/** Aborting before setup completes closes the session and rejects with `signal.reason`. */
	readonly signal?: AbortSignalLike;
	/** Checks the peer's setup (PATH, AUTHORITY, tokens): a rejection closes the session with its code. */
	readonly checkPeerSetup?: (peer: PeerSetup) => SetupRejection | undefined;
	/** Handlers of the peer's requests, in place before any can arrive. */
	readonly handlers?: SessionHandlers;
	/** Queue the peer's unhandled requests for `session.incoming` from the start (else only while it is read). */
	readonly incoming?: boolean;
	/** Bounds of the object queues of what we receive. */
	readonly receive?: ReceiveLimits;
	/** Limits of the decoders: message and object sizes, parameters, namespace fields. */
	readonly wireLimits?: Partial<WireLimits>;
}

/**
 * Runs MoQT setup on a transport session and resolves with the session once both setup messages
 * are exchanged. Rejects with a SessionError when the draft cannot be agreed or setup fails, and
 * with `signal.reason` when aborted.
 */
export async function establishSession(transport: MoqtTransport, options: SessionOptions): Promise<MoqtSession> {
	if (options.signal?.aborted) throw options.signal.reason;
	let core: SessionCore;
	try {
		const draft = selectDraft(transport.protocol, options);
		const limits = {
			...options.limits,
			...(options.setupTimeout !== undefined && { setupTimeout: options.setupTimeout }),
		};
		core = new SessionCore({
			role: options.role,
			draft,
			transport: options.transportMode ?? (transport.kind === "quic" ? "quic" : "webtransport"),
			setup: { implementation: IMPLEMENTATION, ...options.setup },
			limits,
			...(options.checkPeerSetup !== undefined && { checkPeerSetup: options.checkPeerSetup }),
			now: monotonicNow(),
		});
	} catch (error) {
		const code =
			SessionError.isInstance(error) && error.code === "unsupported"
				? TerminationCode.VERSION_NEGOTIATION_FAILED
				: TerminationCode.INTERNAL_ERROR;
		transport.close({ code, reason: error instanceof Error ? error.message : "" });
		throw error;
	}
	const session = new MoqtSession({
		transport,
		core,
		handlers: options.handlers ?? {},
		incoming: options.incoming ?? false,
		receive: options.receive,
		wireLimits: options.wireLimits,
		drainTimeout: options.limits?.drainTimeout ?? DEFAULT_SESSION_LIMITS.drainTimeout,
	});
	await session.whenReady(options.signal);
	return session;
}

/** The draft to speak on a transport whose negotiated protocol is `protocol`. */
export function selectDraft(protocol: string | undefined, options: Pick<SessionOptions, "draft" | "drafts">): Draft {
	const accepted = options.drafts ?? DRAFTS;
	const named = protocol === undefined ? [] : draftsOfAlpn(protocol);
	if (options.draft !== undefined) {
		if (!accepted.includes(options.draft) || (named.length > 0 && !named.includes(options.draft))) {
			throw new SessionError("unsupported", `draft-${options.draft} cannot be spoken over ${protocol}`);
		}
		return options.draft;
	}
	if (protocol === undefined) {
		throw new SessionError("invalid-argument", "the transport negotiated no protocol: give options.draft");
	}
	const candidates = named.filter((d) => accepted.includes(d));
	const draft = candidates[candidates.length - 1];
	if (draft === undefined) throw new SessionError("unsupported", `no accepted draft speaks ${protocol}`);
	return draft;
}
