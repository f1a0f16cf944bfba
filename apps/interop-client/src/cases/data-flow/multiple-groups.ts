/**
 * `multiple-groups` (tests-TEST-CASES.md "Future Test Cases": "Publisher sends 3 groups,
 * subscriber receives all"; §2.3 Groups). Our procedure: as single-object, with 3 groups of 3
 * objects each, every group ended before the next starts. Passes when the subscriber receives all
 * 9 objects with their payloads, each group's objects in order. Groups travel on streams of their
 * own, so the order between groups is not checked. Roles: `publisher`, `subscriber`. Timeout: 5
 * seconds.
 *
 * @module
 */

import type { TrackObject } from "@moqt/client";
import { DEFAULT_TIMEOUT_MS, type TestCase } from "../types.js";
import { expectLocations, firstGroup, readObjects, startPublisher, startSubscriber, writeGroup } from "./flow.js";

const GROUPS = 3;
const OBJECTS_PER_GROUP = 3;

export const multipleGroups: TestCase = {
	name: "multiple-groups",
	summary: `${GROUPS} groups of ${OBJECTS_PER_GROUP} objects all reach the subscriber`,
	timeoutMs: DEFAULT_TIMEOUT_MS,
	async run(t) {
		const publisher = await startPublisher(t);
		const subscriber = await startSubscriber(t, "subscriber");
		const first = firstGroup();
		const groups: bigint[] = [];
		for (let g = 0n; g < BigInt(GROUPS); g++) {
			groups.push(
				await t.step(`publisher writes group ${first + g}`, writeGroup(publisher.track, OBJECTS_PER_GROUP, first + g)),
			);
		}
		const objects = await readObjects(t, subscriber, GROUPS * OBJECTS_PER_GROUP);
		// A stable sort by group keeps each group's arrival order, which must be 0, 1, 2.
		const byGroup = [...objects].sort((a: TrackObject, b: TrackObject) =>
			a.group < b.group ? -1 : a.group > b.group ? 1 : 0,
		);
		expectLocations(
			"subscriber",
			byGroup,
			groups.flatMap((group) => Array.from({ length: OBJECTS_PER_GROUP }, (_, i) => `${group}/${i}`)),
		);
		await t.step("subscriber clean close", t.close(subscriber.session, "subscriber"));
		await t.step("publisher clean close", t.close(publisher.session, "publisher"));
	},
};
