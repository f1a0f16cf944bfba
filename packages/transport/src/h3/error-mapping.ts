/**
 * WebTransport application error codes ↔ HTTP/3 error codes (draft-ietf-webtrans-http3
 * §"Resetting Data Streams").
 *
 * A WebTransport application's stream reset codes are 32-bit (0..0xffffffff). On the wire they
 * live in the WT_APPLICATION_ERROR range 0x52e4a40fa8db..0x52e5ac983162 of the HTTP/3 error
 * space, which skips the codepoints 0x1f * N + 0x21 reserved for GREASE (RFC 9114 §8.1): one
 * reserved codepoint falls in every 0x1f consecutive codes, so every 0x1e application codes
 * take 0x1f wire codes.
 *
 * All values fit a JavaScript number exactly (the range ends below 2^47).
 *
 * @module
 */

/** The HTTP/3 code of WebTransport application error 0. */
export const WT_APPLICATION_ERROR_FIRST = 0x52e4a40fa8db;
/** The HTTP/3 code of WebTransport application error 0xffffffff. */
export const WT_APPLICATION_ERROR_LAST = 0x52e5ac983162;

/** True for an HTTP/3 reserved (GREASE) error code, 0x1f * N + 0x21 (RFC 9114 §8.1). */
export function isReservedH3Code(code: number | bigint): boolean {
	const c = BigInt(code);
	return c >= 0x21n && (c - 0x21n) % 0x1fn === 0n;
}

/** The HTTP/3 error code for a 32-bit WebTransport application error code. */
export function webTransportCodeToHttp(code: number): number {
	if (!Number.isInteger(code) || code < 0 || code > 0xffffffff) {
		throw new RangeError(`WebTransport application error codes are 32-bit, got ${code}`);
	}
	return WT_APPLICATION_ERROR_FIRST + code + Math.floor(code / 0x1e);
}

/**
 * The WebTransport application error code of an HTTP/3 error code, or undefined when the code
 * is outside the application range or a reserved codepoint in it: the stream is still reset,
 * but with no application code (draft-ietf-webtrans-http3 §"Resetting Data Streams").
 */
export function httpCodeToWebTransport(code: number | bigint): number | undefined {
	const c = BigInt(code);
	if (c < BigInt(WT_APPLICATION_ERROR_FIRST) || c > BigInt(WT_APPLICATION_ERROR_LAST) || isReservedH3Code(c)) {
		return undefined;
	}
	const shifted = Number(c) - WT_APPLICATION_ERROR_FIRST;
	return shifted - Math.floor(shifted / 0x1f);
}
