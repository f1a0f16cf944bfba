/**
 * The example of draft-jennings-moq-file-05 §6.1 and -00 §6.1 ("Time Object Example"), read from
 * copies of the draft's own files (see fixtures/README.md).
 */

import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { encodeEntry, parseMetadata } from "../src/index.js";
import { inspectRecording, RecordingReader, RecordingWriter } from "../src/node/index.js";
import { collect, tempDir, utf8 } from "./helpers.js";

const fixture = (path: string) => fileURLToPath(new URL(`fixtures/${path}`, import.meta.url));
const TIME = utf8('{"time":17294570764566}\n\n');
const TRACK_NAME = utf8("mac:72:5c:f0:7c:bf:b0");

const EXPECTED = {
	trackName: TRACK_NAME,
	groupId: 123n,
	subgroupId: 0n,
	objectId: 0n,
	forwardingPreference: undefined,
	objectStatus: undefined,
	publisherPriority: 0,
	maxCacheDuration: 3600000n,
	deliveryTimeout: 60000n,
	receiveTime: 1729457464000,
	extensions: [],
	dataFile: "time1.dat",
	dataOffset: 0,
	dataLength: 25,
};

describe("the draft's example", () => {
	it("-05 §6.1 reads correctly, payload included", async () => {
		await using reader = await RecordingReader.open(fixture("draft-05"));
		const [track, ...others] = await reader.tracks();
		expect(others).toEqual([]);
		// The example's base64 decodes to fields ending in a newline; they are kept as recorded.
		expect(track).toEqual({
			trackNamespace: [utf8("moq-time.arpa\n"), utf8("time-v1\n")],
			trackName: TRACK_NAME,
			files: ["time1.moq"],
		});
		const [object] = await collect(reader.objects(track!));
		expect(object!.entry).toEqual({ ...EXPECTED, trackNamespace: track!.trackNamespace });
		expect(await object!.payload()).toEqual(TIME);
	});

	it("-00 §6.1 (the namespace as one string, short padding) reads correctly", async () => {
		await using reader = await RecordingReader.open(fixture("draft-00/time1.moq"));
		const [object] = await collect(reader.entries("time1.moq"));
		expect(object!.entry).toEqual({ ...EXPECTED, trackNamespace: [utf8("moq://moq-time.arpa/time-v1/")] });
		expect(await object!.payload()).toEqual(TIME);
	});

	it("-05 §6.1 re-encodes in the strict -05 spelling and records identically", async () => {
		const [entry] = parseMetadata(await readFile(fixture("draft-05/time1.moq")), { recover: false });
		expect(JSON.parse(encodeEntry(entry!))).toEqual({
			trackNamespace: ["bW9xLXRpbWUuYXJwYQo", "dGltZS12MQo"],
			trackName: "bWFjOjcyOjVjOmYwOjdjOmJmOmIw",
			objectID: 0,
			groupID: 123,
			subgroupID: 0,
			publisherPriority: 0,
			maxCacheDuration: 3600000,
			publisherDeliveryTimeout: 60000,
			receiveTime: 1729457464000,
			dataFile: "time1.dat",
			dataOffset: 0,
			dataLength: 25,
		});

		const dir = await tempDir();
		const writer = await RecordingWriter.create(dir);
		await writer.append(entry!, TIME);
		await writer.close();
		// Namespace (moq-time.arpa\n, time-v1\n) and name mac:72:5c:f0:7c:bf:b0, -05 §3.2-encoded.
		expect(writer.metadataFiles).toEqual(["moq%2dtime%2earpa%0a.time%2dv1%0a-mac%3a72%3a5c%3af0%3a7c%3abf%3ab0.moq"]);
		await using reader = await RecordingReader.open(dir);
		const [object] = await collect(reader.entries(writer.metadataFiles[0]!));
		expect(object!.entry).toEqual({
			...entry,
			dataFile: "moq%2dtime%2earpa%0a.time%2dv1%0a-mac%3a72%3a5c%3af0%3a7c%3abf%3ab0.dat",
		});
		expect(await object!.payload()).toEqual(TIME);
	});

	it("inspects as one track, one object, 25 bytes", async () => {
		const inspection = await inspectRecording(fixture("draft-05"));
		expect(inspection).toMatchObject({ objects: 1, bytes: 25, durationMs: 0 });
		expect(inspection.files).toEqual([{ file: "time1.moq", entries: 1, truncation: undefined, error: undefined }]);
		expect(inspection.tracks[0]).toMatchObject({ groups: 1, firstGroup: 123n, missingGroups: [], missingObjects: [] });
	});
});
