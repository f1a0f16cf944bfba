/**
 * The runner with cases of its own making, no network: test points in order with their
 * diagnostics, a case past its timeout reported as `received: timeout` with what it waited for,
 * and the exit code.
 */

import { describe, expect, test } from "vitest";
import type { TestCase } from "../src/cases/types.js";
import type { CaseEnvironment } from "../src/context.js";
import { TestFailure } from "../src/failure.js";
import { run, runCase } from "../src/runner.js";
import { TapWriter } from "../src/tap.js";
import { parseTap } from "./tap-parser.js";

const env: CaseEnvironment = {
	target: { relay: "moqt://127.0.0.1:1", drafts: [16], insecure: true },
	log: () => undefined,
};

const passing: TestCase = {
	name: "passes",
	summary: "",
	timeoutMs: 1000,
	async run(t) {
		t.note("note", "value");
	},
};

const failing: TestCase = {
	name: "fails",
	summary: "",
	timeoutMs: 1000,
	async run() {
		throw new TestFailure("unexpected success", { expected: "REQUEST_ERROR", received: "SUBSCRIBE_OK" });
	},
};

// Waits for something that never comes, until the runner's timeout aborts it.
const hanging: TestCase = {
	name: "hangs",
	summary: "",
	timeoutMs: 20,
	async run(t) {
		await t.step(
			"PUBLISH_NAMESPACE_OK",
			new Promise((_, reject) => t.signal.addEventListener("abort", () => reject(t.signal.reason))),
		);
	},
};

describe("runner", () => {
	test("one test point per case, with the failure's expected, received and message", async () => {
		const lines: string[] = [];
		const code = await run(
			{ cases: [passing, failing], relay: env.target.relay, env, draftsPinned: true },
			new TapWriter((line) => lines.push(line)),
		);
		expect(code).toBe(1);
		const tap = parseTap(`${lines.join("\n")}\n`);
		expect(tap.comments).toEqual(["moq-test-client v0.1.0", "Relay: moqt://127.0.0.1:1", "Draft: draft-16"]);
		expect(tap.points.map((p) => [p.ok, p.description])).toEqual([
			[true, "passes"],
			[false, "fails"],
		]);
		expect(tap.points[0]?.yaml).toEqual({ duration_ms: expect.any(Number), note: "value" });
		expect(tap.points[1]?.yaml).toMatchObject({
			expected: "REQUEST_ERROR",
			received: "SUBSCRIBE_OK",
			message: "unexpected success",
		});
	});

	test("every case passing exits 0", async () => {
		const code = await run(
			{ cases: [passing], relay: env.target.relay, env, draftsPinned: false },
			new TapWriter(() => undefined),
		);
		expect(code).toBe(0);
	});

	test("a case past its timeout fails with received: timeout and what it waited for", async () => {
		const result = await runCase(hanging, env);
		expect(result.ok).toBe(false);
		expect(result.fatal).toBeUndefined();
		expect(result.diagnostics).toMatchObject({
			expected: "PUBLISH_NAMESPACE_OK",
			received: "timeout",
			message: "no PUBLISH_NAMESPACE_OK after 20 ms",
		});
	});
});
