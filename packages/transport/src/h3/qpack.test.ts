import { describe, expect, it } from "vitest";
import { H3Error } from "./errors.js";
import { decodeFieldSection, encodeFieldSection, type HeaderField } from "./qpack.js";
import { hex, toHex } from "./test-helpers.js";

// What Chromium sends to open a draft-02 WebTransport session (measured field list).
const CHROMIUM_CONNECT: HeaderField[] = [
	{ name: ":method", value: "CONNECT" },
	{ name: ":protocol", value: "webtransport" },
	{ name: ":scheme", value: "https" },
	{ name: ":authority", value: "localhost:4443" },
	{ name: ":path", value: "/moq?token=abc" },
	{ name: "sec-webtransport-http3-draft02", value: "1" },
	{ name: "origin", value: "https://localhost:8080" },
	{ name: "user-agent", value: "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0.0.0" },
	{ name: "wt-available-protocols", value: '"moqt-16", "moq-00"' },
];

function expectQpackError(block: Uint8Array, code: string): void {
	try {
		decodeFieldSection(block);
	} catch (e) {
		expect(H3Error.isInstance(e)).toBe(true);
		expect((e as H3Error).code).toBe(code);
		return;
	}
	throw new Error("expected the field section to be rejected");
}

describe("QPACK field sections (RFC 9204 §4.5)", () => {
	it("decodes RFC 9204 Appendix B.1 (literal with static name reference)", () => {
		expect(decodeFieldSection(hex("0000 510b 2f69 6e64 6578 2e68 746d 6c"))).toEqual([
			{ name: ":path", value: "/index.html" },
		]);
	});
	it("encodes exact static matches as indexed field lines", () => {
		// :method CONNECT = 15, :scheme https = 23, :status 200 = 25 (1T + 6-bit index).
		const block = encodeFieldSection([
			{ name: ":method", value: "CONNECT" },
			{ name: ":scheme", value: "https" },
			{ name: ":status", value: "200" },
		]);
		expect(toHex(block)).toBe("0000cfd7d9");
	});
	it("encodes a static name reference with a literal value", () => {
		// :authority = index 0 → 0101 0000; value "a" Huffman is 1 byte, not shorter than raw.
		expect(toHex(encodeFieldSection([{ name: ":authority", value: "a" }], { huffman: "never" }))).toBe(
			"00005001" + "61",
		);
		expect(toHex(encodeFieldSection([{ name: ":path", value: "/index.html" }], { huffman: "never" }))).toBe(
			"0000510b2f696e6465782e68746d6c",
		);
	});
	it("encodes a literal name with the 3-bit length prefix", () => {
		expect(toHex(encodeFieldSection([{ name: "x-a", value: "b" }], { huffman: "never" }))).toBe("000023782d610162");
	});
	it.each(["auto", "always", "never"] as const)("round-trips a Chromium CONNECT (huffman %s)", (huffman) => {
		const block = encodeFieldSection(CHROMIUM_CONNECT, { huffman });
		expect(decodeFieldSection(block)).toEqual(CHROMIUM_CONNECT);
	});
	it("makes Huffman-coded sections shorter in auto mode", () => {
		const auto = encodeFieldSection(CHROMIUM_CONNECT).length;
		const never = encodeFieldSection(CHROMIUM_CONNECT, { huffman: "never" }).length;
		expect(auto).toBeLessThan(never);
	});
	it("round-trips values with any byte and an empty value", () => {
		const fields = [
			{ name: "x-bytes", value: String.fromCharCode(...Array.from({ length: 256 }, (_, i) => i)) },
			{ name: "x-empty", value: "" },
			{ name: ":authority", value: "" },
		];
		expect(decodeFieldSection(encodeFieldSection(fields))).toEqual(fields);
	});
	it("decodes Huffman-coded literal names (H bit of the 3-bit prefix)", () => {
		// A literal name has the pattern 001 N H: the H bit (0x08) marks its Huffman coding.
		const block = encodeFieldSection([{ name: "wt-available-protocols", value: '"moqt-16"' }], { huffman: "always" });
		expect(block[2]! & 0b1110_1000).toBe(0b0010_1000);
		expect(decodeFieldSection(block)).toEqual([{ name: "wt-available-protocols", value: '"moqt-16"' }]);
	});
	it("rejects a non-zero Required Insert Count", () => {
		expectQpackError(hex("0100d9"), "QPACK_DECOMPRESSION_FAILED");
	});
	it("rejects a negative Base (sign bit with Required Insert Count 0)", () => {
		expectQpackError(hex("0080d9"), "QPACK_DECOMPRESSION_FAILED");
	});
	it("rejects every dynamic table reference", () => {
		expectQpackError(hex("000080"), "QPACK_DECOMPRESSION_FAILED"); // indexed, T=0
		expectQpackError(hex("000010"), "QPACK_DECOMPRESSION_FAILED"); // post-base indexed
		expectQpackError(hex("0000400161"), "QPACK_DECOMPRESSION_FAILED"); // literal, dynamic name
		expectQpackError(hex("0000000161"), "QPACK_DECOMPRESSION_FAILED"); // literal, post-base name
	});
	it("rejects a static index past the table", () => {
		// Index 99 with a 6-bit prefix: 63 + 36.
		expectQpackError(hex("0000ff24"), "QPACK_DECOMPRESSION_FAILED");
		expect(decodeFieldSection(hex("0000ff23"))).toEqual([{ name: "x-frame-options", value: "sameorigin" }]);
	});
	it("rejects truncated sections and bad Huffman", () => {
		expectQpackError(hex(""), "QPACK_DECOMPRESSION_FAILED");
		expectQpackError(hex("00"), "QPACK_DECOMPRESSION_FAILED");
		expectQpackError(hex("0000510b2f69"), "QPACK_DECOMPRESSION_FAILED");
		expectQpackError(hex("00005081ff"), "QPACK_DECOMPRESSION_FAILED"); // padding of 8 ones
		expectQpackError(hex("0000ff"), "QPACK_DECOMPRESSION_FAILED"); // index continues past the end
	});
	it("limits the decoded size as RFC 9114 §4.2.2 counts it (name + value + 32)", () => {
		const fields = [{ name: "x-a", value: "v".repeat(61) }]; // 3 + 61 + 32 = 96
		const block = encodeFieldSection(fields);
		expect(decodeFieldSection(block, { maxFieldSectionSize: 96 })).toEqual(fields);
		try {
			decodeFieldSection(block, { maxFieldSectionSize: 95 });
			throw new Error("expected a limit error");
		} catch (e) {
			expect((e as H3Error).code).toBe("H3_EXCESSIVE_LOAD");
			expect((e as H3Error).scope).toBe("stream");
		}
	});
	it("refuses to encode characters wider than a byte", () => {
		expect(() => encodeFieldSection([{ name: "x", value: "€" }])).toThrow(RangeError);
	});
});
