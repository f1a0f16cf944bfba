/**
 * The QUIC variable-length integer (RFC 9000 §16), which draft-ietf-moq-transport-14 (the MoQT
 * draft that draft-jennings-moq-file-05 references) uses for the value of an even-typed Object
 * Extension Header. The file format stores an `ext<N>` value as base64 of the header's value
 * bytes, so an even type's value is stored as the base64 of this encoding.
 *
 * @module
 */

/** The largest value a QUIC varint holds, 2^62 - 1. */
export const MAX_VARINT = (1n << 62n) - 1n;

/** Encodes `value` (0 ≤ value ≤ 2^62 - 1) as a minimal QUIC varint. */
export function encodeVarint(value: bigint): Uint8Array {
	if (value < 0n || value > MAX_VARINT) throw new RangeError(`varint out of range: ${value}`);
	const length = value < 0x40n ? 1 : value < 0x4000n ? 2 : value < 0x4000_0000n ? 4 : 8;
	const out = new Uint8Array(length);
	let v = value;
	for (let i = length - 1; i >= 0; i--) {
		out[i] = Number(v & 0xffn);
		v >>= 8n;
	}
	// The two high bits of the first byte give the length: 00 → 1, 01 → 2, 10 → 4, 11 → 8.
	out[0]! |= (Math.log2(length) << 6) & 0xc0;
	return out;
}

/**
 * Decodes a byte string that must hold exactly one QUIC varint (minimal or not). Returns an error
 * description instead of throwing, so the caller can say where it was.
 */
export function decodeVarint(bytes: Uint8Array): bigint | string {
	const first = bytes[0];
	if (first === undefined) return "empty, expected a varint";
	const length = 1 << (first >> 6);
	if (bytes.length !== length) return `${bytes.length} bytes, but the varint's prefix says ${length}`;
	let v = BigInt(first & 0x3f);
	for (let i = 1; i < length; i++) v = (v << 8n) | BigInt(bytes[i]!);
	return v;
}
