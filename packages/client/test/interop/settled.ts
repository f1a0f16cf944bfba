/**
 * Whether a promise has settled once everything already received has been processed. Used to
 * show that an answer did not come (an observed deviation), after a later exchange proved that
 * the peer had handled the request: the check waits one macrotask, so every chunk already in
 * the transport's queues and every microtask it triggers have run; it reads no clock.
 *
 * @module
 */

import { setImmediate } from "node:timers/promises";

/** True if `promise` settled by the next macrotask. */
export async function settledYet(promise: Promise<unknown>): Promise<boolean> {
	let settled = false;
	promise.then(
		() => {
			settled = true;
		},
		() => {
			settled = true;
		},
	);
	await setImmediate();
	return settled;
}
