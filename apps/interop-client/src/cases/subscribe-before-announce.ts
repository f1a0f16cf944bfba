/**
 * `subscribe-before-announce` (tests-TEST-CASES.md; MoQT-18 §5.1, §6.2, §10.7, §10.6, §10.15,
 * §10.5): the subscriber connects and subscribes to `moq-test/interop` / `test-track` before
 * anyone publishes it; the publisher starts 500 ms later, publishes the namespace and waits for
 * REQUEST_OK. Either answer to the SUBSCRIBE passes: SUBSCRIBE_OK (the relay held it until the
 * publisher came) or REQUEST_ERROR (it does not hold subscriptions). The publisher's namespace must
 * be accepted too. Timeout 3.5 seconds in all. Roles: `publisher`, `subscriber`.
 *
 * The 500 ms are counted from the moment the SUBSCRIBE is sent (not from the subscriber's first
 * packet), so that the SUBSCRIBE really comes first however long the subscriber's handshake takes.
 *
 * @module
 */

import { setTimeout as sleep } from "node:timers/promises";
import { RequestError } from "@moqt/client";
import type { CaseContext } from "../context.js";
import { receivedOf, TestFailure } from "../failure.js";
import { namespaceOkName, subscribeErrorName, TEST_NAMESPACE, TEST_TRACK } from "../names.js";
import { setupNameFor } from "./expectations.js";
import { settle } from "./settle.js";
import type { TestCase } from "./types.js";

/** The publisher's delay (the spec's "starts 500ms after subscriber"). */
const PUBLISHER_DELAY_MS = 500;

export const subscribeBeforeAnnounce: TestCase = {
	name: "subscribe-before-announce",
	summary: "SUBSCRIBE before the namespace is published: SUBSCRIBE_OK once it is, or REQUEST_ERROR",
	timeoutMs: 3500,
	async run(t) {
		const subscriber = await t.step(`subscriber ${setupNameFor(t)}`, t.connect("subscriber"));
		const expected = `subscriber SUBSCRIBE_OK or ${subscribeErrorName(subscriber.draft)}`;
		// Resolves once SUBSCRIBE is sent; `response` settles with the answer.
		const subscription = await subscriber.subscribe(TEST_NAMESPACE, TEST_TRACK, {
			signal: t.signal,
			waitResponse: false,
		});
		const answer = t.step(expected, settle(subscription.response));
		await sleep(PUBLISHER_DELAY_MS, undefined, { signal: t.signal });
		const publisher = await publish(t);
		const outcome = await answer;
		if (outcome.ok) {
			t.note("subscriber_outcome", "SUBSCRIBE_OK");
		} else if (outcome.error instanceof RequestError && outcome.error.source === "message") {
			t.note("subscriber_outcome", receivedOf(outcome.error));
		} else {
			const received = receivedOf(outcome.error);
			throw new TestFailure(`expected ${expected}, got ${received}`, { expected, received });
		}
		await t.step("subscriber clean close", t.close(subscriber, "subscriber"));
		await t.step("publisher clean close", t.close(publisher, "publisher"));
	},
};

// The publisher's procedure: connect, a track to answer the relay's SUBSCRIBE, PUBLISH_NAMESPACE.
async function publish(t: CaseContext) {
	const publisher = await t.step(`publisher ${setupNameFor(t)}`, t.connect("publisher"));
	publisher.track(TEST_NAMESPACE, TEST_TRACK);
	await t.step(
		`publisher ${namespaceOkName(publisher.draft)}`,
		publisher.publishNamespace(TEST_NAMESPACE, { signal: t.signal }),
	);
	return publisher;
}
