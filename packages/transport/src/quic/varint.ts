/**
 * Reading QUIC variable-length integers (RFC 9000 §16) from packet headers and Initial frames.
 * The raw QUIC adapter only parses the few cleartext fields it routes by, so it needs no writer.
 *
 * @module
 */

/** A decoded varint and the bytes it took. */
export interface Varint {
	readonly value: number;
	readonly size: number;
}

/**
 * Reads the varint at `offset`, or undefined when the bytes end first. Values above 2^53 lose
 * precision; every field read this way (lengths, offsets, frame types) is far smaller.
 */
export function readVarint(bytes: Uint8Array, offset: number): Varint | undefined {
	const first = bytes[offset];
	if (first === undefined) return undefined;
	const size = 1 << (first >> 6);
	if (offset + size > bytes.length) return undefined;
	let value = first & 0x3f;
	for (let i = 1; i < size; i++) value = value * 256 + (bytes[offset + i] ?? 0);
	return { value, size };
}
