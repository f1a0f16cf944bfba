/**
 * A run: the TAP header (version, the client, relay and draft comments, the plan), then each case
 * in turn with its test point and YAML diagnostics, and the exit code (0 when every case passed,
 * 1 otherwise). A relay that cannot be reached or trusted at all ends the run with `Bail out!`.
 *
 * @module
 */

import type { Draft } from "@moqt/client";
import type { TestCase } from "./cases/types.js";
import { CaseContext, type CaseEnvironment } from "./context.js";
import { isFatal, receivedOf, TestFailure, TimeoutFailure } from "./failure.js";
import type { DiagnosticValue, TapWriter } from "./tap.js";
import { CLIENT_NAME, CLIENT_VERSION } from "./version.js";

/** What a run is given. */
export interface RunPlan {
	readonly cases: readonly TestCase[];
	readonly relay: string;
	readonly env: CaseEnvironment;
	/** True when the drafts were pinned rather than all offered. */
	readonly draftsPinned: boolean;
}

/** The result of one case. */
export interface CaseResult {
	readonly ok: boolean;
	readonly diagnostics: Readonly<Record<string, DiagnosticValue>>;
	/** Set when the relay cannot be used at all: the run bails out after this point. */
	readonly fatal: string | undefined;
	/** The draft the case's first session negotiated. */
	readonly draft: Draft | undefined;
}

/** Runs the plan, writing TAP to `tap`; resolves with the exit code. */
export async function run(plan: RunPlan, tap: TapWriter): Promise<number> {
	const drafts = plan.env.target.drafts.map((d) => `draft-${d}`);
	tap.version();
	tap.comment(`${CLIENT_NAME} v${CLIENT_VERSION}`);
	tap.comment(`Relay: ${plan.relay}`);
	tap.comment(
		plan.draftsPinned && drafts.length === 1 ? `Draft: ${drafts[0]}` : `Draft: offering ${drafts.join(", ")}`,
	);
	tap.plan(plan.cases.length);
	let failed = 0;
	let negotiated: number | undefined;
	for (const [index, testCase] of plan.cases.entries()) {
		const result = await runCase(testCase, plan.env);
		tap.point({ number: index + 1, ok: result.ok, name: testCase.name, diagnostics: result.diagnostics });
		if (!result.ok) failed++;
		// When the relay picks among the drafts offered, say which it picked, once.
		if (negotiated === undefined && result.draft !== undefined && drafts.length > 1) {
			negotiated = result.draft;
			tap.comment(`Draft: draft-${negotiated} negotiated`);
		}
		if (result.fatal !== undefined) {
			tap.bailOut(result.fatal);
			return 1;
		}
	}
	return failed > 0 ? 1 : 0;
}

/** Runs one case within its timeout; never rejects. */
export async function runCase(testCase: TestCase, env: CaseEnvironment): Promise<CaseResult> {
	const controller = new AbortController();
	const context = new CaseContext(env, controller.signal);
	const started = performance.now();
	let timer: ReturnType<typeof setTimeout> | undefined;
	const timedOut = new Promise<never>((_, reject) => {
		timer = setTimeout(() => {
			const failure = new TimeoutFailure(context.waitingFor ?? "the end of the case", testCase.timeoutMs);
			controller.abort(failure);
			reject(failure);
		}, testCase.timeoutMs);
	});
	env.log(`${testCase.name}: ${testCase.summary} (timeout ${testCase.timeoutMs} ms)`);
	let error: unknown;
	const running = testCase.run(context);
	try {
		await Promise.race([running, timedOut]);
	} catch (caught) {
		error = caught;
	} finally {
		clearTimeout(timer);
		// Whatever the case still waits for ends with the abort; its rejection is not reported twice.
		running.catch(() => undefined);
		if (!controller.signal.aborted) controller.abort(new Error("the case ended"));
	}
	const durationMs = Math.round(performance.now() - started);
	await context.dispose();
	env.log(`${testCase.name}: ${error === undefined ? "passed" : `failed: ${(error as Error).message}`}`);
	return {
		ok: error === undefined,
		diagnostics: { duration_ms: durationMs, ...failureFields(error), ...ordered(context.diagnostics) },
		fatal: isFatal(error) || isFatal(causeOf(error)) ? receivedOf(causeOf(error) ?? error) : undefined,
		draft: context.draft,
	};
}

// The case's diagnostics with the connection IDs first, then the session's draft and transport,
// then the rest, each group in the order recorded.
function ordered(diagnostics: ReadonlyMap<string, DiagnosticValue>): Record<string, DiagnosticValue> {
	const rank = (key: string) => (key.endsWith("connection_id") ? 0 : key === "draft" || key === "transport" ? 1 : 2);
	return Object.fromEntries([...diagnostics].sort(([a], [b]) => rank(a) - rank(b)));
}

// The YAML fields of a failure (TEST-CLIENT-INTERFACE.md "Error Reporting").
function failureFields(error: unknown): Record<string, string> {
	if (error === undefined) return {};
	if (error instanceof TestFailure) {
		return {
			...(error.expected !== undefined && { expected: error.expected }),
			...(error.received !== undefined && { received: error.received }),
			message: error.message,
		};
	}
	return { received: receivedOf(error), message: error instanceof Error ? error.message : String(error) };
}

function causeOf(error: unknown): unknown {
	return error instanceof TestFailure ? error.cause : undefined;
}
