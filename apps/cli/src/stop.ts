/**
 * Stopping long-running commands: the process's stop signal (SIGINT/SIGTERM) combined with an
 * optional `--duration`, and sleeping that wakes early when told to stop.
 *
 * @module
 */

/** A signal aborted by `signal` or after `ms` (when given), whichever comes first. */
export function stopAfter(signal: AbortSignal, ms: number | undefined): AbortSignal {
	return ms === undefined ? signal : AbortSignal.any([signal, AbortSignal.timeout(ms)]);
}

/** Resolves after `ms`, or as soon as `signal` aborts (never rejects). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
	if (ms <= 0 || signal?.aborted === true) return Promise.resolve();
	return new Promise((resolve) => {
		const done = () => {
			clearTimeout(timer);
			signal?.removeEventListener("abort", done);
			resolve();
		};
		const timer = setTimeout(done, ms);
		signal?.addEventListener("abort", done, { once: true });
	});
}

/** Runs `onAbort` once `signal` aborts (at once if it has); returns a function that cancels this. */
export function onAbort(signal: AbortSignal, onAbort: () => void): () => void {
	if (signal.aborted) {
		onAbort();
		return () => undefined;
	}
	signal.addEventListener("abort", onAbort, { once: true });
	return () => signal.removeEventListener("abort", onAbort);
}
