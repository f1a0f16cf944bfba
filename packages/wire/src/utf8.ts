/**
 * UTF-8 conversion for reason phrases and URIs, through the TextEncoder / TextDecoder that every
 * JavaScript runtime has (declared here so the codec needs no DOM or Node types).
 *
 * @module
 */

declare const TextEncoder: { new (): { encode(s: string): Uint8Array } };
declare const TextDecoder: {
	new (label: string, options: { fatal: boolean }): { decode(b: Uint8Array): string };
};

const encoder = new TextEncoder();
// Lenient: reason phrases are diagnostics, and a peer's bad byte must not end the session.
const decoder = new TextDecoder("utf-8", { fatal: false });

/** Encodes a string as UTF-8. */
export function utf8Encode(s: string): Uint8Array {
	return encoder.encode(s);
}

/** Decodes UTF-8, replacing invalid sequences with U+FFFD. */
export function utf8Decode(b: Uint8Array): string {
	return decoder.decode(b);
}
