/**
 * Errors of the session core.
 *
 * - {@link SessionError} is what commands throw at the application, synchronously: the session is
 *   closed, a GOAWAY was received, a limit was reached, or the command does not fit the request's
 *   state or the draft. Nothing was sent when a command throws.
 * - {@link ProtocolViolation} is internal: it is thrown where a peer's misbehaviour is detected,
 *   and the core's input methods catch it and close the session with its termination code (the
 *   moq-dev `ProtocolViolation` pattern). It never reaches the application.
 *
 * @module
 */

import { MoqtError, type TerminationCode } from "@moqt/wire";

/** Why a command was refused. */
export type SessionErrorCode =
	/** The session is closed (or closing); `terminationCode` says how it ended. */
	| "closed"
	/** The peer sent GOAWAY: no new requests (draft-14 §9.4, -19 §10.4 "GOAWAY"). */
	| "going-away"
	/** A limit was reached: the request queue, MAX_REQUEST_UPDATES, the peer's token cache. */
	| "limit"
	/** The request does not exist or is not in a state that allows the command. */
	| "invalid-state"
	/** An argument is wrong for the draft or the request (a field the draft cannot carry, an alias in use...). */
	| "invalid-argument"
	/** The draft has no such operation. */
	| "unsupported";

/** Options of a {@link SessionError}. */
export interface SessionErrorOptions {
	readonly cause?: unknown;
	/** For "closed": the session termination code. */
	readonly terminationCode?: number;
}

/** A command the session core refused. */
export class SessionError extends MoqtError {
	declare readonly code: SessionErrorCode;
	/** For "closed": how the session ended (a session termination code). */
	readonly terminationCode: number | undefined;

	constructor(code: SessionErrorCode, message: string, options?: SessionErrorOptions) {
		super(code, message, options);
		this.name = "SessionError";
		this.terminationCode = options?.terminationCode;
	}
}

/**
 * A peer's violation of the protocol, thrown where it is detected and turned into a session close
 * with `terminationCode` by the core's input methods.
 *
 * @internal
 */
export class ProtocolViolation extends Error {
	readonly terminationCode: TerminationCode;

	constructor(terminationCode: TerminationCode, message: string) {
		super(message);
		this.name = "ProtocolViolation";
		this.terminationCode = terminationCode;
	}
}

/** Throws a {@link ProtocolViolation}. */
export function violation(code: TerminationCode, message: string): never {
	throw new ProtocolViolation(code, message);
}
