/**
 * Errors of the transport layer. They carry the `Symbol.for("moqt.error")` brand, so
 * `MoqtError.isInstance` from `@moqt/wire` (and `instanceof MoqtError`) accept them too.
 *
 * @module
 */

const BRAND: unique symbol = Symbol.for("moqt.error") as never;

/** Why a stream operation failed. */
export type StreamErrorKind =
	/** The peer reset the stream it was sending (RESET_STREAM / WT stream reset), with `code`. */
	| "reset"
	/** The peer asked us to stop sending (STOP_SENDING), with `code`. */
	| "stop-sending"
	/** We reset or stopped this stream ourselves. */
	| "local"
	/** The session ended. */
	| "session-closed";

/** A stream that can no longer be read or written. */
export class StreamError extends Error {
	readonly [BRAND] = true;
	/** Stable code: `"stream-" + kind`. */
	readonly code: string;
	readonly kind: StreamErrorKind;
	/** The application error code (for "reset", "stop-sending" and "local"), else undefined. */
	readonly errorCode: number | undefined;

	constructor(kind: StreamErrorKind, errorCode?: number, message?: string) {
		super(message ?? (errorCode === undefined ? `stream ${kind}` : `stream ${kind} with code ${errorCode}`));
		this.name = "StreamError";
		this.kind = kind;
		this.code = `stream-${kind}`;
		this.errorCode = errorCode;
	}

	/** True for a StreamError from any copy of the package. */
	static isInstance(value: unknown): value is StreamError {
		return value instanceof Error && value.name === "StreamError" && (value as never)[BRAND] === true;
	}
}

/** A session or connection failure (handshake, certificate, protocol, limits). */
export class TransportError extends Error {
	readonly [BRAND] = true;
	/** Stable code such as "connect-failed", "certificate", "closed", "protocol". */
	readonly code: string;

	constructor(code: string, message: string, options?: { cause?: unknown }) {
		super(message, options);
		this.name = "TransportError";
		this.code = code;
	}

	/** True for a TransportError from any copy of the package. */
	static isInstance(value: unknown): value is TransportError {
		return value instanceof Error && value.name === "TransportError" && (value as never)[BRAND] === true;
	}
}
