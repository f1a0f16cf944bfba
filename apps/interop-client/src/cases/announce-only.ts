/**
 * `announce-only` (tests-TEST-CASES.md; MoQT-18 §6.2, §10.15, §10.5): connect and set up, send
 * PUBLISH_NAMESPACE for `moq-test/interop`, wait for REQUEST_OK (`PUBLISH_NAMESPACE_OK`), close
 * gracefully. Timeout 2 seconds after sending PUBLISH_NAMESPACE; the connection before it has the
 * interface's default 5 seconds.
 *
 * @module
 */

import { namespaceOkName, TEST_NAMESPACE } from "../names.js";
import { setupNameFor } from "./expectations.js";
import { DEFAULT_TIMEOUT_MS, type TestCase } from "./types.js";

/** The time a PUBLISH_NAMESPACE has for its answer (this case and publish-namespace-done). */
export const NAMESPACE_ANSWER_MS = 2000;

export const announceOnly: TestCase = {
	name: "announce-only",
	summary: "PUBLISH_NAMESPACE answered by REQUEST_OK (PUBLISH_NAMESPACE_OK)",
	timeoutMs: DEFAULT_TIMEOUT_MS + NAMESPACE_ANSWER_MS,
	async run(t) {
		const session = await t.step(setupNameFor(t), t.connect(), DEFAULT_TIMEOUT_MS);
		await t.step(
			namespaceOkName(session.draft),
			session.publishNamespace(TEST_NAMESPACE, { signal: t.signal }),
			NAMESPACE_ANSWER_MS,
		);
		await t.step("clean close", t.close(session));
	},
};
