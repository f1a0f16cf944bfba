import { describe, expect, it } from "vitest";
import { encodeEntry } from "./entry-encode.js";
import { FileFormatError } from "./errors.js";
import { MetadataParser, parseMetadata, readMetadata, type Truncation } from "./metadata-reader.js";
import { encodeMetadata } from "./metadata-writer.js";
import type { ObjectMetadata } from "./types.js";

const utf8 = (s: string) => new TextEncoder().encode(s);

function object(i: number): ObjectMetadata & { dataFile: string; dataOffset: number; dataLength: number } {
	return {
		trackNamespace: [utf8("ns"), utf8("é")],
		trackName: utf8("track"),
		groupId: BigInt(i >> 2),
		subgroupId: 0n,
		objectId: BigInt(i & 3),
		publisherPriority: i % 256,
		receiveTime: 1_700_000_000_000 + i,
		extensions: [{ type: 1n, value: utf8("😀") }],
		// A non-ASCII file name, so multi-byte UTF-8 sequences get split across chunks.
		dataFile: "données.dat",
		dataOffset: i * 10,
		dataLength: 10,
	};
}

const OBJECTS = Array.from({ length: 20 }, (_, i) => object(i));
const FILE = encodeMetadata(OBJECTS);
const BYTES = utf8(FILE);

describe("reading metadata", () => {
	it("encodeMetadata writes one entry per line inside [ ]", () => {
		const lines = FILE.split("\n");
		expect(lines[0]).toBe("[");
		expect(lines[1]).toBe(`${encodeEntry(OBJECTS[0]!)},`);
		expect(lines.slice(-2)).toEqual(["]", ""]);
		expect(JSON.parse(FILE)).toHaveLength(20);
		expect(encodeMetadata([])).toBe("[\n]\n");
		expect(parseMetadata(encodeMetadata([]), { recover: false })).toEqual([]);
	});

	it("parseMetadata reads text and bytes", () => {
		expect(parseMetadata(FILE)).toEqual(OBJECTS);
		expect(parseMetadata(BYTES)).toEqual(parseMetadata(FILE));
	});

	it("gives the same entries for byte chunks of every size, splitting UTF-8 sequences", async () => {
		const expected = parseMetadata(FILE);
		for (const size of [1, 2, 3, 7, 64, 1000]) {
			const chunks: Uint8Array[] = [];
			for (let i = 0; i < BYTES.length; i += size) chunks.push(BYTES.subarray(i, i + size));
			const got = [];
			for await (const e of readMetadata(chunks, { recover: false })) got.push(e);
			expect(got).toEqual(expected);
		}
	});

	it("yields entries before the input ends (streaming)", () => {
		const parser = new MetadataParser();
		const half = FILE.indexOf("\n", FILE.length >> 1);
		const first = parser.push(FILE.slice(0, half));
		expect(first.length).toBeGreaterThan(5);
		expect(parser.entries).toBe(first.length);
		expect(first.length + parser.push(FILE.slice(half)).length).toBe(20);
		expect(parser.end()).toBeUndefined();
	});

	it("recovers every complete entry of an unclosed array, at any cut", () => {
		const firstTen = encodeMetadata(OBJECTS.slice(0, 10)).length - "\n]\n".length;
		for (let cut = firstTen; cut < FILE.length - 2; cut++) {
			const truncations: Truncation[] = [];
			const entries = parseMetadata(FILE.slice(0, cut), { file: "x.moq", onTruncated: (t) => truncations.push(t) });
			expect(entries.length).toBeGreaterThanOrEqual(10);
			expect(entries).toEqual(parseMetadata(FILE).slice(0, entries.length));
			expect(truncations).toEqual([expect.objectContaining({ file: "x.moq", entries: entries.length })]);
		}
	});

	it("recovers a file cut inside a multi-byte character", () => {
		const cut = BYTES.indexOf(0xc3, BYTES.length >> 1) + 1;
		const truncations: Truncation[] = [];
		const entries = parseMetadata(BYTES.subarray(0, cut), { onTruncated: (t) => truncations.push(t) });
		expect(entries.length).toBeGreaterThan(5);
		expect(truncations[0]?.droppedChars).toBeGreaterThan(0);
	});

	it("refuses a truncated file when recovery is off", () => {
		expect(() => parseMetadata(FILE.slice(0, -3), { file: "x.moq", recover: false })).toThrow(
			expect.objectContaining({ code: "truncated", message: "x.moq: the array is not closed after 20 entries" }),
		);
		expect(() => parseMetadata("", { file: "x.moq", recover: false })).toThrow("x.moq: the file is empty");
	});

	it("reports invalid UTF-8 with the entry it was in", () => {
		const bad = BYTES.slice();
		const at = BYTES.indexOf(utf8("[")[0]!) + 40;
		bad[at] = 0xff;
		expect(() => parseMetadata(bad, { file: "x.moq" })).toThrow(
			expect.objectContaining({ code: "invalid-utf8", entry: 0 }),
		);
		expect(() => parseMetadata(Uint8Array.of(...utf8("[]"), 0xc3), { file: "x.moq" })).toThrow(
			expect.objectContaining({ code: "invalid-utf8" }),
		);
	});

	it("names the file and entry of a JSON error inside an entry", () => {
		const broken = FILE.replace('"objectID":1,', '"objectID":1,,');
		expect(() => parseMetadata(broken, { file: "x.moq" })).toThrow(
			expect.objectContaining({
				code: "malformed-json",
				message: expect.stringMatching(/^x\.moq: entry 1: expected a string key at character \d+$/),
			}),
		);
	});

	it("applies limits", () => {
		expect(() => parseMetadata(FILE, { limits: { maxEntries: 3 } })).toThrow(
			expect.objectContaining({ code: "too-large", entry: 3 }),
		);
		expect(() => parseMetadata(FILE, { limits: { maxEntryChars: 100 } })).toThrow(
			expect.objectContaining({ code: "too-large", entry: 0 }),
		);
		expect(() => parseMetadata(FILE, { limits: { maxDataLength: 9 } })).toThrow(FileFormatError);
	});
});
