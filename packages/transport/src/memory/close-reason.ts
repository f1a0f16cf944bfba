/**
 * Close reasons are limited to 1024 bytes of UTF-8 on the wire (draft-ietf-webtrans-http3 §5
 * WT_CLOSE_SESSION; draft-ietf-webtrans-http2 §6.12; the W3C WebTransport `close()` reason).
 *
 * @module
 */

/** The most bytes of a close reason that are sent. */
export const MAX_CLOSE_REASON_BYTES = 1024;

/** Cuts `reason` to at most `maxBytes` of UTF-8 without splitting a character. */
export function truncateReason(reason: string, maxBytes = MAX_CLOSE_REASON_BYTES): string {
	// Each UTF-16 code unit encodes to at most 3 bytes, so short strings need no encoding.
	if (reason.length * 3 <= maxBytes) return reason;
	const bytes = new TextEncoder().encode(reason);
	if (bytes.length <= maxBytes) return reason;
	let end = maxBytes;
	// Step back over continuation bytes (10xxxxxx) to the start of the cut character.
	while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
	return new TextDecoder().decode(bytes.subarray(0, end));
}
