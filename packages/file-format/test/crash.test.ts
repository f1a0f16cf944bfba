/**
 * Crash recovery: a recorder killed between flushes leaves complete files holding what it
 * flushed, and a metadata write cut off at any byte leaves a file the reader recovers.
 */

import { spawnSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { RecordingReader } from "../src/node/index.js";
import { collect, payloadOf, sameBytes, tempDir } from "./helpers.js";

const CHILD = fileURLToPath(new URL("crash-child.ts", import.meta.url));
const PACKAGE = fileURLToPath(new URL("..", import.meta.url));

describe("a recorder killed mid-recording", () => {
	it("leaves every flushed object readable, and the files valid", { timeout: 60_000 }, async () => {
		const dir = await tempDir();
		const child = spawnSync(process.execPath, ["--conditions=@moqt/source", "--import", "tsx", CHILD, dir], {
			cwd: PACKAGE,
			encoding: "utf8",
		});
		expect(child.stderr).toBe("");
		expect(child.signal).toBe("SIGKILL");

		const text = await readFile(join(dir, "ns-t.moq"), "utf8");
		expect(JSON.parse(text)).toHaveLength(50);
		await using reader = await RecordingReader.open(dir, { recover: false });
		const objects = await collect(reader.entries("ns-t.moq"));
		expect(objects.map((o) => o.entry.groupId)).toEqual(Array.from({ length: 50 }, (_, i) => BigInt(i)));
		for (const [i, o] of objects.entries()) expect(sameBytes(await o.payload(), payloadOf(100, i))).toBe(true);

		// The last flush wrote from just after entry 39 to the end. Cut it off at every byte, as a
		// crash inside that write would: entries 0–39 always survive, and so do the later ones
		// that were written whole.
		const lastWrite = text.indexOf("\n", text.indexOf('"groupID":39,')) - 1;
		expect(text[lastWrite]).toBe(",");
		// Where each entry's closing brace is (entries hold no nested objects): an entry survives a cut after it.
		const ends: number[] = [];
		for (let i = text.indexOf("}"); i !== -1; i = text.indexOf("}", i + 1)) ends.push(i);
		expect(ends).toHaveLength(50);
		for (let cut = lastWrite; cut < text.length - 1; cut++) {
			await writeFile(join(dir, "cut.moq"), text.slice(0, cut));
			let truncated = 0;
			await using cutReader = await RecordingReader.open(dir, { onTruncated: () => truncated++ });
			const survivors = await collect(cutReader.entries("cut.moq"));
			expect(survivors.length).toBeGreaterThanOrEqual(40);
			expect(survivors.length).toBe(ends.filter((end) => end < cut).length);
			expect(truncated).toBe(1);
			const last = survivors[survivors.length - 1]!;
			expect(sameBytes(await last.payload(), payloadOf(100, survivors.length - 1))).toBe(true);
		}
	});
});
