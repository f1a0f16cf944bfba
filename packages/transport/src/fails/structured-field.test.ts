import { describe, expect, it } from "vitest";
import { parseString, parseStringList, serializeString } from "./structured-field.js";

describe("RFC 9651 Strings for WT-Protocol / WT-Available-Protocols", () => {
	it("serialises with escapes, and refuses what a String cannot hold", () => {
		expect(serializeString("moqt-16")).toBe('"moqt-16"');
		expect(serializeString('a"b\\c')).toBe('"a\\"b\\\\c"');
		expect(serializeString("é")).toBeUndefined();
	});

	it("parses an Item, ignoring parameters, and rejects non-Strings", () => {
		expect(parseString('"moqt-16"')).toBe("moqt-16");
		expect(parseString(' "a\\"b\\\\c" ')).toBe('a"b\\c');
		expect(parseString('"moqt-16";q=1')).toBe("moqt-16");
		expect(parseString("moqt-16")).toBeUndefined();
		expect(parseString('"open')).toBeUndefined();
		expect(parseString('"a" junk')).toBeUndefined();
	});

	it("parses a List of Strings, or rejects it whole", () => {
		expect(parseStringList('"moqt-16", "moqt-15";x, "a,b"')).toEqual(["moqt-16", "moqt-15", "a,b"]);
		expect(parseStringList("")).toEqual([]);
		expect(parseStringList('"moqt-16", token')).toBeUndefined();
		expect(parseStringList('"moqt-16",')).toBeUndefined();
	});

	it("round-trips", () => {
		for (const value of ["", "moqt-16", 'q"uote', "back\\slash", "with, comma"]) {
			expect(parseString(serializeString(value) ?? "")).toBe(value);
		}
	});
});
