import { describe, expect, it } from "vitest";
import { decodeVarint, encodeVarint, MAX_VARINT } from "./varint.js";

const hex = (s: string) => Uint8Array.from(s.match(/../g)!.map((b) => Number.parseInt(b, 16)));

describe("QUIC varint (RFC 9000 §16)", () => {
	// RFC 9000 Appendix A.1 sample decodings.
	it.each([
		["c2197c5eff14e88c", 151288809941952652n],
		["9d7f3e7d", 494878333n],
		["7bbd", 15293n],
		["25", 37n],
		["4025", 37n],
	])("decodes %s", (h, v) => {
		expect(decodeVarint(hex(h))).toBe(v);
	});

	it("encodes minimally at each length boundary and round-trips", () => {
		const cases: [bigint, number][] = [
			[0n, 1],
			[63n, 1],
			[64n, 2],
			[16383n, 2],
			[16384n, 4],
			[(1n << 30n) - 1n, 4],
			[1n << 30n, 8],
			[MAX_VARINT, 8],
		];
		for (const [v, length] of cases) {
			const b = encodeVarint(v);
			expect(b.length).toBe(length);
			expect(decodeVarint(b)).toBe(v);
		}
		expect(encodeVarint(15293n)).toEqual(hex("7bbd"));
	});

	it("rejects values it cannot hold", () => {
		expect(() => encodeVarint(-1n)).toThrow(RangeError);
		expect(() => encodeVarint(MAX_VARINT + 1n)).toThrow(RangeError);
	});

	it("rejects byte strings that are not exactly one varint", () => {
		expect(decodeVarint(new Uint8Array(0))).toMatch(/empty/);
		expect(decodeVarint(hex("7b"))).toMatch(/prefix says 2/);
		expect(decodeVarint(hex("2500"))).toMatch(/prefix says 1/);
	});
});
