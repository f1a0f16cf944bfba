/**
 * `publish-namespace-done` (tests-TEST-CASES.md; MoQT-18 §6.2, §10.15, §10.5, §3.3.2): as
 * announce-only, then withdraw the namespace before closing. The withdrawal is the draft's:
 * PUBLISH_NAMESPACE_DONE in drafts 14 and 16, a reset of the request stream from draft-17
 * ("cancelling the request stream"). Passes when REQUEST_OK arrived, the withdrawal ended the
 * request without error, and the session closed cleanly.
 *
 * @module
 */

import { TestFailure } from "../failure.js";
import { namespaceOkName, TEST_NAMESPACE } from "../names.js";
import { NAMESPACE_ANSWER_MS } from "./announce-only.js";
import { setupNameFor } from "./expectations.js";
import { DEFAULT_TIMEOUT_MS, type TestCase } from "./types.js";

export const publishNamespaceDone: TestCase = {
	name: "publish-namespace-done",
	summary: "PUBLISH_NAMESPACE accepted, then withdrawn (PUBLISH_NAMESPACE_DONE or request stream reset)",
	timeoutMs: DEFAULT_TIMEOUT_MS + NAMESPACE_ANSWER_MS,
	async run(t) {
		const session = await t.step(setupNameFor(t), t.connect(), DEFAULT_TIMEOUT_MS);
		const published = await t.step(
			namespaceOkName(session.draft),
			session.publishNamespace(TEST_NAMESPACE, { signal: t.signal }),
			NAMESPACE_ANSWER_MS,
		);
		published.withdraw();
		t.note("withdrawal", session.draft >= 17 ? "request stream reset" : "PUBLISH_NAMESPACE_DONE");
		// `done` is undefined when we ended the request; an error means the relay had ended it first.
		const ended = await published.done;
		if (ended !== undefined) {
			throw new TestFailure(`the namespace was ended before the withdrawal: ${ended.message}`, {
				expected: "withdrawal",
				received: ended.message,
			});
		}
		await t.step("clean close", t.close(session));
	},
};
