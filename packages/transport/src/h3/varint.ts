/**
 * QUIC variable-length integers (RFC 9000 §16) and the small byte cursor / builder the HTTP/3
 * codecs share. `@moqt/transport` does not depend on `@moqt/wire`, so this is a local copy of
 * the few primitives HTTP/3 framing needs.
 *
 * A varint's two high bits give its length (1, 2, 4 or 8 bytes); the value is the remaining
 * 6, 14, 30 or 62 bits, big-endian.
 *
 * @module
 */

/** The largest value a QUIC varint holds, 2^62 - 1. */
export const VARINT_MAX = (1n << 62n) - 1n;

/**
 * Thrown by {@link ByteReader} when the input ends before the value does. Not an Error: push
 * decoders catch it and wait for more bytes.
 */
export const SHORT: { readonly short: true } = Object.freeze({ short: true as const });

const TWO_32 = 4294967296;

/** The number of bytes the shortest encoding of `value` takes. Throws a RangeError when out of range. */
export function varintLength(value: number | bigint): 1 | 2 | 4 | 8 {
	if (typeof value === "number") {
		if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`varint out of range: ${value}`);
		if (value < 0x40) return 1;
		if (value < 0x4000) return 2;
		if (value < 0x40000000) return 4;
		return 8;
	}
	if (value < 0n || value > VARINT_MAX) throw new RangeError(`varint out of range: ${value}`);
	return value < 0x40000000n ? varintLength(Number(value)) : 8;
}

/** Writes the shortest encoding of `value` at `offset`; returns the offset after it. */
export function writeVarint(buf: Uint8Array, offset: number, value: number | bigint): number {
	const len = varintLength(value);
	if (len === 8) {
		const big = BigInt(value);
		const hi = Number(big >> 32n);
		const lo = Number(big & 0xffffffffn);
		buf[offset] = 0xc0 | (hi >>> 24);
		buf[offset + 1] = hi >>> 16;
		buf[offset + 2] = hi >>> 8;
		buf[offset + 3] = hi;
		buf[offset + 4] = lo >>> 24;
		buf[offset + 5] = lo >>> 16;
		buf[offset + 6] = lo >>> 8;
		buf[offset + 7] = lo;
		return offset + 8;
	}
	const v = Number(value);
	if (len === 1) {
		buf[offset] = v;
	} else if (len === 2) {
		buf[offset] = 0x40 | (v >>> 8);
		buf[offset + 1] = v;
	} else {
		buf[offset] = 0x80 | (v >>> 24);
		buf[offset + 1] = v >>> 16;
		buf[offset + 2] = v >>> 8;
		buf[offset + 3] = v;
	}
	return offset + len;
}

/** The shortest encoding of `value` as a new array. */
export function encodeVarint(value: number | bigint): Uint8Array {
	const out = new Uint8Array(varintLength(value));
	writeVarint(out, 0, value);
	return out;
}

/** A decoding cursor over bytes. Reads throw {@link SHORT} when the bytes run out. */
export class ByteReader {
	/** The bytes being read. */
	readonly buf: Uint8Array;
	/** The offset of the next byte to read. */
	pos: number;
	/** The offset one past the last readable byte. */
	readonly end: number;

	constructor(buf: Uint8Array, pos = 0, end = buf.length) {
		this.buf = buf;
		this.pos = pos;
		this.end = end;
	}

	/** Bytes left to read. */
	get remaining(): number {
		return this.end - this.pos;
	}

	/** Reads one byte. */
	u8(): number {
		if (this.pos >= this.end) throw SHORT;
		return this.buf[this.pos++]!;
	}

	/** Reads a big-endian 32-bit unsigned integer. */
	u32(): number {
		const p = this.pos;
		if (p + 4 > this.end) throw SHORT;
		this.pos = p + 4;
		const b = this.buf;
		return ((b[p]! << 24) >>> 0) + ((b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!);
	}

	/** Returns a view of the next `n` bytes and moves past them. */
	bytes(n: number): Uint8Array {
		const p = this.pos;
		if (n > this.end - p) throw SHORT;
		this.pos = p + n;
		return this.buf.subarray(p, p + n);
	}

	/**
	 * Reads a varint as a number. Exact below 2^53; above that it is rounded, which is fine for
	 * types that are only compared against known small codes and lengths that are only compared
	 * against limits. Use {@link ByteReader.varintBig} where every bit matters (IDs, settings).
	 */
	varint(): number {
		const b = this.buf;
		const p = this.pos;
		if (p >= this.end) throw SHORT;
		const first = b[p]!;
		switch (first >> 6) {
			case 0:
				this.pos = p + 1;
				return first;
			case 1:
				if (p + 2 > this.end) throw SHORT;
				this.pos = p + 2;
				return ((first & 0x3f) << 8) | b[p + 1]!;
			case 2:
				if (p + 4 > this.end) throw SHORT;
				this.pos = p + 4;
				return (first & 0x3f) * 0x1000000 + ((b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!);
			default: {
				if (p + 8 > this.end) throw SHORT;
				this.pos = p + 8;
				const hi = (first & 0x3f) * 0x1000000 + ((b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!);
				const lo = ((b[p + 4]! << 24) >>> 0) + ((b[p + 5]! << 16) | (b[p + 6]! << 8) | b[p + 7]!);
				return hi * TWO_32 + lo;
			}
		}
	}

	/** Reads a varint exactly, as a bigint. */
	varintBig(): bigint {
		const b = this.buf;
		const p = this.pos;
		if (p >= this.end) throw SHORT;
		if (b[p]! >> 6 !== 3) return BigInt(this.varint());
		if (p + 8 > this.end) throw SHORT;
		this.pos = p + 8;
		const hi = (b[p]! & 0x3f) * 0x1000000 + ((b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!);
		const lo = ((b[p + 4]! << 24) >>> 0) + ((b[p + 5]! << 16) | (b[p + 6]! << 8) | b[p + 7]!);
		return (BigInt(hi) << 32n) | BigInt(lo);
	}
}

/** A growable byte builder. */
export class ByteWriter {
	private buf: Uint8Array;
	private len = 0;

	constructor(initialCapacity = 64) {
		this.buf = new Uint8Array(initialCapacity);
	}

	/** Bytes written so far. */
	get length(): number {
		return this.len;
	}

	/** Appends one byte. */
	u8(value: number): this {
		this.reserve(1);
		this.buf[this.len++] = value;
		return this;
	}

	/** Appends a big-endian 32-bit unsigned integer. */
	u32(value: number): this {
		this.reserve(4);
		const b = this.buf;
		const p = this.len;
		b[p] = value >>> 24;
		b[p + 1] = value >>> 16;
		b[p + 2] = value >>> 8;
		b[p + 3] = value;
		this.len = p + 4;
		return this;
	}

	/** Appends the shortest varint encoding of `value`. */
	varint(value: number | bigint): this {
		this.reserve(8);
		this.len = writeVarint(this.buf, this.len, value);
		return this;
	}

	/** Appends bytes. */
	bytes(value: Uint8Array): this {
		this.reserve(value.length);
		this.buf.set(value, this.len);
		this.len += value.length;
		return this;
	}

	/** The bytes written, as a view of the internal buffer (do not keep writing after this). */
	finish(): Uint8Array {
		return this.buf.subarray(0, this.len);
	}

	private reserve(n: number): void {
		if (this.len + n <= this.buf.length) return;
		const next = new Uint8Array(Math.max(this.buf.length * 2, this.len + n));
		next.set(this.buf.subarray(0, this.len));
		this.buf = next;
	}
}
