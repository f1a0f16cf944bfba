/**
 * `late-subscriber` (tests-TEST-CASES.md "Future Test Cases": "Subscriber joins mid-stream";
 * §5.1 Subscriptions). Our procedure:
 *
 * 1. The publisher publishes the namespace; `subscriber_1` subscribes.
 * 2. The publisher writes group A (2 objects, ended) and the first 2 objects of group B;
 *    `subscriber_1` receives those 4, so the relay has seen them.
 * 3. `subscriber_2` joins: SUBSCRIBE with the default filter (the latest object), SUBSCRIBE_OK.
 * 4. The publisher writes the last object of group B, ends it, and writes group C (3 objects).
 *
 * Passes when `subscriber_1` receives all 8 objects (each group in order) and `subscriber_2`
 * receives the whole of group C and nothing published before it joined (nothing of group A, no
 * object of group B at or before the SUBSCRIBE_OK's Largest Location). Whether `subscriber_2` gets
 * the rest of group B is the relay's choice and is not checked. Roles: `publisher`,
 * `subscriber_1`, `subscriber_2`. Timeout: 5 seconds.
 *
 * @module
 */

import type { GroupWriter, TrackObject } from "@moqt/client";
import type { CaseContext } from "../../context.js";
import { TestFailure } from "../../failure.js";
import { DEFAULT_TIMEOUT_MS, type TestCase } from "../types.js";
import {
	expectLocations,
	firstGroup,
	locationOf,
	payloadAt,
	readObjects,
	type Subscriber,
	startPublisher,
	startSubscriber,
	writeGroup,
} from "./flow.js";

const LAST_GROUP_OBJECTS = 3;

export const lateSubscriber: TestCase = {
	name: "late-subscriber",
	summary: "a subscriber joining mid-group gets what follows, not what came before",
	timeoutMs: DEFAULT_TIMEOUT_MS,
	async run(t) {
		const publisher = await startPublisher(t);
		const early = await startSubscriber(t, "subscriber_1");
		const a = await t.step("publisher writes group A", writeGroup(publisher.track, 2, firstGroup()));
		const b = a + 1n;
		const groupB = publisher.track.group(b);
		await t.step("publisher writes group B, objects 0-1", writeObjects(groupB, 2));
		const before = await readObjects(t, early, 4);

		const late = await startSubscriber(t, "subscriber_2");

		await t.step(
			"publisher ends group B",
			writeObjects(groupB, 1, 2).then(() => groupB.end()),
		);
		const c = await t.step("publisher writes group C", writeGroup(publisher.track, LAST_GROUP_OBJECTS, b + 1n));

		const after = await readObjects(t, early, 4);
		const everything = [...before, ...after].sort(byGroup);
		expectLocations("subscriber_1", everything, [
			`${a}/0`,
			`${a}/1`,
			`${b}/0`,
			`${b}/1`,
			`${b}/2`,
			`${c}/0`,
			`${c}/1`,
			`${c}/2`,
		]);

		const joined = await readGroup(t, late, c, LAST_GROUP_OBJECTS);
		const stale = joined.filter((o) => o.group < b || (o.group === b && o.object <= 1n));
		if (stale.length > 0) {
			throw new TestFailure("subscriber_2 received objects published before it joined", {
				expected: `objects after ${b}/1`,
				received: stale.map(locationOf).join(" "),
			});
		}
		t.note("subscriber_2_received", joined.map(locationOf).join(" "));
		await t.step("subscriber_2 clean close", t.close(late.session, "subscriber_2"));
		await t.step("subscriber_1 clean close", t.close(early.session, "subscriber_1"));
		await t.step("publisher clean close", t.close(publisher.session, "publisher"));
	},
};

// Writes `count` more objects into an open group whose next Object ID is `first`.
async function writeObjects(group: GroupWriter, count: number, first = 0): Promise<void> {
	for (let i = first; i < first + count; i++) await group.write(payloadAt(group.id, BigInt(i)));
}

// Reads until the whole of group `id` (`count` objects) has arrived; returns everything read.
async function readGroup(t: CaseContext, subscriber: Subscriber, id: bigint, count: number): Promise<TrackObject[]> {
	const read: TrackObject[] = [];
	while (read.filter((o) => o.group === id).length < count) read.push(...(await readObjects(t, subscriber, 1)));
	return read;
}

function byGroup(x: TrackObject, y: TrackObject): number {
	return x.group < y.group ? -1 : x.group > y.group ? 1 : 0;
}
