/**
 * Malformed and hostile recordings (draft-jennings-moq-file-05 §8 "Security Considerations"):
 * each fails with a FileFormatError naming the file, the entry and what is wrong; nothing is read
 * from outside the recording and nothing is written outside the output directory.
 */

import { mkdir, readdir, readFile, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type EntryFields, encodeMetadata } from "../src/index.js";
import { inspectRecording, RecordingReader, RecordingWriter } from "../src/node/index.js";
import { collect, objectOf, tempDir, utf8 } from "./helpers.js";

/** A valid entry as JSON, with `changes` applied (undefined deletes a key). */
function entryJson(changes: Record<string, unknown> = {}): string {
	const base: Record<string, unknown> = {
		trackNamespace: ["bnM"],
		trackName: "dA",
		groupID: 0,
		objectID: 0,
		dataFile: "t.dat",
		dataOffset: 0,
		dataLength: 4,
		...changes,
	};
	for (const [k, v] of Object.entries(changes)) if (v === undefined) delete base[k];
	return JSON.stringify(base);
}

/** A recording directory holding `t.moq` with `text` and a 16-byte `t.dat`. */
async function recording(text: string): Promise<string> {
	const dir = await tempDir();
	await writeFile(join(dir, "t.moq"), text);
	await writeFile(join(dir, "t.dat"), "0123456789abcdef");
	return dir;
}

/** Reads every entry of t.moq and every payload; returns the error. */
async function readAll(dir: string): Promise<unknown> {
	await using reader = await RecordingReader.open(dir);
	try {
		for await (const object of reader.entries("t.moq")) await object.payload();
	} catch (e) {
		return e;
	}
	return undefined;
}

describe("malformed metadata", () => {
	it.each([
		["bad JSON", `[${entryJson()},\n{"groupID": 1,,}]`, "malformed-json", 1, /t\.moq: entry 1: expected a string key/],
		["not an array", entryJson(), "malformed-json", undefined, /t\.moq: expected "\[" to open the array/],
		[
			"a missing field",
			`[${entryJson({ objectID: undefined })}]`,
			"invalid-entry",
			0,
			/t\.moq: entry 0: objectID: is missing/,
		],
		[
			"a wrong type",
			`[${entryJson()},${entryJson({ groupID: [1] })}]`,
			"invalid-entry",
			1,
			/entry 1: groupID: expected an integer, got array/,
		],
		[
			"a negative offset",
			`[${entryJson({ dataOffset: -1 })}]`,
			"invalid-entry",
			0,
			/dataOffset: expected a non-negative integer/,
		],
		[
			"an exponent",
			`[${entryJson().replace('"dataLength":4', '"dataLength":1e15')}]`,
			"invalid-entry",
			0,
			/dataLength: expected a non-negative integer, got "1e15"/,
		],
		[
			"a length past 2^53",
			`[${entryJson().replace('"dataLength":4', `"dataLength":${"9".repeat(30)}`)}]`,
			"invalid-entry",
			0,
			/dataLength: 9{30} is more than the maximum 9007199254740991/,
		],
		[
			"a length over the limit",
			`[${entryJson({ dataLength: 2 ** 40 })}]`,
			"too-large",
			0,
			/dataLength: 1099511627776 bytes is more than the limit/,
		],
		[
			"an offset past the end",
			`[${entryJson({ dataOffset: 13 })}]`,
			"out-of-range",
			0,
			/dataOffset 13 \+ dataLength 4 runs past the end of "t\.dat" \(16 bytes\)/,
		],
		["a length past the end", `[${entryJson({ dataLength: 17 })}]`, "out-of-range", 0, /runs past the end/],
		[
			"path traversal",
			`[${entryJson({ dataFile: "../../etc/passwd" })}]`,
			"unsafe-path",
			0,
			/dataFile: "\.\.\/\.\.\/etc\/passwd" climbs out/,
		],
		["an absolute path", `[${entryJson({ dataFile: "/etc/passwd" })}]`, "unsafe-path", 0, /is absolute/],
		[
			"a missing data file",
			`[${entryJson({ dataFile: "nope.dat" })}]`,
			"missing-file",
			0,
			/"nope\.dat" cannot be opened/,
		],
		[
			"a directory as data file",
			`[${entryJson({ dataFile: "sub" })}]`,
			"missing-file",
			0,
			/"sub" is not a regular file/,
		],
		[
			"trailing garbage",
			`[${entryJson()}]\nrm -rf /`,
			"malformed-json",
			undefined,
			/unexpected "r" after the closing "\]"/,
		],
		[
			"a huge entry",
			`[{"pad":"${"x".repeat(2 << 20)}"}]`,
			"too-large",
			0,
			/entry 0: is longer than the limit of 1048576/,
		],
	])("%s fails clearly", async (_, text, code, entry, message) => {
		const dir = await recording(text);
		await mkdir(join(dir, "sub"));
		const error = await readAll(dir);
		expect(error).toMatchObject({ name: "FileFormatError", code, file: "t.moq", entry });
		expect((error as Error).message).toMatch(message);
	});

	it("reports a bad file in inspect and still summarizes the others", async () => {
		const dir = await recording(`[${entryJson()},${entryJson({ objectID: 1, dataOffset: 15 })}]`);
		await writeFile(join(dir, "u.moq"), `[${entryJson({ trackName: "dQ" })}]`);
		const inspection = await inspectRecording(dir);
		expect(inspection.files).toEqual([
			{
				file: "t.moq",
				entries: 1,
				truncation: undefined,
				error: expect.objectContaining({ code: "out-of-range", entry: 1 }),
			},
			{ file: "u.moq", entries: 1, truncation: undefined, error: undefined },
		]);
		expect(inspection.objects).toBe(2);
	});
});

describe("symbolic links", () => {
	it("refuses a data file that links outside the recording", async () => {
		const outside = await tempDir();
		await writeFile(join(outside, "id_rsa"), "SECRET KEY");
		const dir = await recording(`[${entryJson({ dataFile: "key.dat" })}]`);
		await symlink(join(outside, "id_rsa"), join(dir, "key.dat"));
		const error = await readAll(dir);
		expect(error).toMatchObject({ code: "unsafe-path", file: "t.moq", entry: 0, field: "dataFile" });
		expect((error as Error).message).toMatch(/"key\.dat" is a link to ".*id_rsa", outside the recording/);
		expect((error as Error).message).not.toMatch(/SECRET/);
	});

	it("refuses a data file inside a linked directory that leads outside", async () => {
		const outside = await tempDir();
		await writeFile(join(outside, "x.dat"), "0123");
		const dir = await recording(`[${entryJson({ dataFile: "media/x.dat" })}]`);
		await symlink(outside, join(dir, "media"));
		expect(await readAll(dir)).toMatchObject({ code: "unsafe-path" });
	});

	it("refuses a metadata file that links outside", async () => {
		const outside = await tempDir();
		await writeFile(join(outside, "evil.moq"), `[${entryJson()}]`);
		const dir = await tempDir();
		await symlink(join(outside, "evil.moq"), join(dir, "t.moq"));
		await using reader = await RecordingReader.open(dir);
		await expect(collect(reader.entries("t.moq"))).rejects.toMatchObject({ code: "unsafe-path", file: "t.moq" });
		await expect(collect(reader.entries("../x.moq"))).rejects.toMatchObject({ code: "unsafe-path" });
	});

	it("follows links that stay inside the recording", async () => {
		const dir = await recording(`[${entryJson({ dataFile: "alias.dat" })}]`);
		await symlink("t.dat", join(dir, "alias.dat"));
		await using reader = await RecordingReader.open(dir);
		const [object] = await collect(reader.entries("t.moq"));
		expect(await object!.payload()).toEqual(utf8("0123"));
	});
});

describe("crash leftovers", () => {
	it("recovers the complete entries of an unclosed array and says so", async () => {
		const full = encodeMetadata([0, 1, 2].map(entryFields));
		const dir = await recording(full.slice(0, full.lastIndexOf("{") + 20));
		const truncations: unknown[] = [];
		await using reader = await RecordingReader.open(dir, { onTruncated: (t) => truncations.push(t) });
		const objects = await collect(reader.entries("t.moq"));
		expect(objects.map((o) => o.entry.objectId)).toEqual([0n, 1n]);
		expect(await objects[1]!.payload()).toEqual(utf8("4567"));
		expect(truncations).toEqual([
			{ file: "t.moq", entries: 2, reason: "the array is not closed and entry 2 is cut off", droppedChars: 20 },
		]);
		await using strict = await RecordingReader.open(dir, { recover: false });
		await expect(collect(strict.entries("t.moq"))).rejects.toMatchObject({ code: "truncated", file: "t.moq" });
		expect((await inspectRecording(dir)).files[0]).toMatchObject({ entries: 2, truncation: { entries: 2 } });
	});
});

function entryFields(i: number): EntryFields {
	return {
		trackNamespace: [utf8("ns")],
		trackName: utf8("t"),
		groupId: 0n,
		objectId: BigInt(i),
		dataFile: "t.dat",
		dataOffset: 4 * i,
		dataLength: 4,
	};
}

describe("the writer stays inside its directory", () => {
	it("escapes hostile track names into plain file names", async () => {
		const parent = await tempDir();
		const dir = join(parent, "out");
		const writer = await RecordingWriter.create(dir);
		const hostile = [
			{ trackNamespace: [utf8("..")], trackName: utf8("..") },
			{ trackNamespace: [utf8("/etc")], trackName: utf8("passwd") },
			{ trackNamespace: [utf8("..\\..")], trackName: utf8("../../x") },
			{ trackNamespace: [], trackName: utf8("") },
			{ trackNamespace: [utf8("a"), utf8("")], trackName: utf8("\u0000") },
		];
		for (const [i, track] of hostile.entries())
			await writer.append({ ...track, groupId: 0n, objectId: 0n }, utf8(`#${i}`));
		await writer.close();
		expect(await readdir(parent)).toEqual(["out"]);
		const names = await readdir(dir);
		expect(names).toHaveLength(10);
		for (const name of names) expect(name).toMatch(/^[0-9A-Za-z%.+-]+\.(moq|dat)$/);
		expect(names).toContain("%2e%2e-%2e%2e.moq");
		expect(names).toContain("%2fetc-passwd.moq");
		await using reader = await RecordingReader.open(dir);
		expect((await reader.tracks()).map((t) => t.trackName)).toEqual(
			expect.arrayContaining(hostile.map((t) => t.trackName)),
		);
	});

	it("does not write through a symlink planted at a file's name", async () => {
		const outside = await tempDir();
		await writeFile(join(outside, "victim"), "untouched");
		const dir = await tempDir();
		await symlink(join(outside, "victim"), join(dir, "ns-t.moq"));
		const writer = await RecordingWriter.create(dir);
		await writer.append(objectOf("t", 0n, 0n), utf8("payload"));
		await expect(writer.close()).rejects.toMatchObject({ code: "file-exists", file: "ns-t.moq" });
		expect(await readFile(join(outside, "victim"), "utf8")).toBe("untouched");
		expect(await readdir(outside)).toEqual(["victim"]);
	});

	it("shortens a name too long for a file system, keeping it unique", async () => {
		const dir = await tempDir();
		const writer = await RecordingWriter.create(dir);
		const long = (c: string) => ({ trackNamespace: [utf8("n".repeat(300))], trackName: utf8(c.repeat(2000)) });
		await writer.append({ ...long("a"), groupId: 0n, objectId: 0n }, utf8("a"));
		await writer.append({ ...long("b"), groupId: 0n, objectId: 0n }, utf8("b"));
		await writer.close();
		const names = writer.metadataFiles;
		expect(new Set(names).size).toBe(2);
		for (const name of names) expect(name.length).toBeLessThanOrEqual(204);
		await using reader = await RecordingReader.open(dir);
		expect((await reader.tracks()).map((t) => t.trackName.length)).toEqual([2000, 2000]);
	});
});
