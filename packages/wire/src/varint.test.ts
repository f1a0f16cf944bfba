import { describe, expect, it } from "vitest";
import { WireError } from "./errors.js";
import { Reader, SHORT } from "./reader.js";
import { varintLength, Writer } from "./writer.js";

const hex = (s: string) => Uint8Array.from(s.match(/../g)!.map((b) => Number.parseInt(b, 16)));
const toHex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, "0")).join("");

describe("MoQT vi64 (draft-19 §1.4.1)", () => {
	// The draft's own example encodings.
	const examples: [string, bigint][] = [
		["25", 37n],
		["8025", 37n],
		["bbbd", 15293n],
		["ed7f3e7d", 226442877n],
		["faa1a0e403d8", 2893212287960n],
		["fc8998abc66bc0", 151288809941952n],
		["fefa318fa8e3ca11", 70423237261249041n],
		["ffffffffffffffffff", 18446744073709551615n],
	];
	it.each(examples)("decodes %s", (h, v) => {
		const r = new Reader(hex(h), true);
		expect(r.varintBig()).toBe(v);
		expect(r.remaining).toBe(0);
	});
	it("accepts non-minimal zero", () => {
		for (const h of ["00", "8000", "c00000", "e0000000", "ff0000000000000000"]) {
			expect(new Reader(hex(h), true).varint()).toBe(0);
		}
	});
	it("encodes shortest forms that decode back", () => {
		for (const [h, v] of examples) {
			const w = new Writer(4, true);
			w.varint(v);
			const out = w.finish();
			if (h !== "8025") expect(toHex(out)).toBe(h);
			expect(new Reader(out, true).varintBig()).toBe(v);
		}
	});
	it("encodes SETUP's type 0x2F00 as af00 and PADDING as f0132b3e28", () => {
		const w = new Writer(4, true);
		w.varint(0x2f00);
		w.varint(0x132b3e28);
		expect(toHex(w.finish())).toBe("af00f0132b3e28");
	});
	it("round-trips every length boundary", () => {
		for (let bits = 0; bits <= 64; bits++) {
			for (const v of [(1n << BigInt(bits)) - 1n, 1n << BigInt(bits)]) {
				if (v >= 1n << 64n) continue;
				const w = new Writer(1, true);
				w.varint(v);
				const r = new Reader(w.finish(), true);
				expect(r.varintBig()).toBe(v);
				if (v <= BigInt(Number.MAX_SAFE_INTEGER)) expect(w.pos).toBe(varintLength(Number(v), true));
			}
		}
	});
});

describe("QUIC varint (RFC 9000 §16)", () => {
	// RFC 9000 Appendix A.1 examples.
	const examples: [string, bigint][] = [
		["c2197c5eff14e88c", 151288809941952652n],
		["9d7f3e7d", 494878333n],
		["7bbd", 15293n],
		["25", 37n],
		["4025", 37n],
	];
	it.each(examples)("decodes %s", (h, v) => {
		expect(new Reader(hex(h), false).varintBig()).toBe(v);
	});
	it("round-trips boundaries and rejects values past 2^62-1", () => {
		for (const v of [0n, 63n, 64n, 16383n, 16384n, (1n << 30n) - 1n, 1n << 30n, (1n << 62n) - 1n]) {
			const w = new Writer(1, false);
			w.varint(v);
			expect(new Reader(w.finish(), false).varintBig()).toBe(v);
		}
		expect(() => new Writer(1, false).varint(1n << 62n)).toThrow(WireError);
	});
	it("reports a number past 2^53 as too-large and reads it as a bigint", () => {
		const w = new Writer(1, false);
		w.varint(1n << 60n);
		expect(() => new Reader(w.finish(), false).varint()).toThrow(WireError);
		expect(new Reader(w.finish(), false).varintBig()).toBe(1n << 60n);
	});
	it("throws SHORT on truncated input", () => {
		for (const [h] of examples) {
			const b = hex(h);
			if (b.length === 1) continue;
			expect(() => new Reader(b.subarray(0, b.length - 1), false).varint()).toThrow();
			try {
				new Reader(b.subarray(0, b.length - 1), false).varintBig();
			} catch (e) {
				expect(e).toBe(SHORT);
			}
		}
	});
});
