import { describe, expect, it } from "vitest";
import {
	bytesToLatin1,
	decodePrefixedInt,
	decodeStringLiteral,
	encodePrefixedInt,
	encodeStringLiteral,
	latin1ToBytes,
} from "./qpack-primitives.js";
import { hex, toHex } from "./test-helpers.js";
import { ByteReader, ByteWriter, SHORT } from "./varint.js";

describe("prefixed integers (RFC 7541 §5.1)", () => {
	// RFC 7541 Appendix C.1.
	it("C.1.1: 10 with a 5-bit prefix", () => {
		const w = new ByteWriter();
		encodePrefixedInt(w, 10, 5);
		expect(toHex(w.finish())).toBe("0a");
		expect(decodePrefixedInt(new ByteReader(hex("0a")), 5)).toBe(10);
	});
	it("C.1.2: 1337 with a 5-bit prefix", () => {
		const w = new ByteWriter();
		encodePrefixedInt(w, 1337, 5);
		expect(toHex(w.finish())).toBe("1f9a0a");
		expect(decodePrefixedInt(new ByteReader(hex("1f9a0a")), 5)).toBe(1337);
	});
	it("C.1.3: 42 with an 8-bit prefix", () => {
		const w = new ByteWriter();
		encodePrefixedInt(w, 42, 8);
		expect(toHex(w.finish())).toBe("2a");
		expect(decodePrefixedInt(new ByteReader(hex("2a")), 8)).toBe(42);
	});
	it("keeps the flag bits above the prefix and ignores them when decoding", () => {
		const w = new ByteWriter();
		encodePrefixedInt(w, 3, 6, 0b1100_0000);
		expect(toHex(w.finish())).toBe("c3");
		expect(decodePrefixedInt(new ByteReader(hex("c3")), 6)).toBe(3);
	});
	it("round-trips values at and around every prefix boundary", () => {
		for (let prefix = 1; prefix <= 8; prefix++) {
			const max = (1 << prefix) - 1;
			for (const v of [0, max - 1, max, max + 1, max + 127, max + 128, 2 ** 32, Number.MAX_SAFE_INTEGER]) {
				const w = new ByteWriter();
				encodePrefixedInt(w, v, prefix);
				const r = new ByteReader(w.finish());
				expect(decodePrefixedInt(r, prefix)).toBe(v);
				expect(r.remaining).toBe(0);
			}
		}
	});
	it("throws SHORT on a truncated integer and RangeError on an oversized one", () => {
		expect(() => decodePrefixedInt(new ByteReader(hex("1f9a")), 5)).toThrow(expect.objectContaining(SHORT));
		expect(() => decodePrefixedInt(new ByteReader(hex("1fffffffffffffffffff7f")), 5)).toThrow(RangeError);
	});
});

describe("string literals (RFC 9204 §4.1.2)", () => {
	it("Huffman-codes only when shorter in auto mode", () => {
		const w = new ByteWriter();
		encodeStringLiteral(w, latin1ToBytes("www.example.com"), 7);
		// H=1, length 12, then the C.4.1 code.
		expect(toHex(w.finish())).toBe("8cf1e3c2e5f23a6ba0ab90f4ff");
		const raw = new ByteWriter();
		// Rare bytes take longer codes than 8 bits: stays raw.
		encodeStringLiteral(raw, Uint8Array.of(0x00, 0x01), 7);
		expect(toHex(raw.finish())).toBe("020001");
	});
	it("honours always / never and a 3-bit prefix with flags", () => {
		const w = new ByteWriter();
		encodeStringLiteral(w, latin1ToBytes("abc"), 3, 0b0010_0000, "never");
		expect(toHex(w.finish())).toBe("23616263");
		const h = new ByteWriter();
		encodeStringLiteral(h, latin1ToBytes("abc"), 3, 0b0010_0000, "always");
		const bytes = h.finish();
		expect(bytes[0]).toBe(0b0010_1000 | 2); // H set (bit 3), length 2
		expect(bytesToLatin1(decodeStringLiteral(new ByteReader(bytes), 3))).toBe("abc");
	});
	it("throws on a literal longer than its input, and RangeError on bad Huffman", () => {
		expect(() => decodeStringLiteral(new ByteReader(hex("05616263")), 7)).toThrow(expect.objectContaining(SHORT));
		expect(() => decodeStringLiteral(new ByteReader(hex("81ff")), 7)).toThrow(RangeError);
	});
});

describe("Latin-1 field text", () => {
	it("maps every byte to one character and back", () => {
		const all = Uint8Array.from({ length: 256 }, (_, i) => i);
		expect(latin1ToBytes(bytesToLatin1(all))).toEqual(all);
		expect(bytesToLatin1(new Uint8Array(10000).fill(0x61))).toBe("a".repeat(10000));
	});
	it("refuses characters wider than a byte", () => {
		expect(() => latin1ToBytes("é€")).toThrow(RangeError);
	});
});
