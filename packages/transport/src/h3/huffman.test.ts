import { describe, expect, it } from "vitest";
import { huffmanDecode, huffmanEncode, huffmanEncodedLength } from "./huffman.js";
import { hex, seededRandom, toHex } from "./test-helpers.js";

const text = (s: string) => new TextEncoder().encode(s);

// RFC 7541 Appendix C.4 (requests) and C.6 (responses): Huffman-coded string literals.
const RFC7541_EXAMPLES: [string, string][] = [
	["www.example.com", "f1e3c2e5f23a6ba0ab90f4ff"], // C.4.1
	["no-cache", "a8eb10649cbf"], // C.4.2
	["custom-key", "25a849e95ba97d7f"], // C.4.3
	["custom-value", "25a849e95bb8e8b4bf"], // C.4.3
	["302", "6402"], // C.6.1
	["private", "aec3771a4b"], // C.6.1
	["Mon, 21 Oct 2013 20:13:21 GMT", "d07abe941054d444a8200595040b8166e082a62d1bff"], // C.6.1
	["https://www.example.com", "9d29ad171863c78f0b97c8e9ae82ae43d3"], // C.6.1
	["307", "640eff"], // C.6.2
	["Mon, 21 Oct 2013 20:13:22 GMT", "d07abe941054d444a8200595040b8166e084a62d1bff"], // C.6.3
	["gzip", "9bd9ab"], // C.6.3
	[
		"foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1",
		"94e7821dd7f2e6c7b335dfdfcd5b3960d5af27087f3672c1ab270fb5291f9587316065c003ed4ee5b1063d5007",
	], // C.6.3
];

describe("Huffman code (RFC 7541 Appendix B)", () => {
	it.each(RFC7541_EXAMPLES)("encodes %j as in Appendix C", (plain, coded) => {
		expect(toHex(huffmanEncode(text(plain)))).toBe(coded);
		expect(huffmanEncodedLength(text(plain))).toBe(coded.length / 2);
	});
	it.each(RFC7541_EXAMPLES)("decodes %j as in Appendix C", (plain, coded) => {
		expect(new TextDecoder().decode(huffmanDecode(hex(coded)))).toBe(plain);
	});
	it("uses the Appendix B codes of single symbols (padding with ones)", () => {
		// 'a' = 00011 (5 bits), ' ' = 010100 (6), 0x00 = 1111111111000 (13), 0xff = 0x3ffffee (26).
		expect(toHex(huffmanEncode(Uint8Array.of(0x61)))).toBe("1f");
		expect(toHex(huffmanEncode(Uint8Array.of(0x20)))).toBe("53");
		expect(toHex(huffmanEncode(Uint8Array.of(0x00)))).toBe("ffc7");
		expect(toHex(huffmanEncode(Uint8Array.of(0xff)))).toBe("fffffbbf");
		// The three 30-bit codes: 0x0a, 0x0d, 0x16 = 0x3ffffffc, 0x3ffffffd, 0x3ffffffe.
		expect(toHex(huffmanEncode(Uint8Array.of(0x0a)))).toBe("fffffff3");
		expect(toHex(huffmanEncode(Uint8Array.of(0x0d)))).toBe("fffffff7");
		expect(toHex(huffmanEncode(Uint8Array.of(0x16)))).toBe("fffffffb");
	});
	it("round-trips every byte value alone and all together", () => {
		for (let b = 0; b < 256; b++) expect([...huffmanDecode(huffmanEncode(Uint8Array.of(b)))]).toEqual([b]);
		const all = Uint8Array.from({ length: 256 }, (_, i) => i);
		expect(huffmanDecode(huffmanEncode(all))).toEqual(all);
	});
	it("round-trips random strings", () => {
		const rand = seededRandom(0x9e3779b9);
		for (let i = 0; i < 2000; i++) {
			// Mostly printable ASCII (what headers hold), sometimes any byte.
			const wide = rand(4) === 0;
			const input = Uint8Array.from({ length: rand(64) }, () => (wide ? rand(256) : 0x20 + rand(95)));
			const coded = huffmanEncode(input);
			expect(coded.length).toBe(huffmanEncodedLength(input));
			expect(huffmanDecode(coded)).toEqual(input);
		}
	});
	it("decodes the empty string", () => {
		expect(huffmanDecode(new Uint8Array(0)).length).toBe(0);
		expect(huffmanEncode(new Uint8Array(0)).length).toBe(0);
	});
	it("rejects the EOS symbol (§5.2)", () => {
		expect(() => huffmanDecode(hex("ffffffff"))).toThrow(/EOS/);
		// '0' (00000) then EOS (30 ones) then 5 ones of padding.
		expect(() => huffmanDecode(hex("07ffffffff"))).toThrow(/EOS/);
	});
	it("rejects padding longer than 7 bits (§5.2)", () => {
		expect(() => huffmanDecode(hex("ff"))).toThrow(/longer than 7/);
		expect(() => huffmanDecode(hex("f1e3c2e5f23a6ba0ab90f4ffff"))).toThrow(/longer than 7/);
	});
	it("rejects padding that is not all ones (§5.2)", () => {
		// '0' alone is 00000 + 111; clear a padding bit.
		expect(toHex(huffmanEncode(text("0")))).toBe("07");
		expect(() => huffmanDecode(hex("06"))).toThrow(/not the EOS prefix/);
		expect(() => huffmanDecode(hex("00"))).toThrow(/not the EOS prefix/);
		// "www.example.com" ends in 4 bits of padding: 0xff → 0xfe.
		expect(() => huffmanDecode(hex("f1e3c2e5f23a6ba0ab90f4fe"))).toThrow(/not the EOS prefix/);
	});
});
