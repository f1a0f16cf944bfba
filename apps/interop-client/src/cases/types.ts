/**
 * A test case: its identifier (the name on the command line and in the TAP output), the time it
 * may take in all (tests-TEST-CASES.md "Timeout"; 5 seconds where none is given, as
 * TEST-CLIENT-INTERFACE.md "Timeout Handling" says), and its procedure.
 *
 * @module
 */

import type { CaseContext } from "../context.js";

/** The interface's timeout for a case that specifies none. */
export const DEFAULT_TIMEOUT_MS = 5000;

export interface TestCase {
	readonly name: string;
	/** What the case checks, in a line (verbose output). */
	readonly summary: string;
	/** The whole case, connections included; past it the case fails with `received: timeout`. */
	readonly timeoutMs: number;
	/** Runs the procedure; resolves when the success criteria hold, throws a TestFailure otherwise. */
	run(t: CaseContext): Promise<void>;
}
