import { describe, expect, it } from "vitest";
import { hex, toHex } from "./test-helpers.js";
import { ByteReader, ByteWriter, encodeVarint, SHORT, VARINT_MAX, varintLength } from "./varint.js";

describe("QUIC varints (RFC 9000 §16, Appendix A.1 examples)", () => {
	// RFC 9000 §A.1 sample encodings.
	const examples: [string, bigint][] = [
		["c2197c5eff14e88c", 151288809941952652n],
		["9d7f3e7d", 494878333n],
		["7bbd", 15293n],
		["25", 37n],
	];
	it.each(examples)("decodes %s", (h, value) => {
		expect(new ByteReader(hex(h)).varintBig()).toBe(value);
		if (value <= BigInt(Number.MAX_SAFE_INTEGER)) expect(new ByteReader(hex(h)).varint()).toBe(Number(value));
	});
	it.each(examples)("encodes %s as the shortest form", (h, value) => {
		expect(toHex(encodeVarint(value))).toBe(h);
	});
	it("decodes the non-minimal two-byte 37 (4025)", () => {
		expect(new ByteReader(hex("4025")).varint()).toBe(37);
	});
	it("chooses lengths at the boundaries", () => {
		expect([0, 63, 64, 16383, 16384, 1073741823, 1073741824].map((v) => varintLength(v))).toEqual([
			1, 1, 2, 2, 4, 4, 8,
		]);
		expect(varintLength(VARINT_MAX)).toBe(8);
		expect(() => varintLength(VARINT_MAX + 1n)).toThrow(RangeError);
		expect(() => varintLength(-1)).toThrow(RangeError);
		expect(() => varintLength(1.5)).toThrow(RangeError);
	});
	it("round-trips boundary values through the writer", () => {
		const values = [0n, 63n, 64n, 16383n, 16384n, 1073741823n, 1073741824n, 2n ** 53n + 1n, VARINT_MAX];
		const w = new ByteWriter(1);
		for (const v of values) w.varint(v);
		const r = new ByteReader(w.finish());
		for (const v of values) expect(r.varintBig()).toBe(v);
		expect(r.remaining).toBe(0);
	});
	it("throws SHORT when the bytes run out, without moving", () => {
		for (const h of ["", "40", "80ff", "c0000000000000"]) {
			const r = new ByteReader(hex(h));
			expect(() => r.varint()).toThrow(expect.objectContaining({ short: true }));
			expect(r.pos).toBe(0);
		}
		expect(() => new ByteReader(hex("c000")).varintBig()).toThrow(expect.objectContaining(SHORT));
	});
	it("reads and writes 32-bit integers", () => {
		const bytes = new ByteWriter().u32(0xdeadbeef).u32(0).finish();
		expect(toHex(bytes)).toBe("deadbeef00000000");
		const r = new ByteReader(bytes);
		expect(r.u32()).toBe(0xdeadbeef);
		expect(r.u32()).toBe(0);
		expect(() => r.u32()).toThrow(expect.objectContaining(SHORT));
	});
});
