/**
 * `moqt inspect` as a process on known recordings: one written here with gaps, a duplicate,
 * statuses and receive times; the draft's own example (fields ending in newlines); a damaged one.
 */

import { appendFile } from "node:fs/promises";
import { join } from "node:path";
import type { ObjectMetadata } from "@moqt/file-format";
import { RecordingWriter } from "@moqt/file-format/node";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { moqt, ROOT, stopAll } from "./processes.js";
import { tempDir } from "./recordings.js";

let temp: Awaited<ReturnType<typeof tempDir>>;
let known: string;
const utf8 = (s: string) => new TextEncoder().encode(s);
const T0 = 1_700_000_000_000;

beforeAll(async () => {
	temp = await tempDir();
	known = join(temp.path, "known");
	const writer = await RecordingWriter.create(known);
	const video = { trackNamespace: [utf8("demo"), utf8("inspect")], trackName: utf8("video") };
	const audio = { trackNamespace: [utf8("demo"), utf8("inspect")], trackName: utf8("audio") };
	const add = (track: typeof video, group: number, object: number, time: number | undefined, status = 0) => {
		const entry: ObjectMetadata = {
			...track,
			groupId: BigInt(group),
			subgroupId: 0n,
			objectId: BigInt(object),
			objectStatus: status,
			...(time !== undefined && { receiveTime: T0 + time }),
		};
		return writer.append(entry, status === 0 ? new Uint8Array(10) : new Uint8Array(0));
	};
	// video: group 0 whole with End of Group, group 1 without object 1, no group 2, object 0/1 twice.
	await add(video, 0, 0, 0);
	await add(video, 0, 1, 100);
	await add(video, 0, 2, 200);
	await add(video, 0, 3, 250, 3);
	await add(video, 1, 0, 300);
	await add(video, 1, 2, 500);
	await add(video, 0, 1, 600);
	await add(video, 3, 0, 1500);
	// audio: one object, no receive time.
	await add(audio, 5, 0, undefined);
	await writer.close();
});

afterAll(async () => {
	await stopAll();
	await temp?.remove();
});

describe("moqt inspect", () => {
	test("reports tracks (in file-name order), groups, objects, bytes, duration, gaps, duplicates and statuses", async () => {
		const child = moqt(["inspect", known]);
		expect(await child.code(), child.output).toBe(0);
		expect(child.stdout.slice(1)).toEqual([
			"  2 tracks, 9 objects, 80 B (80 bytes), duration 1.500 s",
			"track demo/inspect/audio",
			"  objects 1, groups 1 (5-5), 10 B (10 bytes), duration unknown (no receive times)",
			"  missing groups: none",
			"  missing objects: none",
			"  duplicates: 0",
			"  statuses: normal 1",
			"track demo/inspect/video",
			"  objects 8, groups 3 (0-3), 70 B (70 bytes), duration 1.500 s",
			"  missing groups: 2",
			"  missing objects: group 1: 1",
			"  duplicates: 1",
			"  statuses: normal 7, end-of-group 1",
			"files",
			"  demo.inspect-audio.moq: 1 entries",
			"  demo.inspect-video.moq: 8 entries",
		]);
		expect(child.stdout[0]).toMatch(/^recording \/.*\/known$/);
	});

	test("--json gives the same figures with IDs as strings", async () => {
		const child = moqt(["inspect", known, "--json"]);
		expect(await child.code(), child.output).toBe(0);
		const report = JSON.parse(child.stdout.join("\n"));
		expect(report).toMatchObject({ objects: 9, bytes: 80, durationMs: 1500 });
		// Tracks in the order they are first seen, files in name order.
		expect(report.tracks[1]).toMatchObject({
			namespace: ["demo", "inspect"],
			name: "video",
			objects: 8,
			groups: 3,
			firstGroup: "0",
			lastGroup: "3",
			missingGroups: [{ first: "2", last: "2" }],
			missingObjects: [{ group: "1", missing: [{ first: "1", last: "1" }] }],
			duplicates: 1,
			statuses: [
				{ status: 0, count: 7 },
				{ status: 3, count: 1 },
			],
		});
		expect(report.files.map((f: { file: string }) => f.file)).toEqual([
			"demo.inspect-audio.moq",
			"demo.inspect-video.moq",
		]);
	});

	test("the draft's example: control characters in names are escaped", async () => {
		const child = moqt(["inspect", join(ROOT, "packages/file-format/test/fixtures/draft-05")]);
		expect(await child.code(), child.output).toBe(0);
		expect(child.stdout).toContain("track moq-time.arpa\\n/time-v1\\n/mac:72:5c:f0:7c:bf:b0");
		expect(child.stdout).toContain("  objects 1, groups 1 (123-123), 25 B (25 bytes), duration 0.000 s");
		expect(child.stdout).toContain("  time1.moq: 1 entries");
	});

	test("a damaged file is reported with exit code 1; the others are still summarized", async () => {
		const damaged = join(temp.path, "damaged");
		const writer = await RecordingWriter.create(damaged);
		const track = { trackNamespace: [utf8("d")], trackName: utf8("ok") };
		await writer.append({ ...track, groupId: 0n, subgroupId: 0n, objectId: 0n }, utf8("fine"));
		await writer.append({ ...track, trackName: utf8("bad"), groupId: 0n, subgroupId: 0n, objectId: 0n }, utf8("x"));
		await writer.close();
		// Data after the closing bracket: not a JSON array any more.
		await appendFile(join(damaged, "d-bad.moq"), "garbage");
		const child = moqt(["inspect", damaged]);
		expect(await child.code(), child.output).toBe(1);
		expect(child.stdout).toContain("  d-ok.moq: 1 entries");
		expect(child.stdout.find((line) => line.startsWith("  d-bad.moq:"))).toMatch(/ERROR .*d-bad\.moq/);
	});

	test("a path that is not a recording fails with exit code 1", async () => {
		const child = moqt(["inspect", join(temp.path, "nowhere")]);
		expect(await child.code(), child.output).toBe(1);
		expect(child.stderr.join("\n")).toMatch(/^moqt inspect: .*nowhere/m);
	});
});
