/**
 * One AbortSignal for a connection attempt: the caller's signal, and the `timeout` that ends the
 * attempt with a "TimeoutError" DOMException (as `AbortSignal.timeout` does).
 *
 * @module
 */

/** @internal The combined signal, and the function that lets go of the timer and listener. */
export function deadline(
	signal: AbortSignal | undefined,
	timeout: number | undefined,
): { readonly signal: AbortSignal | undefined; release(): void } {
	if (timeout === undefined) return { signal, release: () => undefined };
	if (!Number.isFinite(timeout) || timeout < 0) throw new RangeError(`timeout ${timeout} is not a duration`);
	const controller = new AbortController();
	const timer = setTimeout(
		() => controller.abort(new DOMException(`no session within ${timeout} ms`, "TimeoutError")),
		timeout,
	);
	const forward = () => controller.abort(signal?.reason);
	if (signal?.aborted) forward();
	else signal?.addEventListener("abort", forward, { once: true });
	return {
		signal: controller.signal,
		release: () => {
			clearTimeout(timer);
			signal?.removeEventListener("abort", forward);
		},
	};
}
