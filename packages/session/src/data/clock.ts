/**
 * Time for the data plane, injected so that delivery timeouts and the wait for an unknown Track
 * Alias are deterministic in tests (draft-ietf-moq-transport-14 §9.2.1.2 and -16 §9.2.2.2
 * "DELIVERY TIMEOUT Parameter"; -18/-19 §8 "Delivery Timeouts and Data Reliability").
 *
 * @module
 */

/** A source of time and one-shot timers, in milliseconds. */
export interface Clock {
	/** The current time in milliseconds (any fixed origin). */
	now(): number;
	/** Calls `fn` once after `ms` milliseconds; returns a function that cancels the timer. */
	setTimer(ms: number, fn: () => void): () => void;
}

// The session package compiles against ES2022 alone, which declares no timers; every platform it
// runs on (browsers, Node.js, workers, Deno, Bun) has these.
const runtime = globalThis as unknown as {
	setTimeout(fn: () => void, ms: number): unknown;
	clearTimeout(handle: unknown): void;
	readonly performance?: { now(): number };
};

/** The platform's clock: monotonic `performance.now()` (else `Date.now()`) and `setTimeout`. */
export const systemClock: Clock = {
	// Looked up at every call, so fake timers that replace `performance` in tests are seen.
	now: () => runtime.performance?.now() ?? Date.now(),
	setTimer(ms, fn) {
		const handle = runtime.setTimeout(fn, Math.max(0, ms));
		return () => runtime.clearTimeout(handle);
	},
};
