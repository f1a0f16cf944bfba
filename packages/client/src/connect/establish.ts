/**
 * Establishing a client session on a transport session already open: an in-memory pair, a
 * session a server accepted, an adapter of one's own. `connect` uses it after opening the
 * transport.
 *
 * The draft: the one the transport negotiated (ALPN or WT-Protocol, draft-ietf-moq-transport-19
 * §3.1: `moqt-NN`), or for `moq-00` and for a WebTransport session whose server chose no
 * protocol, draft-14 with its version negotiation in SETUP (-14 §9.3.1), when it is offered.
 *
 * @module
 */

import {
	establishSession,
	type Role,
	SessionError,
	type SessionHandlers,
	type SessionOptions,
	selectDraft,
} from "@moqt/session";
import type { TransportSession } from "@moqt/transport/interface";
import { DRAFTS, type Draft, TerminationCode } from "@moqt/wire";
import { type AuthTokenLike, toToken } from "../options.js";
import { ClientSession } from "../session/client-session.js";
import { SessionRegistry } from "../session/registry.js";
import { routerHandlers } from "../session/router.js";

/** Options of {@link establish}. */
export interface EstablishOptions {
	/** Our end of the transport. Default "client". */
	readonly role?: Role;
	/** The drafts we speak, most preferred first. Default every supported one: 19, 18, 16, 14. */
	readonly drafts?: readonly Draft[];
	/** The draft, for a transport that negotiates none (an in-memory pair). */
	readonly draft?: Draft;
	/** Sent in our setup as an AUTHORIZATION TOKEN. */
	readonly authToken?: AuthTokenLike;
	/** Raw QUIC clients: the PATH and AUTHORITY setup options (the URI's path and query, and authority). */
	readonly path?: string;
	readonly authority?: string;
	/**
	 * The application's handlers (`session.handlers`), in place from setup on: the peer may send
	 * requests right behind its setup, before the promise of this call is even seen. A handler
	 * that needs the session awaits that promise.
	 */
	readonly handlers?: SessionHandlers;
	/** Aborting before setup completes closes the transport; the call rejects with `signal.reason`. */
	readonly signal?: AbortSignal;
	/** Anything else `establishSession` of `@moqt/session` takes: limits, queue bounds, a setup check... */
	readonly session?: Omit<Partial<SessionOptions>, "role" | "draft" | "drafts" | "handlers" | "signal">;
}

/** The drafts in our order of preference. */
export const DEFAULT_DRAFTS: readonly Draft[] = [...DRAFTS].reverse();

/**
 * Runs MoQT setup on `transport` and resolves with the session. Rejects with a SessionError when
 * no draft can be agreed (the transport is then closed with VERSION_NEGOTIATION_FAILED) or setup
 * fails, and with `signal.reason` when aborted.
 */
export async function establish(transport: TransportSession, options: EstablishOptions = {}): Promise<ClientSession> {
	const drafts = options.drafts ?? DEFAULT_DRAFTS;
	let draft: Draft;
	try {
		draft = chooseDraft(transport.protocol, drafts, options.draft);
	} catch (error) {
		transport.close({ code: TerminationCode.VERSION_NEGOTIATION_FAILED, reason: (error as Error).message });
		throw error;
	}
	const registry = new SessionRegistry(draft);
	if (options.handlers !== undefined) registry.appHandlers = options.handlers;
	const token = options.authToken === undefined ? undefined : toToken(options.authToken);
	const setup = {
		...options.session?.setup,
		...(options.path !== undefined && { path: options.path }),
		...(options.authority !== undefined && { authority: options.authority }),
		...(token !== undefined && { authorizationTokens: [token] }),
	};
	const raw = await establishSession(transport, {
		...options.session,
		role: options.role ?? "client",
		draft,
		drafts,
		setup,
		handlers: routerHandlers(registry),
		...(options.signal !== undefined && { signal: options.signal }),
	});
	return new ClientSession(raw, registry, transport.kind);
}

function chooseDraft(protocol: string | undefined, drafts: readonly Draft[], draft: Draft | undefined): Draft {
	if (draft !== undefined || protocol !== undefined)
		return selectDraft(protocol, { drafts, ...(draft !== undefined && { draft }) });
	if (drafts.includes(14)) return 14;
	throw new SessionError("unsupported", "the transport negotiated no protocol and draft-14 is not offered");
}
