/**
 * `single-object` (tests-TEST-CASES.md "Future Test Cases": "Publisher sends 1 object, subscriber
 * receives it"; §10 Data Streams). Our procedure: the publisher publishes `moq-test/interop` and
 * serves `test-track`; the subscriber subscribes (SUBSCRIBE_OK); the publisher then writes one
 * object in a new group (numbered by the time, see flow.ts) and ends the group. Passes when the subscriber receives that object, at
 * its group and object ID, with its payload. Roles: `publisher`, `subscriber`. Timeout: the
 * interface's default 5 seconds.
 *
 * @module
 */

import { DEFAULT_TIMEOUT_MS, type TestCase } from "../types.js";
import { expectLocations, firstGroup, readObjects, startPublisher, startSubscriber, writeGroup } from "./flow.js";

export const singleObject: TestCase = {
	name: "single-object",
	summary: "one object from the publisher reaches the subscriber",
	timeoutMs: DEFAULT_TIMEOUT_MS,
	async run(t) {
		const publisher = await startPublisher(t);
		const subscriber = await startSubscriber(t, "subscriber");
		const group = await t.step("publisher writes 1 object", writeGroup(publisher.track, 1, firstGroup()));
		const objects = await readObjects(t, subscriber, 1);
		expectLocations("subscriber", objects, [`${group}/0`]);
		await t.step("subscriber clean close", t.close(subscriber.session, "subscriber"));
		await t.step("publisher clean close", t.close(publisher.session, "publisher"));
	},
};
