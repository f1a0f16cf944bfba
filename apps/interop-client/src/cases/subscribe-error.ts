/**
 * `subscribe-error` (tests-TEST-CASES.md; MoQT-18 §5.1, §10.7, §10.6): SUBSCRIBE to
 * `nonexistent/namespace` / `test-track`, which nobody publishes. Passes when the relay refuses
 * with REQUEST_ERROR (SUBSCRIBE_ERROR in draft-14), the expected answer. Timeout 2 seconds.
 *
 * @module
 */

import { RequestError } from "@moqt/client";
import { receivedOf, TestFailure } from "../failure.js";
import { NONEXISTENT_NAMESPACE, subscribeErrorName, TEST_TRACK } from "../names.js";
import { setupNameFor } from "./expectations.js";
import { settle } from "./settle.js";
import type { TestCase } from "./types.js";

export const subscribeError: TestCase = {
	name: "subscribe-error",
	summary: "SUBSCRIBE to a namespace nobody publishes is refused with REQUEST_ERROR",
	timeoutMs: 2000,
	async run(t) {
		const session = await t.step(setupNameFor(t), t.connect());
		const expected = subscribeErrorName(session.draft);
		const outcome = await t.step(
			expected,
			settle(session.subscribe(NONEXISTENT_NAMESPACE, TEST_TRACK, { signal: t.signal })),
		);
		if (outcome.ok) {
			outcome.value.unsubscribe();
			throw new TestFailure(`expected ${expected}, got SUBSCRIBE_OK`, { expected, received: "SUBSCRIBE_OK" });
		}
		// A refusal in a message; a reset request stream or a local timeout is something else.
		if (!(outcome.error instanceof RequestError) || outcome.error.source !== "message") {
			const received = receivedOf(outcome.error);
			throw new TestFailure(`expected ${expected}, got ${received}`, { expected, received });
		}
		t.note("received", receivedOf(outcome.error));
		await t.step("clean close", t.close(session));
	},
};
