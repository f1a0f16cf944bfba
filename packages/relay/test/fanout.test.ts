/**
 * Aggregation and fan-out through the relay over in-memory pairs: one upstream SUBSCRIBE per
 * track however many subscribers, every object to every subscriber, upstream ended when the last
 * subscriber leaves.
 */

import { FilterType } from "@moqt/wire";
import { describe, expect, test } from "vitest";
import { b, ids, join, ns, TestPublisher, take, testRelay, text, until, writeGroups } from "./relay-helpers.js";

describe("aggregation and fan-out", () => {
	test.each([14, 16, 18, 19] as const)("draft-%i: many subscribers share one upstream subscription", async (draft) => {
		const relay = testRelay();
		const publisher = new TestPublisher((await join(relay, draft)).session);
		await publisher.session.publishNamespace(ns("live"));
		const subscribers = await Promise.all(Array.from({ length: 6 }, () => join(relay, draft)));
		const subscriptions = await Promise.all(subscribers.map((s) => s.session.subscribe(ns("live"), b("clock"))));
		expect(publisher.subscribes).toHaveLength(1);
		expect(relay.stats.downstreams).toBe(6);

		const track = await publisher.track();
		const expected: string[] = [];
		for (let g = 0n; g < 3n; g++) for (let o = 0n; o < 5n; o++) expected.push(`${g}:${o}`);
		const props = (g: bigint, o: bigint) => [{ type: 0x7an, value: g * 100n + o }];
		await writeGroups(track, [0n, 1n, 2n], 5, props);
		for (const subscription of subscriptions) {
			const objects = await take(subscription, expected.length);
			expect(ids(objects)).toEqual(expected);
			expect(objects.map((o) => text(o.payload))).toEqual(expected);
			expect(objects.map((o) => o.properties[0]?.value)).toEqual(objects.map((o) => o.groupId * 100n + o.objectId));
		}

		for (const subscription of subscriptions) subscription.unsubscribe();
		await track.done;
		await until(() => relay.stats.tracks === 0);
		expect(relay.stats).toMatchObject({ downstreams: 0, sources: 0, subgroups: 0, queued: 0 });
		await relay.close();
	});

	test("each subscriber's Forward State, filter and updates apply at the relay", async () => {
		const relay = testRelay();
		const publisher = new TestPublisher((await join(relay, 19)).session);
		await publisher.session.publishNamespace(ns("live"));
		const always = await (await join(relay, 19)).session.subscribe(ns("live"), b("t"));
		const paused = await (await join(relay, 19)).session.subscribe(ns("live"), b("t"), { forward: false });
		const track = await publisher.track();
		await writeGroups(track, [0n], 2);
		// Half a group is out when the next-group subscriber arrives.
		const open = track.openSubgroup({ groupId: 1n, subgroupId: 0n });
		await open.writeObject({ objectId: 0n, payload: b("1:0") });
		expect(ids(await take(always, 3))).toEqual(["0:0", "0:1", "1:0"]);
		const nextGroup = await (await join(relay, 14)).session.subscribe(ns("live"), b("t"), {
			subscriptionFilter: { type: FilterType.NEXT_GROUP_START },
		});
		expect(nextGroup.largest).toEqual({ group: 1n, object: 0n });
		await open.writeObject({ objectId: 1n, payload: b("1:1") });
		await open.end();
		await paused.update({ forward: true });
		await writeGroups(track, [2n], 2);
		expect(ids(await take(always, 3))).toEqual(["1:1", "2:0", "2:1"]);
		expect(ids(await take(nextGroup, 2))).toEqual(["2:0", "2:1"]);
		expect(ids(await take(paused, 2))).toEqual(["2:0", "2:1"]);
		expect(publisher.subscribes).toHaveLength(1);
		await relay.close();
	});

	test.each([14, 19] as const)("draft-%i: datagrams reach every subscriber as datagrams", async (draft) => {
		const relay = testRelay();
		const publisher = (await join(relay, draft)).session;
		const pushed = await publisher.publish(ns("dg"), b("t"));
		const subscriptions = await Promise.all(
			[14, 19].map(async (d) => (await join(relay, d as 14 | 19)).session.subscribe(ns("dg"), b("t"))),
		);
		for (let g = 0n; g < 3n; g++) {
			expect(pushed.sendDatagram({ groupId: g, objectId: 0n, payload: b(`dg${g}`), publisherPriority: 7 })).toBe(true);
		}
		for (const subscription of subscriptions) {
			const objects = await take(subscription, 3);
			expect(objects.map((o) => [o.forwarding, text(o.payload), o.publisherPriority])).toEqual([
				["datagram", "dg0", 7],
				["datagram", "dg1", 7],
				["datagram", "dg2", 7],
			]);
		}
		await relay.close();
	});
});
