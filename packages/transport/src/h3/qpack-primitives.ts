/**
 * QPACK primitives (RFC 9204 §4.1): prefixed integers (RFC 7541 §5.1, §4.1.1 of RFC 9204) and
 * string literals with the H (Huffman) flag and a prefixed length (RFC 9204 §4.1.2), plus the
 * byte ↔ string mapping used for field names and values.
 *
 * Running out of input throws {@link SHORT} (the instruction is incomplete); a malformed
 * integer or Huffman string throws a RangeError. Callers turn both into the QPACK error of
 * their context (a field section is never partial, so there SHORT means truncated).
 *
 * @module
 */

import { huffmanDecode, huffmanEncode, huffmanEncodedLength } from "./huffman.js";
import { type ByteReader, type ByteWriter, SHORT } from "./varint.js";

/**
 * Appends an integer with an N-bit prefix (1 ≤ N ≤ 8). `flags` holds the bits of the first byte
 * above the prefix.
 */
export function encodePrefixedInt(w: ByteWriter, value: number, prefixBits: number, flags = 0): void {
	if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`prefixed integer out of range: ${value}`);
	const max = (1 << prefixBits) - 1;
	if (value < max) {
		w.u8(flags | value);
		return;
	}
	w.u8(flags | max);
	let rest = value - max;
	while (rest >= 128) {
		w.u8((rest % 128) | 0x80);
		rest = Math.floor(rest / 128);
	}
	w.u8(rest);
}

/**
 * Reads an integer with an N-bit prefix; the bits above the prefix in the first byte are
 * ignored (the caller has read them). Throws a RangeError beyond Number.MAX_SAFE_INTEGER.
 */
export function decodePrefixedInt(r: ByteReader, prefixBits: number): number {
	const max = (1 << prefixBits) - 1;
	let value = r.u8() & max;
	if (value < max) return value;
	let scale = 1;
	for (;;) {
		const byte = r.u8();
		value += (byte & 0x7f) * scale;
		if (value > Number.MAX_SAFE_INTEGER) throw new RangeError("prefixed integer too large");
		if ((byte & 0x80) === 0) return value;
		scale *= 128;
	}
}

/** How to encode a string literal: always Huffman, never, or whichever is shorter. */
export type HuffmanMode = "auto" | "always" | "never";

/**
 * Appends a string literal: the H bit (just above the N-bit length prefix), the length, and the
 * bytes, Huffman-coded when `huffman` asks for it ("auto": only when strictly shorter).
 */
export function encodeStringLiteral(
	w: ByteWriter,
	value: Uint8Array,
	prefixBits: number,
	flags = 0,
	huffman: HuffmanMode = "auto",
): void {
	const useHuffman = huffman === "always" || (huffman === "auto" && huffmanEncodedLength(value) < value.length);
	const body = useHuffman ? huffmanEncode(value) : value;
	encodePrefixedInt(w, body.length, prefixBits, flags | (useHuffman ? 1 << prefixBits : 0));
	w.bytes(body);
}

/**
 * Reads a string literal whose H bit sits just above an N-bit length prefix. The result is a
 * view of the input when not Huffman-coded.
 */
export function decodeStringLiteral(r: ByteReader, prefixBits: number): Uint8Array {
	if (r.remaining < 1) throw SHORT;
	const huffman = (r.buf[r.pos]! & (1 << prefixBits)) !== 0;
	const length = decodePrefixedInt(r, prefixBits);
	const raw = r.bytes(length);
	return huffman ? huffmanDecode(raw) : raw;
}

/** Field bytes as a string, one character per byte (Latin-1), so any byte survives a round trip. */
export function bytesToLatin1(bytes: Uint8Array): string {
	let out = "";
	for (let i = 0; i < bytes.length; i += 4096) {
		out += String.fromCharCode(...bytes.subarray(i, i + 4096));
	}
	return out;
}

/** A string of characters U+0000..U+00FF as bytes. Throws a RangeError on anything wider. */
export function latin1ToBytes(text: string): Uint8Array {
	const out = new Uint8Array(text.length);
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c > 0xff) throw new RangeError("field text must be Latin-1 (bytes); percent-encode wider characters");
		out[i] = c;
	}
	return out;
}
