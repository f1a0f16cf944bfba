/**
 * Streaming, shown by memory: a 200 MiB recording is written and read back (every payload
 * checked) while resident memory stays far below the recording's size. The bound is generous
 * (+150 MB over the start); holding the recording in memory would exceed it. No timing is
 * asserted; throughput is measured by bench/run.ts.
 */

import { describe, expect, it } from "vitest";
import { RecordingReader, RecordingWriter } from "../src/node/index.js";
import { objectOf, tempDir } from "./helpers.js";

const OBJECT_SIZE = 64 * 1024;
const OBJECTS = 3200; // 200 MiB
const BOUND = 150 * 1024 * 1024;

/** Payload `i`: its index in the first 4 bytes, then a pattern that depends on it. */
function fill(buffer: Uint8Array, i: number): Uint8Array {
	new DataView(buffer.buffer, buffer.byteOffset).setUint32(0, i);
	buffer.fill(i & 0xff, 4);
	return buffer;
}

describe("a 200 MiB recording", () => {
	it("is written and read back in bounded memory", { timeout: 300_000 }, async () => {
		const dir = await tempDir();
		const start = process.memoryUsage().rss;
		let peak = start;
		const sample = () => {
			peak = Math.max(peak, process.memoryUsage().rss);
		};

		const writer = await RecordingWriter.create(dir, { layout: "group" });
		const buffer = new Uint8Array(OBJECT_SIZE);
		for (let i = 0; i < OBJECTS; i++) {
			// Groups of 100 objects: 32 file pairs, more than the writer keeps open.
			await writer.append(
				objectOf("big", BigInt(Math.floor(i / 100)), BigInt(i % 100), { receiveTime: i }),
				fill(buffer, i),
			);
			if (i % 100 === 0) sample();
		}
		await writer.close();
		sample();

		await using reader = await RecordingReader.open(dir);
		const [track] = await reader.tracks();
		let count = 0;
		let bytes = 0;
		for await (const object of reader.objects(track!)) {
			const payload = await object.payload();
			const view = new DataView(payload.buffer, payload.byteOffset);
			if (
				payload.length !== OBJECT_SIZE ||
				view.getUint32(0) !== count ||
				payload[OBJECT_SIZE - 1] !== (count & 0xff)
			) {
				throw new Error(`payload ${count} is wrong`);
			}
			count++;
			bytes += payload.length;
			if (count % 100 === 0) sample();
		}
		expect(count).toBe(OBJECTS);
		expect(bytes).toBe(OBJECTS * OBJECT_SIZE);
		console.log(`200 MiB recording: RSS start ${mb(start)} MB, peak ${mb(peak)} MB (+${mb(peak - start)} MB)`);
		expect(peak - start).toBeLessThan(BOUND);
	});
});

function mb(bytes: number): string {
	return (bytes / 1024 / 1024).toFixed(1);
}
