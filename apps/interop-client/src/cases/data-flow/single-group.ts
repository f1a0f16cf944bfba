/**
 * `single-group` (tests-TEST-CASES.md "Future Test Cases": "Publisher sends group of N objects";
 * §2.3 Groups). Our procedure: as single-object, with N = 5 objects in one group (one subgroup,
 * hence one stream). Passes when the subscriber receives objects 0 to 4 of that group, in order,
 * with their payloads. Roles: `publisher`, `subscriber`. Timeout: 5 seconds.
 *
 * @module
 */

import { DEFAULT_TIMEOUT_MS, type TestCase } from "../types.js";
import { expectLocations, firstGroup, readObjects, startPublisher, startSubscriber, writeGroup } from "./flow.js";

const OBJECTS = 5;

export const singleGroup: TestCase = {
	name: "single-group",
	summary: `a group of ${OBJECTS} objects reaches the subscriber in order`,
	timeoutMs: DEFAULT_TIMEOUT_MS,
	async run(t) {
		const publisher = await startPublisher(t);
		const subscriber = await startSubscriber(t, "subscriber");
		const group = await t.step(
			`publisher writes ${OBJECTS} objects`,
			writeGroup(publisher.track, OBJECTS, firstGroup()),
		);
		const objects = await readObjects(t, subscriber, OBJECTS);
		expectLocations(
			"subscriber",
			objects,
			Array.from({ length: OBJECTS }, (_, i) => `${group}/${i}`),
		);
		await t.step("subscriber clean close", t.close(subscriber.session, "subscriber"));
		await t.step("publisher clean close", t.close(publisher.session, "publisher"));
	},
};
