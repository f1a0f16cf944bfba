/**
 * Session setup: the setup message we send, and the checks on the peer's.
 *
 * - draft-ietf-moq-transport-14 §9.3 CLIENT_SETUP and SERVER_SETUP: the client offers versions,
 *   the server selects one; "If the server does not support any of the versions offered by the
 *   client, or the client receives a server version that it did not offer, the corresponding
 *   peer MUST close the session with VERSION_NEGOTIATION_FAILED" (§9.3.1). Only draft-14 itself
 *   negotiates here (`moq-00`); later drafts come from the ALPN / WT-Protocol.
 * - draft-16 §9.3: the same two messages without versions.
 * - draft-18 and -19 §10.3 SETUP: one from each endpoint, on its own control stream, sent at once.
 *
 * Setup parameters / options (-14 §9.3.2, -16 §9.3.1, -18/-19 §10.3.1): PATH and AUTHORITY only
 * from a client on native QUIC (else INVALID_PATH / INVALID_AUTHORITY; bad syntax
 * MALFORMED_PATH / MALFORMED_AUTHORITY); MAX_REQUEST_ID (14, 16); MAX_AUTH_TOKEN_CACHE_SIZE and
 * AUTHORIZATION TOKEN (tokens.ts); MOQT_IMPLEMENTATION; MAX_REQUEST_UPDATES and MAX_FILTER_RANGES
 * (19). Unknown options are ignored.
 *
 * draft-14's text gives MOQT_IMPLEMENTATION the type 0x05 of AUTHORITY (see the wire's
 * setup-options.ts): a draft-14 peer that followed the text sends its implementation name as an
 * AUTHORITY. In draft-14 an AUTHORITY that could not be one (from a server, over WebTransport, or
 * not authority syntax) is therefore taken as MOQT_IMPLEMENTATION rather than closing the session.
 *
 * @module
 */

import {
	type ClientSetup,
	type ControlMessage,
	type Draft,
	type ServerSetup,
	type Setup,
	type SetupOptions,
	TerminationCode,
	versionOfDraft,
} from "@moqt/wire";
import { SessionError, violation } from "./errors.js";
import type { PeerTokenCache } from "./tokens.js";
import type { LocalSetup, PeerSetup, Role, TransportMode } from "./types.js";
import { isValidAuthority, isValidPath } from "./uri.js";

/** What setup depends on. */
export interface SetupContext {
	readonly role: Role;
	readonly draft: Draft;
	readonly transport: TransportMode;
	readonly local: LocalSetup;
}

/** Throws a {@link SessionError} when our setup breaks a rule of the draft. */
export function checkLocalSetup(ctx: SetupContext): void {
	const { role, draft, transport, local } = ctx;
	if ((local.path !== undefined || local.authority !== undefined) && (role !== "client" || transport !== "quic")) {
		throw new SessionError("invalid-argument", "PATH and AUTHORITY are sent only by a client on native QUIC");
	}
	if (local.path !== undefined && !isValidPath(local.path)) {
		throw new SessionError("invalid-argument", `PATH ${JSON.stringify(local.path)} is not a valid path`);
	}
	if (local.authority !== undefined && !isValidAuthority(local.authority)) {
		throw new SessionError("invalid-argument", `AUTHORITY ${JSON.stringify(local.authority)} is not valid`);
	}
	if (local.supportedVersions !== undefined && (draft !== 14 || role !== "client")) {
		throw new SessionError("invalid-argument", "only a draft-14 client offers versions");
	}
	if ((local.maxRequestUpdates !== undefined || local.maxFilterRanges !== undefined) && draft < 19) {
		throw new SessionError("invalid-argument", "MAX_REQUEST_UPDATES and MAX_FILTER_RANGES exist from draft-19");
	}
}

/**
 * Our setup message. `maxRequestId` is the initial Maximum Request ID we grant (drafts 14 and 16).
 */
export function buildSetup(ctx: SetupContext, maxRequestId: bigint | undefined): ClientSetup | ServerSetup | Setup {
	const { local, draft, role } = ctx;
	const options: SetupOptions = {
		...(local.path !== undefined && { path: local.path }),
		...(local.authority !== undefined && { authority: local.authority }),
		...(maxRequestId !== undefined && { maxRequestId }),
		...(local.maxAuthTokenCacheSize !== undefined && { maxAuthTokenCacheSize: local.maxAuthTokenCacheSize }),
		...(local.authorizationTokens !== undefined && { authorizationTokens: local.authorizationTokens }),
		...(local.implementation !== undefined && { implementation: local.implementation }),
		...(local.maxFilterRanges !== undefined && { maxFilterRanges: local.maxFilterRanges }),
		...(local.maxRequestUpdates !== undefined && { maxRequestUpdates: local.maxRequestUpdates }),
		...(local.unknown !== undefined && { unknown: local.unknown }),
	};
	if (draft >= 17) return { type: "SETUP", ...options };
	if (role === "client") {
		const versions = draft === 14 ? (local.supportedVersions ?? [versionOfDraft(14)]) : undefined;
		return { type: "CLIENT_SETUP", ...options, ...(versions !== undefined && { supportedVersions: versions }) };
	}
	return { type: "SERVER_SETUP", ...options, ...(draft === 14 && { selectedVersion: versionOfDraft(14) }) };
}

/** The setup message type we expect from the peer. */
export function expectedSetupType(ctx: SetupContext): "CLIENT_SETUP" | "SERVER_SETUP" | "SETUP" {
	if (ctx.draft >= 17) return "SETUP";
	return ctx.role === "client" ? "SERVER_SETUP" : "CLIENT_SETUP";
}

/**
 * Checks the peer's setup message and returns what it says; its tokens go through `tokens`.
 * Throws a ProtocolViolation with the draft's code for a setup that must close the session.
 */
export function readPeerSetup(message: ControlMessage, ctx: SetupContext, tokens: PeerTokenCache): PeerSetup {
	const expected = expectedSetupType(ctx);
	if (message.type !== expected) {
		violation(TerminationCode.PROTOCOL_VIOLATION, `expected ${expected} first, got ${message.type}`);
	}
	const m = message as ClientSetup | ServerSetup | Setup;
	const version = negotiateVersion(m, ctx);
	let implementation = m.implementation;
	let authority = m.authority;
	if (authority !== undefined && ctx.draft === 14 && !authorityAllowed(ctx, authority)) {
		// draft-14's MOQT_IMPLEMENTATION shares AUTHORITY's type in the text (see the module doc).
		implementation ??= authority;
		authority = undefined;
	}
	if (m.path !== undefined) {
		if (ctx.role === "client") violation(TerminationCode.INVALID_PATH, "PATH received from a server");
		if (ctx.transport === "webtransport") violation(TerminationCode.INVALID_PATH, "PATH received over WebTransport");
		if (!isValidPath(m.path)) violation(TerminationCode.MALFORMED_PATH, "PATH is not a valid URI path");
	}
	if (authority !== undefined) {
		if (ctx.role === "client") violation(TerminationCode.INVALID_AUTHORITY, "AUTHORITY received from a server");
		if (ctx.transport === "webtransport") {
			violation(TerminationCode.INVALID_AUTHORITY, "AUTHORITY received over WebTransport");
		}
		if (!isValidAuthority(authority)) {
			violation(TerminationCode.MALFORMED_AUTHORITY, "AUTHORITY is not a valid URI authority");
		}
	}
	const resolved = tokens.resolve(m.authorizationTokens, true);
	return {
		...(version !== undefined && { version }),
		...(m.path !== undefined && { path: m.path }),
		...(authority !== undefined && { authority }),
		...(implementation !== undefined && { implementation }),
		...(ctx.draft <= 16 && { maxRequestId: m.maxRequestId ?? 0n }),
		maxAuthTokenCacheSize: m.maxAuthTokenCacheSize ?? 0n,
		maxRequestUpdates: m.maxRequestUpdates ?? 0n,
		maxFilterRanges: m.maxFilterRanges ?? 0n,
		authorizationTokens: resolved,
		unknown: m.unknown ?? [],
	};
}

function authorityAllowed(ctx: SetupContext, authority: string): boolean {
	return ctx.role === "server" && ctx.transport === "quic" && isValidAuthority(authority);
}

function negotiateVersion(m: ClientSetup | ServerSetup | Setup, ctx: SetupContext): number | undefined {
	if (ctx.draft !== 14) return undefined;
	const ours = versionOfDraft(14);
	if (m.type === "CLIENT_SETUP") {
		if (!(m.supportedVersions ?? []).includes(ours)) {
			violation(TerminationCode.VERSION_NEGOTIATION_FAILED, "the client offers no version this server supports");
		}
		return ours;
	}
	const selected = (m as ServerSetup).selectedVersion;
	const offered = ctx.local.supportedVersions ?? [ours];
	// The server must pick one we offered; of those, draft-14 is the only one spoken here.
	if (selected === undefined || !offered.includes(selected) || selected !== ours) {
		violation(TerminationCode.VERSION_NEGOTIATION_FAILED, `the server selected version ${selected}`);
	}
	return selected;
}
