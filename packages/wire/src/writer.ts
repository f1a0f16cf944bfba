/**
 * A growable byte buffer that encodes MoQT primitives: QUIC variable-length integers
 * (RFC 9000 §16, always the shortest form) up to draft-16 and the MoQT vi64 from draft-17
 * (draft-ietf-moq-transport-19 §1.4.1, shortest form), fixed-width integers and byte strings.
 *
 * One writer can be reused for many messages: {@link Writer.reset} keeps its memory.
 *
 * @module
 */

import { WireError } from "./errors.js";

const TWO_32 = 4294967296;
const QUIC_MAX = (1n << 62n) - 1n;
const MOQT_MAX = (1n << 64n) - 1n;
const MAX_SAFE_BIG = BigInt(Number.MAX_SAFE_INTEGER);

/** An encoding buffer. */
export class Writer {
	/** The backing storage; bytes `[0, pos)` hold the output. */
	buf: Uint8Array;
	/** The number of bytes written. */
	pos = 0;
	/** True to write MoQT vi64 integers (draft-17+), false for QUIC varints. */
	moqtVarint: boolean;

	constructor(initialCapacity = 256, moqtVarint = false) {
		this.buf = new Uint8Array(initialCapacity);
		this.moqtVarint = moqtVarint;
	}

	/** Forgets the output, keeping the memory. */
	reset(): this {
		this.pos = 0;
		return this;
	}

	/** A view of the output; valid until the writer is next written to or reset. */
	view(): Uint8Array {
		return this.buf.subarray(0, this.pos);
	}

	/** A copy of the output. */
	finish(): Uint8Array {
		return this.buf.slice(0, this.pos);
	}

	/** Makes room for `n` more bytes. */
	ensure(n: number): void {
		const need = this.pos + n;
		if (need <= this.buf.length) return;
		let size = this.buf.length * 2;
		while (size < need) size *= 2;
		const next = new Uint8Array(size);
		next.set(this.buf.subarray(0, this.pos));
		this.buf = next;
	}

	/** Writes one byte (0–255). */
	u8(v: number): void {
		if (!(v >= 0 && v <= 0xff && Number.isInteger(v))) throw invalid(v, "an 8-bit integer");
		this.ensure(1);
		this.buf[this.pos++] = v;
	}

	/** Writes a big-endian 16-bit integer. */
	u16(v: number): void {
		if (!(v >= 0 && v <= 0xffff && Number.isInteger(v))) throw invalid(v, "a 16-bit integer");
		this.ensure(2);
		this.buf[this.pos++] = v >> 8;
		this.buf[this.pos++] = v & 0xff;
	}

	/** Writes a big-endian 16-bit integer at an earlier offset (to fill a length field). */
	u16At(offset: number, v: number): void {
		this.buf[offset] = v >> 8;
		this.buf[offset + 1] = v & 0xff;
	}

	/** Writes raw bytes. */
	bytes(b: Uint8Array): void {
		this.ensure(b.length);
		this.buf.set(b, this.pos);
		this.pos += b.length;
	}

	/** Writes a length-prefixed byte string. */
	lengthPrefixed(b: Uint8Array): void {
		this.varint(b.length);
		this.bytes(b);
	}

	/** Writes a variable-length integer in the shortest form. */
	varint(v: number | bigint): void {
		if (typeof v === "bigint") {
			if (v < 0n || v > MAX_SAFE_BIG) {
				this.varintBig(v);
				return;
			}
			v = Number(v);
		} else if (!(v >= 0 && Number.isSafeInteger(v))) {
			throw invalid(v, "a non-negative safe integer");
		}
		// One-byte values (most IDs, lengths and types) skip the general encoders.
		if (v < (this.moqtVarint ? 0x80 : 0x40) && this.pos < this.buf.length) {
			this.buf[this.pos++] = v;
			return;
		}
		if (this.moqtVarint) this.vi64(v);
		else this.quic(v);
	}

	// A bigint beyond 2^53-1 (or negative, which is refused).
	private varintBig(v: bigint): void {
		if (v < 0n || v > (this.moqtVarint ? MOQT_MAX : QUIC_MAX)) throw invalid(v, "a variable-length integer");
		this.ensure(9);
		const hi = Number(v >> 32n);
		const lo = Number(v & 0xffffffffn);
		if (!this.moqtVarint) {
			this.u32((0xc0000000 | hi) >>> 0);
		} else if (hi < 0x1000000) {
			// 8 bytes: 0xfe then 56 bits.
			this.buf[this.pos++] = 0xfe;
			this.buf[this.pos++] = hi >>> 16;
			this.buf[this.pos++] = (hi >>> 8) & 0xff;
			this.buf[this.pos++] = hi & 0xff;
		} else {
			this.buf[this.pos++] = 0xff;
			this.u32(hi);
		}
		this.u32(lo);
	}

	private u32(v: number): void {
		const p = this.pos;
		this.buf[p] = v >>> 24;
		this.buf[p + 1] = (v >>> 16) & 0xff;
		this.buf[p + 2] = (v >>> 8) & 0xff;
		this.buf[p + 3] = v & 0xff;
		this.pos = p + 4;
	}

	private quic(v: number): void {
		this.ensure(8);
		const buf = this.buf;
		if (v < 0x40) {
			buf[this.pos++] = v;
		} else if (v < 0x4000) {
			buf[this.pos++] = 0x40 | (v >> 8);
			buf[this.pos++] = v & 0xff;
		} else if (v < 0x40000000) {
			this.u32((0x80000000 | v) >>> 0);
		} else {
			this.u32((0xc0000000 | Math.floor(v / TWO_32)) >>> 0);
			this.u32(v >>> 0);
		}
	}

	private vi64(v: number): void {
		this.ensure(9);
		const buf = this.buf;
		if (v < 0x80) {
			buf[this.pos++] = v;
		} else if (v < 0x4000) {
			buf[this.pos++] = 0x80 | (v >> 8);
			buf[this.pos++] = v & 0xff;
		} else if (v < 0x200000) {
			buf[this.pos++] = 0xc0 | (v >> 16);
			buf[this.pos++] = (v >> 8) & 0xff;
			buf[this.pos++] = v & 0xff;
		} else if (v < 0x10000000) {
			this.u32((0xe0000000 | v) >>> 0);
		} else {
			// 5 to 8 bytes: prefix bits and the high part in the leading bytes, then 32 low bits.
			const hi = Math.floor(v / TWO_32);
			const len = v < 2 ** 35 ? 5 : v < 2 ** 42 ? 6 : v < 2 ** 49 ? 7 : 8;
			const prefix = (0xff00 >> (len - 1)) & 0xff;
			const extra = len - 5; // bytes of hi after the first byte
			buf[this.pos++] = prefix | (extra >= 3 ? 0 : Math.floor(hi / 2 ** (8 * extra)));
			for (let i = extra - 1; i >= 0; i--) buf[this.pos++] = Math.floor(hi / 2 ** (8 * i)) & 0xff;
			this.u32(v >>> 0);
		}
	}
}

function invalid(v: number | bigint, what: string): WireError {
	return new WireError("invalid-value", `cannot encode ${String(v)}: expected ${what}`);
}

/** The encoded size of a variable-length integer in the shortest form. */
export function varintLength(v: number, moqtVarint: boolean): number {
	if (moqtVarint) {
		if (v < 0x80) return 1;
		if (v < 0x4000) return 2;
		if (v < 0x200000) return 3;
		if (v < 0x10000000) return 4;
		if (v < 2 ** 35) return 5;
		if (v < 2 ** 42) return 6;
		if (v < 2 ** 49) return 7;
		return 8;
	}
	if (v < 0x40) return 1;
	if (v < 0x4000) return 2;
	if (v < 0x40000000) return 4;
	return 8;
}
