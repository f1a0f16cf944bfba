/**
 * Strict UTF-8 for the demo's JSON payloads (MSF catalogs, draft-ietf-moq-msf §5 "Catalog", are
 * JSON, which RFC 8259 §8.1 requires to be UTF-8), through the TextEncoder / TextDecoder every
 * JavaScript runtime has, declared here so the platform-neutral modules need no DOM or Node types.
 *
 * @module
 */

declare const TextEncoder: { new (): { encode(s: string): Uint8Array } };
declare const TextDecoder: {
	new (label: string, options: { fatal: boolean }): { decode(b: Uint8Array): string };
};

const encoder = new TextEncoder();
// Fatal: a payload with invalid UTF-8 is malformed and must be rejected, not patched with U+FFFD.
const decoder = new TextDecoder("utf-8", { fatal: true });

/** Encodes a string as UTF-8. */
export function utf8Encode(s: string): Uint8Array {
	return encoder.encode(s);
}

/** Decodes UTF-8; throws a TypeError on an invalid sequence. */
export function utf8Decode(b: Uint8Array): string {
	return decoder.decode(b);
}
