import { type Draft, GroupOrder } from "@moqt/wire";
import { describe, expect, it } from "vitest";
import { ManualClock, prng } from "../test/helpers.js";
import {
	type QueueableObject,
	type QueueDrop,
	type QueueSubscriptionOptions,
	SubscriberQueue,
} from "./subscriber-queue.js";

function obj(
	group: number,
	subgroup: number | undefined,
	object: number,
	fields: Partial<QueueableObject> = {},
): QueueableObject {
	return {
		groupId: BigInt(group),
		...(subgroup === undefined ? {} : { subgroupId: BigInt(subgroup) }),
		objectId: BigInt(object),
		payload: new Uint8Array(100),
		receivedAt: 0,
		...fields,
	};
}

const ASC: QueueSubscriptionOptions = { subscriberPriority: 128, groupOrder: GroupOrder.ASCENDING };
const DESC: QueueSubscriptionOptions = { subscriberPriority: 128, groupOrder: GroupOrder.DESCENDING };

function queue(options: { draft?: Draft; maxBytes?: number; maxObjects?: number } = {}) {
	const clock = new ManualClock();
	const q = new SubscriberQueue<string, QueueableObject>({
		draft: options.draft ?? 19,
		maxBytes: options.maxBytes ?? 1_000_000,
		maxObjects: options.maxObjects ?? 1_000,
		now: clock.now,
	});
	return { q, clock };
}

/** Shifts everything, as "sub:group.subgroup.object" (subgroup "d" for datagrams). */
function drain(q: SubscriberQueue<string, QueueableObject>): string[] {
	const out: string[] = [];
	for (let s = q.shift(); s.item !== undefined; s = q.shift()) {
		const o = s.item.object;
		out.push(`${s.item.subscription}:${o.groupId}.${o.subgroupId ?? "d"}.${o.objectId}`);
	}
	return out;
}

describe("SubscriberQueue scheduling (draft-19 §7.2)", () => {
	it("keeps each subgroup in arrival order and sends lower Subgroup IDs first", () => {
		const { q } = queue();
		q.addSubscription("a", ASC);
		q.push("a", obj(1, 1, 0));
		q.push("a", obj(1, 0, 1));
		q.push("a", obj(1, 1, 2));
		q.push("a", obj(1, 0, 3));
		expect(drain(q)).toEqual(["a:1.0.1", "a:1.0.3", "a:1.1.0", "a:1.1.2"]);
	});

	it("follows the group order of each subscription", () => {
		const { q } = queue();
		q.addSubscription("asc", ASC);
		q.addSubscription("desc", { ...DESC, subscriberPriority: 200 });
		for (const g of [5, 3, 4]) {
			q.push("asc", obj(g, 0, 0));
			q.push("desc", obj(g, 0, 0));
		}
		expect(drain(q)).toEqual(["asc:3.0.0", "asc:4.0.0", "asc:5.0.0", "desc:5.0.0", "desc:4.0.0", "desc:3.0.0"]);
	});

	it("puts subscriber priority before publisher priority before group order", () => {
		const { q } = queue();
		q.addSubscription("audio", { ...ASC, subscriberPriority: 10 });
		q.addSubscription("video", { ...ASC, subscriberPriority: 20 });
		q.push("video", obj(1, 0, 0, { publisherPriority: 0 }));
		q.push("audio", obj(9, 0, 0, { publisherPriority: 200 }));
		q.push("audio", obj(8, 0, 0, { publisherPriority: 200 }));
		q.push("audio", obj(9, 1, 0, { publisherPriority: 5 }));
		expect(drain(q)).toEqual(["audio:9.1.0", "audio:8.0.0", "audio:9.0.0", "video:1.0.0"]);
	});

	it("sends datagrams before subgroups in a group, lowest Object ID first", () => {
		const { q } = queue();
		q.addSubscription("a", ASC);
		q.push("a", obj(1, 0, 0));
		q.push("a", obj(1, undefined, 4));
		q.push("a", obj(1, undefined, 5));
		expect(drain(q)).toEqual(["a:1.d.4", "a:1.d.5", "a:1.0.0"]);
	});

	it("gives objects without a priority the subscription's default", () => {
		const { q } = queue();
		q.addSubscription("a", { ...ASC, defaultPublisherPriority: 50 });
		q.push("a", obj(1, 0, 0, { publisherPriority: 60 }));
		q.push("a", obj(2, 0, 0));
		expect(drain(q)).toEqual(["a:2.0.0", "a:1.0.0"]);
	});

	it("applies a priority update to what is still queued", () => {
		const { q } = queue();
		q.addSubscription("a", ASC);
		q.addSubscription("b", ASC);
		q.push("a", obj(1, 0, 0));
		q.push("b", obj(1, 0, 0));
		q.updateSubscription("b", { subscriberPriority: 1 });
		expect(drain(q)).toEqual(["b:1.0.0", "a:1.0.0"]);
	});

	it("takes turns between subscriptions of equal rank", () => {
		const { q } = queue();
		for (const s of ["a", "b", "c"]) q.addSubscription(s, ASC);
		for (let o = 0; o < 3; o++) for (const s of ["a", "b", "c"]) q.push(s, obj(1, 0, o));
		const firstRound = drain(q)
			.slice(0, 3)
			.map((x) => x[0]);
		expect(new Set(firstRound)).toEqual(new Set(["a", "b", "c"]));
	});

	it("rejects priorities outside 0-255 and unknown subscriptions", () => {
		const { q } = queue();
		expect(() => q.addSubscription("a", { ...ASC, subscriberPriority: 256 })).toThrow(RangeError);
		q.addSubscription("a", ASC);
		expect(() => q.addSubscription("a", ASC)).toThrow(/already/);
		expect(() => q.push("a", obj(1, 0, 0, { publisherPriority: -1 }))).toThrow(RangeError);
		expect(() => q.push("nobody", obj(1, 0, 0))).toThrow(/unknown subscription/);
	});
});

describe("SubscriberQueue dropping for slow subscribers", () => {
	it("drops the oldest whole group when full and resets only the streams already started", () => {
		const { q } = queue({ maxObjects: 4 });
		q.addSubscription("a", ASC);
		q.push("a", obj(1, 0, 0));
		q.push("a", obj(1, 1, 1));
		expect(q.shift().item?.object.objectId).toBe(0n); // subgroup 0 of group 1 is now on the wire
		q.push("a", obj(1, 0, 2));
		q.push("a", obj(2, 0, 0));
		q.push("a", obj(2, 0, 1));
		const drops = q.push("a", obj(2, 0, 2));
		expect(drops).toEqual([
			{
				subscription: "a",
				cause: "queue-full",
				groupId: 1n,
				resetSubgroups: [0n],
				resetCode: 0x5,
				resetName: "TOO_FAR_BEHIND",
				objects: 2,
				bytes: 200,
			},
		]);
		expect(q.size).toBe(3);
		expect(q.bytes).toBe(300);
		// The rest of group 1 is dropped on arrival: a subgroup never continues after a hole.
		expect(q.push("a", obj(1, 0, 3))).toMatchObject([{ cause: "already-dropped", groupId: 1n, resetSubgroups: [] }]);
		expect(drain(q)).toEqual(["a:2.0.0", "a:2.0.1", "a:2.0.2"]);
	});

	it.each([
		[14, 0x2, "DELIVERY_TIMEOUT"],
		[16, 0x2, "DELIVERY_TIMEOUT"],
		[18, 0x5, "TOO_FAR_BEHIND"],
		[19, 0x5, "TOO_FAR_BEHIND"],
	] as const)("resets with draft-%i's code %i (%s)", (draft, code, name) => {
		const { q } = queue({ draft, maxObjects: 1 });
		q.addSubscription("a", ASC);
		q.push("a", obj(1, 0, 0));
		expect(q.push("a", obj(2, 0, 0))).toMatchObject([{ resetCode: code, resetName: name }]);
	});

	it("bounds bytes as well as objects", () => {
		const { q } = queue({ maxBytes: 250 });
		q.addSubscription("a", ASC);
		q.push("a", obj(1, 0, 0));
		q.push("a", obj(1, 0, 1));
		expect(q.push("a", obj(2, 0, 0))).toMatchObject([{ groupId: 1n, objects: 2, bytes: 200 }]);
		expect(q.bytes).toBe(100);
	});

	it("drops an object bigger than the whole queue with its group, keeping older groups", () => {
		const { q } = queue({ maxBytes: 250 });
		q.addSubscription("a", ASC);
		q.push("a", obj(1, 0, 0));
		// Group 2 is the newest, but group 1 is older and goes first; then group 2 itself.
		const drops = q.push("a", obj(2, 0, 0, { payload: new Uint8Array(300) }));
		expect(drops.map((d) => d.groupId)).toEqual([1n, 2n]);
		expect(q.size).toBe(0);
	});

	it("drops the least important subscription's groups first", () => {
		const { q } = queue({ maxObjects: 3 });
		q.addSubscription("audio", { ...ASC, subscriberPriority: 1 });
		q.addSubscription("video", { ...ASC, subscriberPriority: 200 });
		q.push("audio", obj(1, 0, 0));
		q.push("video", obj(5, 0, 0));
		q.push("video", obj(6, 0, 0));
		expect(q.push("audio", obj(2, 0, 0))).toMatchObject([{ subscription: "video", groupId: 5n }]);
		expect(q.push("audio", obj(3, 0, 0))).toMatchObject([{ subscription: "video", groupId: 6n }]);
		// Only audio is left: now its oldest group goes.
		expect(q.push("audio", obj(4, 0, 0))).toMatchObject([{ subscription: "audio", groupId: 1n }]);
	});

	it("drops groups of low publisher priority before older groups of high priority", () => {
		const { q } = queue({ maxObjects: 2 });
		q.addSubscription("a", ASC);
		q.push("a", obj(1, 0, 0, { publisherPriority: 0 }));
		q.push("a", obj(2, 0, 0, { publisherPriority: 100 }));
		expect(q.push("a", obj(3, 0, 0, { publisherPriority: 0 }))).toMatchObject([{ groupId: 2n }]);
	});

	it("lets STOP_SENDING on a subgroup discard it", () => {
		const { q } = queue();
		q.addSubscription("a", ASC);
		q.push("a", obj(1, 0, 0));
		q.push("a", obj(1, 1, 0));
		expect(q.dropSubgroup("a", 1n, 0n)).toEqual({ objects: 1, bytes: 100 });
		expect(q.push("a", obj(1, 0, 1))).toMatchObject([{ cause: "already-dropped", subgroupId: 0n }]);
		expect(drain(q)).toEqual(["a:1.1.0"]);
	});
});

describe("SubscriberQueue delivery timeouts (draft-19 §8)", () => {
	it("resets a started subgroup whose next object is too old and drops the rest of it", () => {
		const { q, clock } = queue();
		q.addSubscription("a", { ...ASC, deliveryTimeout: 100 });
		q.push("a", obj(1, 0, 0, { receivedAt: 0 }));
		expect(q.shift().item?.object.objectId).toBe(0n);
		q.push("a", obj(1, 0, 1, { receivedAt: 10 }));
		q.push("a", obj(1, 0, 2, { receivedAt: 150 }));
		q.push("a", obj(1, 1, 3, { receivedAt: 150 }));
		clock.time = 110;
		const { item, drops } = q.shift();
		expect(drops).toEqual([
			{
				subscription: "a",
				cause: "delivery-timeout",
				groupId: 1n,
				subgroupId: 0n,
				resetSubgroups: [0n],
				resetCode: 0x2,
				resetName: "DELIVERY_TIMEOUT",
				objects: 2,
				bytes: 200,
			},
		]);
		expect(item?.object.objectId).toBe(3n);
		expect(q.push("a", obj(1, 0, 4, { receivedAt: 110 }))).toMatchObject([{ cause: "already-dropped" }]);
	});

	it("does not ask to reset a subgroup that never started, and drops a late datagram alone", () => {
		const { q, clock } = queue();
		q.addSubscription("a", { ...ASC, deliveryTimeout: 50 });
		q.push("a", obj(1, 2, 0, { receivedAt: 0 }));
		q.push("a", obj(1, undefined, 1, { receivedAt: 0 }));
		q.push("a", obj(1, undefined, 2, { receivedAt: 40 }));
		clock.time = 50;
		const { item, drops } = q.shift();
		expect(drops.map((d) => [d.subgroupId, d.resetSubgroups, d.objects])).toEqual([
			[2n, [], 1],
			[undefined, [], 1],
		]);
		expect(item?.object.objectId).toBe(2n);
	});

	it("never times out without a timeout", () => {
		const { q, clock } = queue();
		q.addSubscription("a", ASC);
		q.push("a", obj(1, 0, 0));
		clock.time = 1e12;
		expect(q.shift().drops).toEqual([]);
	});
});

describe("SubscriberQueue bookkeeping", () => {
	it("discards a removed subscription's objects", () => {
		const { q } = queue();
		q.addSubscription("a", ASC);
		q.addSubscription("b", ASC);
		q.push("a", obj(1, 0, 0));
		q.push("a", obj(2, 0, 0));
		q.push("b", obj(1, 0, 0));
		expect(q.removeSubscription("a")).toEqual({ objects: 2, bytes: 200 });
		expect(q.removeSubscription("a")).toEqual({ objects: 0, bytes: 0 });
		expect([q.size, q.bytes, q.subscriptionCount]).toEqual([1, 100, 1]);
		expect(drain(q)).toEqual(["b:1.0.0"]);
	});

	it("accounts for every object exactly once and never exceeds its bounds (randomized)", () => {
		for (let seed = 1; seed <= 20; seed++) {
			const random = prng(seed);
			const pick = (n: number) => Math.floor(random() * n);
			const { q, clock } = queue({ maxBytes: 5_000, maxObjects: 40, draft: ([14, 16, 18, 19] as const)[seed % 4] });
			const subs = ["a", "b", "c"];
			for (const [i, s] of subs.entries()) {
				q.addSubscription(s, {
					subscriberPriority: pick(3) * 100,
					groupOrder: i % 2 === 0 ? GroupOrder.ASCENDING : GroupOrder.DESCENDING,
					deliveryTimeout: pick(2) === 0 ? 0 : 20 + pick(50),
				});
			}
			let pushed = 0;
			let shifted = 0;
			let dropped = 0;
			const count = (drops: readonly QueueDrop<string>[]) => {
				for (const d of drops) dropped += d.objects;
			};
			const group = { a: 0, b: 0, c: 0 } as Record<string, number>;
			for (let step = 0; step < 3_000; step++) {
				const s = subs[pick(3)]!;
				if (pick(10) < 6) {
					if (pick(8) === 0) group[s]!++;
					const sub = pick(4) === 0 ? undefined : pick(3);
					count(
						q.push(
							s,
							obj(group[s]!, sub, step, {
								payload: new Uint8Array(pick(400)),
								publisherPriority: pick(3),
								receivedAt: clock.time,
							}),
						),
					);
					pushed++;
					expect(q.size).toBeLessThanOrEqual(40);
					expect(q.bytes).toBeLessThanOrEqual(5_000);
				} else {
					const { item, drops } = q.shift();
					count(drops);
					if (item !== undefined) shifted++;
				}
				clock.advance(pick(5));
			}
			expect(pushed).toBe(shifted + dropped + q.size);
		}
	});

	it("holds no objects after 10,000 groups went through it", () => {
		const { q } = queue({ maxObjects: 10 });
		q.addSubscription("a", ASC);
		for (let g = 0; g < 10_000; g++) {
			q.push("a", obj(g, 0, 0));
			if (g % 3 === 0) drain(q);
		}
		drain(q);
		expect([q.size, q.bytes]).toEqual([0, 0]);
	});
});
