/**
 * HTTP/3 error codes and the error the sans-I/O HTTP/3 layer throws.
 *
 * Codes: RFC 9114 §8.1 (H3_*), RFC 9204 §6 (QPACK_*), RFC 9297 §5.2 (H3_DATAGRAM_ERROR) and
 * draft-ietf-webtrans-http3 §"HTTP/3 Error Code Registration" (WT_*). The WebTransport
 * application error range is in `error-mapping.ts`.
 *
 * @module
 */

/** HTTP/3 error codes by name. */
export const H3ErrorCode = {
	H3_DATAGRAM_ERROR: 0x33,
	H3_NO_ERROR: 0x100,
	H3_GENERAL_PROTOCOL_ERROR: 0x101,
	H3_INTERNAL_ERROR: 0x102,
	H3_STREAM_CREATION_ERROR: 0x103,
	H3_CLOSED_CRITICAL_STREAM: 0x104,
	H3_FRAME_UNEXPECTED: 0x105,
	H3_FRAME_ERROR: 0x106,
	H3_EXCESSIVE_LOAD: 0x107,
	H3_ID_ERROR: 0x108,
	H3_SETTINGS_ERROR: 0x109,
	H3_MISSING_SETTINGS: 0x10a,
	H3_REQUEST_REJECTED: 0x10b,
	H3_REQUEST_CANCELLED: 0x10c,
	H3_REQUEST_INCOMPLETE: 0x10d,
	H3_MESSAGE_ERROR: 0x10e,
	H3_CONNECT_ERROR: 0x10f,
	H3_VERSION_FALLBACK: 0x110,
	QPACK_DECOMPRESSION_FAILED: 0x200,
	QPACK_ENCODER_STREAM_ERROR: 0x201,
	QPACK_DECODER_STREAM_ERROR: 0x202,
	WT_BUFFERED_STREAM_REJECTED: 0x3994bd84,
	WT_SESSION_GONE: 0x170d7b68,
	WT_FLOW_CONTROL_ERROR: 0x045d4487,
	WT_ALPN_ERROR: 0x0817b3dd,
	WT_REQUIREMENTS_NOT_MET: 0x212c0d48,
} as const;

/** The name of an HTTP/3 error code. */
export type H3ErrorName = keyof typeof H3ErrorCode;

/**
 * Whether the error ends the whole connection (CONNECTION_CLOSE with the code) or only one
 * stream (RESET_STREAM / STOP_SENDING with the code).
 */
export type H3ErrorScope = "connection" | "stream";

const BRAND: unique symbol = Symbol.for("moqt.error") as never;

/**
 * A protocol error detected by the HTTP/3 layer. Thrown where detected; the connection state
 * machine catches it and turns it into a connection close or a stream reset.
 */
export class H3Error extends Error {
	readonly [BRAND] = true;
	/** Stable code: the HTTP/3 error name, e.g. "H3_FRAME_ERROR". */
	readonly code: H3ErrorName;
	/** The numeric HTTP/3 error code sent on the wire. */
	readonly errorCode: number;
	readonly scope: H3ErrorScope;

	constructor(code: H3ErrorName, message: string, scope: H3ErrorScope = "connection") {
		super(message);
		this.name = "H3Error";
		this.code = code;
		this.errorCode = H3ErrorCode[code];
		this.scope = scope;
	}

	/** True for an H3Error from any copy of the package. */
	static isInstance(value: unknown): value is H3Error {
		return value instanceof Error && value.name === "H3Error" && (value as never)[BRAND] === true;
	}
}
