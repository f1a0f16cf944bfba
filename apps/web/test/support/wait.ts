/**
 * Test support: bounded waiting for a condition that other processes (a browser, a relay) make
 * true. The bound only keeps a broken run from hanging; nothing is asserted about time.
 *
 * @module
 */

/** Resolves with `probe()`'s first value other than undefined/false; rejects after `timeoutMs`. */
export async function until<T>(
	what: string,
	probe: () => T | undefined | false | Promise<T | undefined | false>,
	timeoutMs = 20_000,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value !== undefined && value !== false) return value;
		if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${timeoutMs} ms`);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}
