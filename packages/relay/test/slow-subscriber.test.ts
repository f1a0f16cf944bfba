/**
 * A subscriber that stops reading loses whole old groups (its started streams are reset), while
 * the publisher and a fast subscriber of the same track are not held back, and the relay holds a
 * bounded amount for it.
 */

import type { ReceivedObject } from "@moqt/session";
import { describe, expect, test } from "vitest";
import { RelayMetrics } from "../src/index.js";
import { b, join, ns, TestPublisher, take, testRelay, until } from "./relay-helpers.js";

const GROUPS = 60;
const PER_GROUP = 10;
const PAYLOAD = 1024;

describe("slow subscribers", () => {
	test("a stalled subscriber drops old groups without blocking the publisher or others", async () => {
		const metrics = new RelayMetrics();
		const relay = testRelay({
			metrics,
			limits: { queueBytes: 32 * 1024, queueObjects: 64, windowBytes: 8 * 1024, windowObjects: 8 },
		});
		const publisher = new TestPublisher((await join(relay, 19)).session);
		await publisher.session.publishNamespace(ns("live"));
		const fast = (await join(relay, 19)).session;
		// The slow one reads nothing; its transport buffers little, so the relay's writes back up.
		const slow = (await join(relay, 19, { pair: { streamBufferSize: 4096 }, client: { receive: { maxObjects: 2 } } }))
			.session;
		const fastSub = await fast.subscribe(ns("live"), b("video"));
		const slowSub = await slow.subscribe(ns("live"), b("video"));
		const track = await publisher.track();

		const fastObjects = take(fastSub, GROUPS * PER_GROUP);
		let peakQueued = 0;
		// One stream per group, written without waiting for any subscriber.
		for (let g = 0n; g < BigInt(GROUPS); g++) {
			const subgroup = track.openSubgroup({ groupId: g, subgroupId: 0n });
			for (let o = 0n; o < BigInt(PER_GROUP); o++) {
				await subgroup.writeObject({ objectId: o, payload: new Uint8Array(PAYLOAD).fill(Number(o)) });
			}
			await subgroup.end();
			peakQueued = Math.max(peakQueued, relay.stats.queued);
		}
		// The fast subscriber got everything, in order.
		const got = await fastObjects;
		expect(got).toHaveLength(GROUPS * PER_GROUP);
		expect(got.map((o) => `${o.groupId}:${o.objectId}`)).toEqual(
			Array.from({ length: GROUPS * PER_GROUP }, (_, i) => `${Math.floor(i / PER_GROUP)}:${i % PER_GROUP}`),
		);
		// The relay held at most its queue bound for the slow one (plus the fast one's few).
		expect(peakQueued).toBeLessThanOrEqual(64 + 8);
		const dropped = await metrics.registry.getSingleMetricAsString("moqt_relay_dropped_objects_total");
		expect(dropped).toMatch(/reason="queue-full"} [1-9]/);

		// Reading now, the slow subscriber sees whole groups or a prefix of a group cut by a reset, never a hole.
		track.close();
		const late: ReceivedObject[] = [];
		for await (const o of slowSub) late.push(o);
		const byGroup = new Map<bigint, bigint[]>();
		for (const o of late) byGroup.set(o.groupId, [...(byGroup.get(o.groupId) ?? []), o.objectId]);
		expect(late.length).toBeLessThan(GROUPS * PER_GROUP);
		for (const objectIds of byGroup.values()) {
			expect(objectIds).toEqual(objectIds.map((_, i) => BigInt(i)));
		}
		expect(byGroup.has(BigInt(GROUPS - 1))).toBe(true);
		await relay.close();
	});

	test("a stalled subscriber of an ended track gets PUBLISH_DONE after the finish timeout; nothing stays", async () => {
		const relay = testRelay({ limits: { windowBytes: 4096, windowObjects: 4, finishTimeoutMs: 50 } });
		const publisher = (await join(relay, 19)).session;
		const pushed = await publisher.publish(ns("live"), b("t"));
		const stalled = (
			await join(relay, 19, { pair: { streamBufferSize: 2048 }, client: { receive: { maxObjects: 1 } } })
		).session;
		const subscription = await stalled.subscribe(ns("live"), b("t"));
		// One stream: its flow control stalls once the subscriber's buffer is full.
		const subgroup = pushed.openSubgroup({ groupId: 0n, subgroupId: 0n });
		for (let o = 0n; o < 20n; o++) await subgroup.writeObject({ objectId: o, payload: new Uint8Array(PAYLOAD) });
		await subgroup.end();
		await until(() => relay.stats.queued > 0);
		pushed.close();
		// The subscriber never reads; its PUBLISH_DONE still comes, and the relay lets go of the track.
		expect(await subscription.done).toMatchObject({ statusCode: 0x2 });
		await until(() => relay.stats.tracks === 0);
		expect(relay.stats).toMatchObject({ downstreams: 0, queued: 0 });
		await relay.close();
	});
});
