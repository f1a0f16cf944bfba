/**
 * `setup-only` (tests-TEST-CASES.md; MoQT-18 §3.3, §10.3): connect, send our SETUP, receive the
 * peer's, close gracefully. Passes when the peer's SETUP arrived and the connection closed without
 * error. Timeout 2 seconds.
 *
 * @module
 */

import { setupNameFor } from "./expectations.js";
import type { TestCase } from "./types.js";

export const setupOnly: TestCase = {
	name: "setup-only",
	summary: "SETUP exchange, then a graceful close",
	timeoutMs: 2000,
	async run(t) {
		// `connect` resolves once the peer's SETUP (SERVER_SETUP before draft-17) is in.
		const session = await t.step(setupNameFor(t), t.connect());
		await t.step("clean close", t.close(session));
	},
};
