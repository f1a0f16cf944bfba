import { describe, expect, it } from "vitest";
import { QPACK_STATIC_TABLE, staticIndexOfField, staticIndexOfName } from "./qpack-static-table.js";

describe("QPACK static table (RFC 9204 Appendix A)", () => {
	it("has 99 entries from :authority to x-frame-options: sameorigin", () => {
		expect(QPACK_STATIC_TABLE).toHaveLength(99);
		expect(QPACK_STATIC_TABLE[0]).toEqual([":authority", ""]);
		expect(QPACK_STATIC_TABLE[98]).toEqual(["x-frame-options", "sameorigin"]);
	});
	it("holds the entries WebTransport CONNECT uses at their RFC indices", () => {
		// Indices as printed in RFC 9204 Appendix A.
		const expected: [number, string, string][] = [
			[1, ":path", "/"],
			[15, ":method", "CONNECT"],
			[17, ":method", "GET"],
			[23, ":scheme", "https"],
			[25, ":status", "200"],
			[27, ":status", "404"],
			[28, ":status", "503"],
			[63, ":status", "100"],
			[67, ":status", "400"],
			[68, ":status", "403"],
			[71, ":status", "500"],
			[72, "accept-language", ""],
			[90, "origin", ""],
			[95, "user-agent", ""],
		];
		for (const [index, name, value] of expected) {
			expect(QPACK_STATIC_TABLE[index]).toEqual([name, value]);
			expect(staticIndexOfField(name, value)).toBe(index);
		}
	});
	it("looks names up to their first index and misses unknown fields", () => {
		expect(staticIndexOfName(":authority")).toBe(0);
		expect(staticIndexOfName(":method")).toBe(15);
		expect(staticIndexOfName(":status")).toBe(24);
		expect(staticIndexOfName("origin")).toBe(90);
		expect(staticIndexOfName(":protocol")).toBeUndefined();
		expect(staticIndexOfField(":status", "429")).toBeUndefined();
	});
	it("has lowercase names and no duplicate name/value pair", () => {
		const seen = new Set<string>();
		for (const [name, value] of QPACK_STATIC_TABLE) {
			expect(name).toBe(name.toLowerCase());
			expect(seen.has(`${name}\0${value}`)).toBe(false);
			seen.add(`${name}\0${value}`);
		}
	});
});
