import { describe, expect, it } from "vitest";
import { FileFormatError } from "./errors.js";
import { JsonArrayScanner } from "./json-array-scanner.js";

const options = { maxElementChars: 1000, maxElements: 1000, file: "t.moq" };

function scanAll(chunks: string[], opts = options) {
	const scanner = new JsonArrayScanner(opts);
	const elements = chunks.flatMap((c) => scanner.push(c));
	return { elements, end: scanner.end() };
}

// Strings holding every structural character, escaped quotes and backslashes, and a non-BMP character.
const SAMPLE = `\uFEFF [ {"a":"x]},[{\\"\\\\","b":[1,{"c":[]}]} ,\n{"s":"😀\\\\"}, {} ]  \n`;
const ELEMENTS = ['{"a":"x]},[{\\"\\\\","b":[1,{"c":[]}]}', '{"s":"😀\\\\"}', "{}"];

describe("JsonArrayScanner", () => {
	it("splits a top-level array into the texts of its objects", () => {
		const { elements, end } = scanAll([SAMPLE]);
		expect(elements).toEqual(ELEMENTS);
		expect(end).toEqual({ complete: true });
		for (const e of elements) expect(() => JSON.parse(e)).not.toThrow();
	});

	it("gives the same elements however the input is split in two or three", () => {
		for (let i = 0; i <= SAMPLE.length; i++) {
			expect(scanAll([SAMPLE.slice(0, i), SAMPLE.slice(i)]).elements).toEqual(ELEMENTS);
			for (let j = i; j <= SAMPLE.length; j += 7) {
				expect(scanAll([SAMPLE.slice(0, i), SAMPLE.slice(i, j), SAMPLE.slice(j)]).elements).toEqual(ELEMENTS);
			}
		}
	});

	it("gives the same elements fed one character at a time", () => {
		expect(scanAll([...SAMPLE]).elements).toEqual(ELEMENTS);
	});

	it("scans a string of many escapes in one pass (a quadratic scan would time out here)", () => {
		const body = "\\\\".repeat(400_000);
		const { elements } = scanAll([`[{"a":"${body}"}]`], { ...options, maxElementChars: 1 << 21 });
		expect(elements[0]).toHaveLength(body.length + 8);
	});

	it("reads an empty array", () => {
		expect(scanAll(["[ ]"])).toEqual({ elements: [], end: { complete: true } });
	});

	it("reports how an unclosed array ends", () => {
		expect(scanAll([""]).end).toEqual({ complete: false, reason: "the file is empty", dropped: 0 });
		expect(scanAll(["[\n"]).end).toMatchObject({ complete: false, dropped: 0 });
		expect(scanAll(['[{"a":1},']).end).toEqual({
			complete: false,
			reason: "the array is not closed after 1 entries",
			dropped: 0,
		});
		const cut = scanAll(['[{"a":1},\n{"b":', '"x]']);
		expect(cut.elements).toEqual(['{"a":1}']);
		expect(cut.end).toEqual({
			complete: false,
			reason: "the array is not closed and entry 1 is cut off",
			dropped: 8,
		});
	});

	it.each([
		['{"a":1}', /t\.moq: expected "\[" to open the array, found "\{"/],
		["[1]", /t\.moq: entry 0: is not a JSON object \(found "1"\)/],
		['[{"a":1},]', /t\.moq: entry 1: is not a JSON object \(found "\]"\)/],
		['[{"a":1} {"b":2}]', /t\.moq: entry 0: expected "," or "\]" after the entry, found "\{"/],
		['[{"a":1}] x', /t\.moq: unexpected "x" after the closing "\]"/],
		[`[{${'"a":['.repeat(16)}${"]".repeat(16)}}]`, /entry 0: nests deeper than 16/],
	])("rejects %j", (text, message) => {
		const error = (() => {
			try {
				scanAll([text]);
			} catch (e) {
				return e;
			}
		})();
		expect(error).toBeInstanceOf(FileFormatError);
		expect((error as FileFormatError).code).toBe("malformed-json");
		expect((error as Error).message).toMatch(message);
	});

	it("enforces the element size limit, also across chunks", () => {
		const small = { ...options, maxElementChars: 10 };
		expect(() => scanAll(['[{"a":"0123456789"}]'], small)).toThrow(/entry 0: is longer than the limit of 10/);
		const scanner = new JsonArrayScanner(small);
		scanner.push('[{"a":"');
		expect(() => scanner.push("0123456789")).toThrow(FileFormatError);
	});

	it("enforces the element count limit", () => {
		expect(() => scanAll(["[{},{},{}]"], { ...options, maxElements: 2 })).toThrow(
			expect.objectContaining({ code: "too-large", entry: 2 }),
		);
	});
});
