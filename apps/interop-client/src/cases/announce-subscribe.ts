/**
 * `announce-subscribe` (tests-TEST-CASES.md; MoQT-18 §5.1, §6.2, §10.7-10.8, §10.15, §10.5): a
 * publisher connects and publishes `moq-test/interop` (REQUEST_OK), then a subscriber connects and
 * subscribes to `test-track` in it. Passes when both set up, the publisher's namespace is
 * accepted and the subscriber gets SUBSCRIBE_OK: the relay routed the subscription to the
 * publisher, whose track answers it. Timeout 3 seconds in all. Roles: `publisher`, `subscriber`.
 *
 * @module
 */

import { namespaceOkName, TEST_NAMESPACE, TEST_TRACK } from "../names.js";
import { setupNameFor } from "./expectations.js";
import type { TestCase } from "./types.js";

export const announceSubscribe: TestCase = {
	name: "announce-subscribe",
	summary: "a publisher's namespace, then a subscriber's SUBSCRIBE routed to it (SUBSCRIBE_OK)",
	timeoutMs: 3000,
	async run(t) {
		const publisher = await t.step(`publisher ${setupNameFor(t)}`, t.connect("publisher"));
		// The track answers the SUBSCRIBE the relay sends the publisher.
		const track = publisher.track(TEST_NAMESPACE, TEST_TRACK);
		await t.step(
			`publisher ${namespaceOkName(publisher.draft)}`,
			publisher.publishNamespace(TEST_NAMESPACE, { signal: t.signal }),
		);
		const subscriber = await t.step(`subscriber ${setupNameFor(t)}`, t.connect("subscriber"));
		await t.step("subscriber SUBSCRIBE_OK", subscriber.subscribe(TEST_NAMESPACE, TEST_TRACK, { signal: t.signal }));
		// Informative: a relay has its upstream subscription before its SUBSCRIBE_OK (-19 §9.4).
		t.note("publisher_subscriptions", track.subscribers);
		await t.step("subscriber clean close", t.close(subscriber, "subscriber"));
		await t.step("publisher clean close", t.close(publisher, "publisher"));
	},
};
