/**
 * A cursor over bytes that decodes MoQT primitives: QUIC variable-length integers (RFC 9000 §16)
 * for drafts up to -16, the MoQT vi64 (draft-ietf-moq-transport-19 §1.4.1 "Variable-Length
 * Integers", 1–9 bytes, non-minimal forms valid) from -17, fixed-width integers and byte slices.
 *
 * Running out of bytes is not an error here: reads throw the {@link SHORT} sentinel, which push
 * decoders catch to wait for more input and message decoders turn into a {@link WireError}
 * (a field that runs past the end of its message). Slices are views into the input, never copies.
 *
 * @module
 */

import { WireError } from "./errors.js";

/** Thrown by {@link Reader} when the input ends before the value does. Not an Error: it is control flow. */
export const SHORT: { readonly short: true } = Object.freeze({ short: true as const });

const TWO_32 = 4294967296;
/** Values at or above this high word (× 2^32) are beyond Number.MAX_SAFE_INTEGER. */
const SAFE_HI = 0x200000;

/** A decoding cursor over a byte array. */
export class Reader {
	/** The bytes being read. */
	buf: Uint8Array;
	/** The offset of the next byte to read. */
	pos: number;
	/** The offset one past the last readable byte. */
	end: number;
	/** True to read MoQT vi64 integers (draft-17+), false for QUIC varints. */
	moqtVarint: boolean;
	// High and low 32 bits of the last integer read when it did not fit a safe number.
	private hi = 0;
	private lo = 0;

	constructor(buf: Uint8Array, moqtVarint = false, pos = 0, end = buf.length) {
		this.buf = buf;
		this.pos = pos;
		this.end = end;
		this.moqtVarint = moqtVarint;
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

	/** Reads a big-endian 16-bit integer. */
	u16(): number {
		const p = this.pos;
		if (p + 2 > this.end) throw SHORT;
		this.pos = p + 2;
		return (this.buf[p]! << 8) | this.buf[p + 1]!;
	}

	/** Returns a view of the next `n` bytes and moves past them. */
	bytes(n: number): Uint8Array {
		const p = this.pos;
		if (n > this.end - p) throw SHORT;
		this.pos = p + n;
		return this.buf.subarray(p, p + n);
	}

	/** Moves past `n` bytes. */
	skip(n: number): void {
		if (n > this.end - this.pos) throw SHORT;
		this.pos += n;
	}

	/** Reads a variable-length integer that must fit a safe JavaScript number. */
	varint(): number {
		const start = this.pos;
		const v = this.moqtVarint ? this.vi64() : this.quic();
		if (v < 0) {
			throw new WireError("too-large", "integer exceeds 2^53-1 where a number is expected", { offset: start });
		}
		return v;
	}

	/** Reads a variable-length integer as a bigint (for IDs that can exceed 2^53). */
	varintBig(): bigint {
		const v = this.moqtVarint ? this.vi64() : this.quic();
		return v >= 0 ? BigInt(v) : (BigInt(this.hi) << 32n) | BigInt(this.lo);
	}

	/**
	 * Reads a variable-length integer that is safe as a number when small, and saturates to
	 * Number.MAX_SAFE_INTEGER when not: for codes where a huge value (GREASE) only means "unknown".
	 */
	varintSaturated(): number {
		const v = this.moqtVarint ? this.vi64() : this.quic();
		return v >= 0 ? v : Number.MAX_SAFE_INTEGER;
	}

	// Returns the value when safe, else -1 with the halves in hi / lo.
	private quic(): number {
		const buf = this.buf;
		const p = this.pos;
		if (p >= this.end) throw SHORT;
		const b = buf[p]!;
		switch (b >> 6) {
			case 0:
				this.pos = p + 1;
				return b;
			case 1:
				if (p + 2 > this.end) throw SHORT;
				this.pos = p + 2;
				return ((b & 0x3f) << 8) | buf[p + 1]!;
			case 2:
				if (p + 4 > this.end) throw SHORT;
				this.pos = p + 4;
				return ((b & 0x3f) << 24) + ((buf[p + 1]! << 16) | (buf[p + 2]! << 8) | buf[p + 3]!);
			default: {
				if (p + 8 > this.end) throw SHORT;
				this.pos = p + 8;
				const hi = (((b & 0x3f) << 24) | (buf[p + 1]! << 16) | (buf[p + 2]! << 8) | buf[p + 3]!) >>> 0;
				const lo = ((buf[p + 4]! << 24) | (buf[p + 5]! << 16) | (buf[p + 6]! << 8) | buf[p + 7]!) >>> 0;
				return this.split(hi, lo);
			}
		}
	}

	private vi64(): number {
		const buf = this.buf;
		const p = this.pos;
		if (p >= this.end) throw SHORT;
		const b = buf[p]!;
		if (b < 0x80) {
			this.pos = p + 1;
			return b;
		}
		if (b < 0xc0) {
			if (p + 2 > this.end) throw SHORT;
			this.pos = p + 2;
			return ((b & 0x3f) << 8) | buf[p + 1]!;
		}
		if (b < 0xe0) {
			if (p + 3 > this.end) throw SHORT;
			this.pos = p + 3;
			return ((b & 0x1f) << 16) | (buf[p + 1]! << 8) | buf[p + 2]!;
		}
		if (b < 0xf0) {
			if (p + 4 > this.end) throw SHORT;
			this.pos = p + 4;
			return (b & 0x0f) * 0x1000000 + ((buf[p + 1]! << 16) | (buf[p + 2]! << 8) | buf[p + 3]!);
		}
		// 5 to 9 bytes: the value bits after the prefix, then the rest, big-endian.
		const len = b < 0xf8 ? 5 : b < 0xfc ? 6 : b < 0xfe ? 7 : b === 0xfe ? 8 : 9;
		if (p + len > this.end) throw SHORT;
		this.pos = p + len;
		const lo =
			((buf[p + len - 4]! << 24) | (buf[p + len - 3]! << 16) | (buf[p + len - 2]! << 8) | buf[p + len - 1]!) >>> 0;
		let hi = len === 9 ? 0 : b & (0xff >> len);
		for (let i = p + 1; i < p + len - 4; i++) hi = hi * 256 + buf[i]!;
		return this.split(hi >>> 0, lo);
	}

	private split(hi: number, lo: number): number {
		if (hi < SAFE_HI) return hi * TWO_32 + lo;
		this.hi = hi;
		this.lo = lo;
		return -1;
	}
}
