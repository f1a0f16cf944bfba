/**
 * Backpressure end to end: a slow consumer holds the publisher back through the queue, the
 * router (which stops reading a full sink's streams) and the transport's per-stream buffer, so
 * every buffer on the way stays bounded however much the publisher has to send.
 */

import { GroupOrder } from "@moqt/wire";
import { describe, expect, it } from "vitest";
import { FetchSender } from "../../src/data/fetch-sender.js";
import { ObjectQueue } from "../../src/data/object-queue.js";
import { TrackSender } from "../../src/data/track-sender.js";
import type { FetchItemReceived, ReceivedObject } from "../../src/data/types.js";
import { type Connected, connect, DRAFTS, tick } from "./helpers.js";

const KIB = 1024;

interface Peaks {
	queueBytes: number;
	routerBytes: number;
	inFlight: number;
}

/** Takes `total` items, four per macrotask turn, sampling the buffers before each turn's takes. */
async function slowConsumer<T>(
	c: Connected,
	queue: ObjectQueue<T>,
	total: number,
	produced: () => number,
): Promise<{ items: T[]; peaks: Peaks }> {
	const peaks: Peaks = { queueBytes: 0, routerBytes: 0, inFlight: 0 };
	const items: T[] = [];
	while (items.length < total) {
		await tick();
		peaks.queueBytes = Math.max(peaks.queueBytes, queue.bytes);
		peaks.routerBytes = Math.max(peaks.routerBytes, c.router.stats.bufferedBytes);
		peaks.inFlight = Math.max(peaks.inFlight, produced() - items.length);
		// A few items per turn: still far slower than the producer, which runs on microtasks.
		for (let i = 0; i < 4 && items.length < total; i++) {
			const r = await queue.next();
			if (r.done) return { items, peaks };
			items.push(r.value);
		}
	}
	return { items, peaks };
}

describe.each(DRAFTS)("draft-%i backpressure", (draft) => {
	function sender(c: Connected): TrackSender {
		return new TrackSender({
			transport: c.transport,
			draft,
			trackAlias: 1n,
			subscriberPriority: 0,
			groupOrder: GroupOrder.ASCENDING,
			clock: c.clock,
		});
	}

	it("bounds the queue, the router and the objects in flight for one fast subgroup", async () => {
		const c = connect(draft, { pair: { streamBufferSize: 8 * KIB } });
		const queue = new ObjectQueue<ReceivedObject>({ maxBytes: 16 * KIB, maxObjects: 10_000 });
		c.aliases.set(1n, queue);
		const sg = sender(c).openSubgroup({ groupId: 0n, subgroupId: 0n });
		let written = 0;
		const producing = (async () => {
			for (let o = 0; o < 400; o++) {
				await sg.writeObject({ objectId: BigInt(o), payload: new Uint8Array(KIB).fill(o & 0xff) });
				written++;
			}
			await sg.end();
		})();
		const { items, peaks } = await slowConsumer(c, queue, 400, () => written);
		await producing;
		expect(items.map((o) => o.objectId)).toEqual([...Array(400).keys()].map(BigInt));
		expect(items.every((o) => o.payload.length === KIB && o.payload[0] === (Number(o.objectId) & 0xff))).toBe(true);
		// The queue stops at its limit (plus at most one object); the router holds nothing for a
		// full sink but a partly received object; the transport holds its 8 KiB buffer.
		expect(peaks.queueBytes).toBeLessThanOrEqual(16 * KIB + KIB);
		expect(peaks.routerBytes).toBeLessThanOrEqual(2 * KIB);
		expect(peaks.inFlight).toBeLessThanOrEqual(16 + 8 + 2 + 2);
		expect(peaks.queueBytes).toBeGreaterThanOrEqual(15 * KIB);
		await c.close();
	});

	it("bounds the queue when many subgroups feed it at once", async () => {
		const c = connect(draft, { pair: { streamBufferSize: 4 * KIB } });
		const queue = new ObjectQueue<ReceivedObject>({ maxBytes: 8 * KIB });
		c.aliases.set(1n, queue);
		const track = sender(c);
		let written = 0;
		const producing = [...Array(8).keys()].map(async (s) => {
			const sg = track.openSubgroup({ groupId: 0n, subgroupId: BigInt(s) });
			for (let o = 0; o < 50; o++) {
				await sg.writeObject({ objectId: BigInt(o), payload: new Uint8Array(KIB) });
				written++;
			}
			await sg.end();
		});
		const { items, peaks } = await slowConsumer(c, queue, 400, () => written);
		await Promise.all(producing);
		for (let s = 0n; s < 8n; s++) {
			expect(items.filter((o) => o.subgroupId === s).map((o) => o.objectId)).toEqual([...Array(50).keys()].map(BigInt));
		}
		expect(peaks.queueBytes).toBeLessThanOrEqual(8 * KIB + KIB);
		expect(peaks.routerBytes).toBeLessThanOrEqual(8 * KIB);
		expect(peaks.inFlight).toBeLessThanOrEqual(8 + 8 * (4 + 2) + 2);
		expect(track.streamCount).toBe(8);
		await c.close();
	});

	it("bounds a fetch response the same way", async () => {
		const c = connect(draft, { pair: { streamBufferSize: 8 * KIB } });
		const queue = new ObjectQueue<FetchItemReceived>({ maxObjects: 10 });
		c.fetches.set(2n, { sink: queue, groupOrder: GroupOrder.ASCENDING });
		const fetch = new FetchSender({ transport: c.transport, draft, requestId: 2n, groupOrder: GroupOrder.ASCENDING });
		let written = 0;
		const producing = (async () => {
			for (let o = 0; o < 300; o++) {
				await fetch.write({
					groupId: BigInt(o >> 4),
					subgroupId: 0n,
					objectId: BigInt(o & 15),
					payload: new Uint8Array(KIB),
				});
				written++;
			}
			await fetch.finish();
		})();
		const { items, peaks } = await slowConsumer(c, queue, 300, () => written);
		await producing;
		expect(items).toHaveLength(300);
		expect(peaks.queueBytes).toBeLessThanOrEqual(10 * KIB);
		expect(peaks.routerBytes).toBeLessThanOrEqual(2 * KIB);
		expect(peaks.inFlight).toBeLessThanOrEqual(10 + 8 + 2 + 2);
		expect((await queue.next()).done).toBe(true);
		await c.close();
	});
});
