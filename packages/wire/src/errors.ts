/**
 * Errors of the MoQT codec.
 *
 * Every error the packages of this project throw is a {@link MoqtError}. It carries a brand
 * (`Symbol.for("moqt.error")`) so that `instanceof` and {@link MoqtError.isInstance} work across
 * duplicate copies of the package, as undici and the AI SDK do.
 *
 * @module
 */

const BRAND: unique symbol = Symbol.for("moqt.error") as never;

/** Options of a {@link MoqtError}. */
export interface MoqtErrorOptions {
	/** The error that caused this one. */
	readonly cause?: unknown;
}

/** Base class of every error thrown by the `@moqt/*` packages. */
export class MoqtError extends Error {
	/** A stable, machine-readable code. */
	readonly code: string;
	readonly [BRAND] = true;

	constructor(code: string, message: string, options?: MoqtErrorOptions) {
		super(message, options?.cause === undefined ? undefined : { cause: options.cause });
		this.code = code;
		this.name = "MoqtError";
	}

	/** True when `value` is a MoqtError from any copy of the package. */
	static isInstance(value: unknown): value is MoqtError {
		return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
	}

	static override [Symbol.hasInstance](value: unknown): boolean {
		// Subclasses keep the normal prototype check; the base class accepts any branded error.
		// biome-ignore lint/complexity/noThisInStatic: `this` is the class the check was called on.
		if (this === MoqtError) return MoqtError.isInstance(value);
		// biome-ignore lint/complexity/noThisInStatic: as above.
		return Function.prototype[Symbol.hasInstance].call(this, value);
	}
}

/**
 * Session termination error codes (draft-ietf-moq-transport-14 §13.1.1, -16 §14.4.1, -18/-19
 * "Session Termination Error Codes"). The values are the same in every supported draft; codes a
 * draft does not define are marked.
 */
export const TerminationCode = {
	NO_ERROR: 0x0,
	INTERNAL_ERROR: 0x1,
	UNAUTHORIZED: 0x2,
	PROTOCOL_VIOLATION: 0x3,
	INVALID_REQUEST_ID: 0x4,
	DUPLICATE_TRACK_ALIAS: 0x5,
	KEY_VALUE_FORMATTING_ERROR: 0x6,
	/** draft-14 and -16 only (MAX_REQUEST_ID was removed in -17). */
	TOO_MANY_REQUESTS: 0x7,
	INVALID_PATH: 0x8,
	MALFORMED_PATH: 0x9,
	GOAWAY_TIMEOUT: 0x10,
	CONTROL_MESSAGE_TIMEOUT: 0x11,
	DATA_STREAM_TIMEOUT: 0x12,
	AUTH_TOKEN_CACHE_OVERFLOW: 0x13,
	DUPLICATE_AUTH_TOKEN_ALIAS: 0x14,
	VERSION_NEGOTIATION_FAILED: 0x15,
	MALFORMED_AUTH_TOKEN: 0x16,
	UNKNOWN_AUTH_TOKEN_ALIAS: 0x17,
	EXPIRED_AUTH_TOKEN: 0x18,
	INVALID_AUTHORITY: 0x19,
	MALFORMED_AUTHORITY: 0x1a,
	/** draft-19 and later. */
	TOO_MANY_REQUEST_UPDATES: 0x1b,
} as const;
/** A session termination error code. */
export type TerminationCode = (typeof TerminationCode)[keyof typeof TerminationCode];

/** What went wrong while encoding or decoding. */
export type WireErrorCode =
	/** The bytes do not follow the layout (a field runs past its message, a bad flag combination). */
	| "malformed"
	/** A field holds a value the draft does not allow (an enum out of range, a reserved value). */
	| "invalid-value"
	/** A message, stream or datagram type the draft does not define. */
	| "unknown-message"
	/** A field or message exceeds a hard limit (the draft's, or one set in the options). */
	| "too-large"
	/** A message body holds bytes after its last field. */
	| "trailing-bytes"
	/** The draft is not one this codec speaks. */
	| "unsupported-version"
	/** The message uses a field or message that the draft cannot carry (encoding only). */
	| "unsupported";

/** Options of a {@link WireError}. */
export interface WireErrorOptions extends MoqtErrorOptions {
	/** Byte offset in the input where the problem was found. */
	readonly offset?: number;
	/** The session termination code the draft prescribes, when it names one. */
	readonly terminationCode?: TerminationCode;
}

/**
 * A failure to encode or decode MoQT bytes. It is the only error the codec throws; malformed
 * input never produces anything else.
 */
export class WireError extends MoqtError {
	declare readonly code: WireErrorCode;
	/** Byte offset in the input where the problem was found (-1 when not known). */
	readonly offset: number;
	/** The session termination code the draft prescribes (PROTOCOL_VIOLATION unless it names another). */
	readonly terminationCode: TerminationCode;

	constructor(code: WireErrorCode, message: string, options?: WireErrorOptions) {
		super(code, message, options);
		this.name = "WireError";
		this.offset = options?.offset ?? -1;
		this.terminationCode = options?.terminationCode ?? TerminationCode.PROTOCOL_VIOLATION;
	}
}
