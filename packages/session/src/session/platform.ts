/// <reference lib="esnext.disposable" />
/**
 * The few runtime facilities the driver needs beyond ES2022, declared structurally so that
 * `@moqt/session` compiles without DOM or Node.js types and runs in browsers, workers and Node.js:
 * one-shot timers, a monotonic clock, `AbortSignal` and `Symbol.asyncDispose`.
 *
 * @module
 */

// Every runtime has these; ES2022's lib does not declare them.
const runtime = globalThis as unknown as {
	setTimeout(callback: () => void, ms: number): unknown;
	clearTimeout(handle: unknown): void;
	queueMicrotask(callback: () => void): void;
	readonly performance?: { now(): number };
};

/** The part of the standard `AbortSignal` the session uses; a real `AbortSignal` fits. */
export interface AbortSignalLike {
	readonly aborted: boolean;
	readonly reason: unknown;
	addEventListener(type: "abort", listener: () => void, options?: { readonly once?: boolean }): void;
	removeEventListener(type: "abort", listener: () => void): void;
}

/** A pending one-shot timer. */
export type TimerHandle = unknown;

/** Runs `callback` once after `ms` milliseconds. */
export function setTimer(callback: () => void, ms: number): TimerHandle {
	return runtime.setTimeout(callback, ms);
}

/** Cancels a timer from {@link setTimer}. */
export function clearTimer(handle: TimerHandle): void {
	runtime.clearTimeout(handle);
}

/**
 * Milliseconds on a monotonic clock (any origin), the clock the session core runs on. Looked up at
 * every call so that test fake timers, which replace `performance`, are seen.
 */
export function monotonicNow(): number {
	const performance = runtime.performance;
	return performance === undefined ? Date.now() : performance.now();
}

/**
 * `Symbol.asyncDispose` where the runtime has it. Elsewhere a registered stand-in keeps class
 * definitions valid without a polyfill: `await using` needs the real symbol anyway.
 */
export const asyncDispose: typeof Symbol.asyncDispose =
	(Symbol as { asyncDispose?: typeof Symbol.asyncDispose }).asyncDispose ??
	(Symbol.for("Symbol.asyncDispose") as typeof Symbol.asyncDispose);

/**
 * Calls `listener` once when `signal` aborts; returns the function that stops listening. Nothing
 * happens (and nothing is registered) without a signal.
 */
export function onAbort(signal: AbortSignalLike | undefined, listener: () => void): () => void {
	if (signal === undefined) return noop;
	signal.addEventListener("abort", listener, { once: true });
	return () => signal.removeEventListener("abort", listener);
}

function noop(): void {}

/**
 * Reports an error thrown by application code that the session called (a listener): it is
 * rethrown from a microtask, where the runtime reports it as uncaught (as `EventTarget` does),
 * so it neither disappears nor breaks the session's processing of its input.
 */
export function reportError(error: unknown): void {
	runtime.queueMicrotask(() => {
		throw error;
	});
}

/** The error a request the application abandoned settles with (named "AbortError", as DOM aborts are). */
export function abortError(message: string): Error {
	const error = new Error(message);
	error.name = "AbortError";
	return error;
}
