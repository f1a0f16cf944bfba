/**
 * Recording with RecordingWriter and reading back with RecordingReader: every field, status,
 * priority and extension, IDs past 2^53, both layouts, and a valid file after every flush.
 */

import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { encodeTrackFileName, type ObjectMetadata, parseMetadata } from "../src/index.js";
import { RecordingReader, RecordingWriter } from "../src/node/index.js";
import { collect, objectOf, payloadOf, sameBytes, tempDir, utf8 } from "./helpers.js";

const BIG = 2n ** 62n - 1n;

/** Objects over three tracks that between them use every field and value class. */
function sampleObjects(): { object: ObjectMetadata; payload: Uint8Array }[] {
	const out: { object: ObjectMetadata; payload: Uint8Array }[] = [];
	const video = {
		trackNamespace: [utf8("example.com"), utf8("live"), Uint8Array.of(0, 255)],
		trackName: utf8("video/hd"),
	};
	const audio = { trackNamespace: [utf8("example.com"), utf8("live")], trackName: utf8("audio") };
	const big = { trackNamespace: [], trackName: Uint8Array.of(0xfe, 0x2e) };
	let n = 0;
	for (let g = 0n; g < 4n; g++) {
		for (let o = 0n; o < 5n; o++) {
			n++;
			out.push({
				object: {
					...video,
					groupId: g,
					subgroupId: o % 2n,
					objectId: o,
					forwardingPreference: "Subgroup",
					objectStatus: 0,
					publisherPriority: n % 256,
					maxCacheDuration: 3_600_000n,
					deliveryTimeout: 60_000n,
					receiveTime: 1_729_457_464_000 + n,
					extensions: [
						{ type: 0x3cn, value: g },
						{ type: 0x0bn, value: payloadOf(n, n) },
						{ type: 2n, value: BIG },
					],
				},
				// Sizes around the writer's slab and the reader's window, and a 1.5 MiB one.
				payload: payloadOf([0, 1, 1000, 70_000, 1_500_000][Number(o)]!, n),
			});
			out.push({
				object: { ...audio, groupId: g * 2n, objectId: o, forwardingPreference: "Datagram", publisherPriority: 255 },
				payload: payloadOf(160, 1000 + n),
			});
		}
		out.push({
			object: { ...video, groupId: g, subgroupId: 1n, objectId: 5n, objectStatus: 3 },
			payload: new Uint8Array(0),
		});
	}
	out.push({
		object: { ...video, groupId: 4n, subgroupId: 0n, objectId: 0n, objectStatus: 4 },
		payload: new Uint8Array(0),
	});
	for (const [g, o] of [
		[2n ** 53n + 1n, 0n],
		[BIG, BIG],
		[BIG, 2n ** 53n],
	] as const) {
		out.push({
			object: { ...big, groupId: g, subgroupId: BIG, objectId: o, maxCacheDuration: BIG, deliveryTimeout: 0n },
			payload: payloadOf(3, Number(o % 1000n)),
		});
	}
	return out;
}

/** What the reader returns for an object written with `payload`. */
function expected(object: ObjectMetadata, payload: Uint8Array) {
	return expect.objectContaining({
		...object,
		extensions: object.extensions ?? [],
		dataLength: payload.length,
	});
}

describe("RecordingWriter → RecordingReader", () => {
	it("round-trips every field and payload (track layout, small buffer, one open file)", async () => {
		const dir = await tempDir();
		const objects = sampleObjects();
		const writer = await RecordingWriter.create(dir, { flushBytes: 4096, maxOpenFiles: 1 });
		for (const { object, payload } of objects) await writer.append(object, payload);
		await writer.close();

		expect((await readdir(dir)).sort()).toEqual(
			writer.metadataFiles.flatMap((m) => [m, m.replace(/\.moq$/, ".dat")]).sort(),
		);
		await using reader = await RecordingReader.open(dir);
		const tracks = await reader.tracks();
		expect(tracks).toHaveLength(3);
		let read = 0;
		for (const track of tracks) {
			const written = objects.filter(
				({ object }) =>
					encodeTrackFileName(object) === encodeTrackFileName(track) &&
					object.trackNamespace.length === track.trackNamespace.length,
			);
			const got = await collect(reader.objects(track));
			expect(got.map((r) => r.entry)).toEqual(written.map(({ object, payload }) => expected(object, payload)));
			for (const [i, r] of got.entries()) expect(sameBytes(await r.payload(), written[i]!.payload)).toBe(true);
			read += got.length;
		}
		expect(read).toBe(objects.length);
	});

	it("batches many payloads of mixed sizes into one flush without mixing them up", async () => {
		const dir = await tempDir();
		const writer = await RecordingWriter.create(dir, { flushBytes: 8 << 20 });
		const sizes = Array.from({ length: 2000 }, (_, i) => (i * 7919) % 5000);
		for (const [i, size] of sizes.entries()) await writer.append(objectOf("t", BigInt(i), 0n), payloadOf(size, i));
		await writer.close();
		await using reader = await RecordingReader.open(dir);
		const objects = await collect(reader.entries("ns-t.moq"));
		expect(objects.map((o) => o.entry.dataLength)).toEqual(sizes);
		for (const [i, o] of objects.entries()) expect(sameBytes(await o.payload(), payloadOf(sizes[i]!, i))).toBe(true);
	});

	it("keeps appends made while a flush is writing (appends not awaited)", async () => {
		const dir = await tempDir();
		const writer = await RecordingWriter.create(dir, { flushBytes: 10_000, maxOpenFiles: 1 });
		const pending: Promise<void>[] = [];
		for (let i = 0; i < 600; i++) {
			pending.push(writer.append(objectOf(`t${i % 3}`, BigInt(i), 0n), payloadOf(100 + (i % 7) * 300, i)));
			if (i % 50 === 0) pending.push(writer.flush());
			// Yield to I/O without waiting for the writer, so appends land while a flush is writing.
			if (i % 5 === 0) await new Promise((resolve) => setImmediate(resolve));
		}
		await Promise.all(pending);
		await writer.close();
		await using reader = await RecordingReader.open(dir);
		let n = 0;
		for (const track of await reader.tracks()) {
			for await (const o of reader.objects(track)) {
				const i = Number(o.entry.groupId);
				expect(sameBytes(await o.payload(), payloadOf(100 + (i % 7) * 300, i))).toBe(true);
				n++;
			}
		}
		expect(n).toBe(600);
	});

	it("leaves every metadata file a complete JSON array after each flush", async () => {
		const dir = await tempDir();
		const writer = await RecordingWriter.create(dir);
		const name = encodeTrackFileName(objectOf("t", 0n, 0n));
		for (let i = 0; i < 5; i++) {
			await writer.append(objectOf("t", BigInt(i), 0n), payloadOf(10, i));
			await writer.append(objectOf("t", BigInt(i), 1n), payloadOf(10, i + 100));
			await writer.flush();
			const text = await readFile(join(dir, `${name}.moq`), "utf8");
			expect(JSON.parse(text)).toHaveLength(2 * (i + 1));
			expect(parseMetadata(text, { recover: false })).toHaveLength(2 * (i + 1));
			expect((await readFile(join(dir, `${name}.dat`))).length).toBe(20 * (i + 1));
		}
		await writer.close();
		expect(await readFile(join(dir, `${name}.moq`), "utf8")).toMatch(/^\[\n\{.*\},\n\{.*\}\n\]\n$/s);
	});

	it("writes one file pair per group in the group layout, read back in group order", async () => {
		const dir = await tempDir();
		const writer = await RecordingWriter.create(dir, { layout: "group", maxOpenFiles: 2, flushBytes: 100 });
		// Interleaved groups, as from parallel subgroup streams, and a late object for group 0.
		const order: [bigint, bigint][] = [
			[10n, 0n],
			[11n, 0n],
			[10n, 1n],
			[12n, 0n],
			[11n, 1n],
			[10n, 2n],
		];
		for (const [g, o] of order) await writer.append(objectOf("v", g, o), payloadOf(50, Number(g * 10n + o)));
		await writer.close();
		expect(writer.metadataFiles).toEqual(["ns-v+10.moq", "ns-v+11.moq", "ns-v+12.moq"]);

		await using reader = await RecordingReader.open(dir);
		const [track] = await reader.tracks();
		expect(track!.files).toEqual(["ns-v+10.moq", "ns-v+11.moq", "ns-v+12.moq"]);
		const got = await collect(reader.objects(track!));
		expect(got.map((r) => [r.entry.groupId, r.entry.objectId])).toEqual([
			[10n, 0n],
			[10n, 1n],
			[10n, 2n],
			[11n, 0n],
			[11n, 1n],
			[12n, 0n],
		]);
		for (const r of got) {
			expect(await r.payload()).toEqual(payloadOf(50, Number(r.entry.groupId * 10n + r.entry.objectId)));
			expect(r.entry.dataFile).toBe(r.file.replace(/\.moq$/, ".dat"));
		}
	});

	it("marks a partial track with +<first group>", async () => {
		const dir = await tempDir();
		const writer = await RecordingWriter.create(dir, { partial: true });
		await writer.append(objectOf("v", 42n, 3n), payloadOf(5, 1));
		await writer.append(objectOf("v", 43n, 0n), payloadOf(5, 2));
		await writer.close();
		expect(writer.metadataFiles).toEqual(["ns-v+42.moq"]);
	});

	it("copies the payload, so the caller may reuse its buffer at once", async () => {
		const dir = await tempDir();
		const writer = await RecordingWriter.create(dir);
		const buffer = utf8("first");
		const pending = writer.append(objectOf("t", 0n, 0n), buffer);
		buffer.set(utf8("XXXXX"));
		await pending;
		await writer.close();
		await using reader = await RecordingReader.open(dir);
		const [object] = await collect(reader.entries("ns-t.moq"));
		expect(await object!.payload()).toEqual(utf8("first"));
	});

	it("refuses an object the format cannot hold and stays usable", async () => {
		const dir = await tempDir();
		const writer = await RecordingWriter.create(dir);
		const twice = objectOf("t", 0n, 0n, {
			extensions: [
				{ type: 2n, value: 1n },
				{ type: 2n, value: 2n },
			],
		});
		await expect(writer.append(twice)).rejects.toMatchObject({ code: "unrepresentable", field: "ext2" });
		await expect(writer.append(objectOf("t", -1n, 0n))).rejects.toMatchObject({ code: "invalid-entry" });
		expect(writer.metadataFiles).toEqual([]);
		await writer.append(objectOf("t", 0n, 0n), utf8("ok"));
		await writer.close();
		expect(writer.metadataFiles).toEqual(["ns-t.moq"]);

		const keep = await RecordingWriter.create(await tempDir(), { duplicateExtensions: "keep" });
		await keep.append(twice);
		await keep.close();
		await using reader = await RecordingReader.open(keep.directory);
		const [object] = await collect(reader.entries("ns-t.moq"));
		expect(object!.entry.extensions).toEqual(twice.extensions);
	});

	it("rejects use after close, and closes idempotently", async () => {
		const writer = await RecordingWriter.create(await tempDir());
		await writer.append(objectOf("t", 0n, 0n));
		const closing = writer.close();
		expect(writer.close()).toBe(closing);
		await closing;
		await expect(writer.append(objectOf("t", 1n, 0n))).rejects.toMatchObject({ code: "closed" });
		await expect(writer.flush()).rejects.toMatchObject({ code: "closed" });
	});

	it("never overwrites a file, and stops after a failed write", async () => {
		const dir = await tempDir();
		await writeFile(join(dir, "ns-t.dat"), "precious");
		const writer = await RecordingWriter.create(dir);
		await writer.append(objectOf("t", 0n, 0n), utf8("x"));
		await expect(writer.flush()).rejects.toMatchObject({ code: "file-exists", file: "ns-t.dat" });
		expect(await readFile(join(dir, "ns-t.dat"), "utf8")).toBe("precious");
		// The half-created pair was removed.
		expect(await readdir(dir)).toEqual(["ns-t.dat"]);
		await expect(writer.append(objectOf("t", 1n, 0n))).rejects.toMatchObject({
			code: "closed",
			cause: expect.objectContaining({ code: "file-exists" }),
		});
		await writer.close();
	});
});
