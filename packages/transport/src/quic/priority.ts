/**
 * Maps W3C WebTransport `sendOrder` (any integer; higher is sent first) onto quiche's stream
 * priority: an 8-bit urgency, lower sent first, in the spirit of RFC 9218 §4 but with all 256
 * levels that quiche's scheduler orders by.
 *
 * Streams are always non-incremental: quiche 0.x (as bundled) misorders incremental streams
 * whose priority was set before their first write, and sendOrder has no incremental flag
 * anyway. Within one urgency, quiche sends the lowest stream ID first.
 *
 * @module
 */

/** The urgency of sendOrder 0, in the middle of the range. */
export const DEFAULT_URGENCY = 127;

// |sendOrder| up to this maps one to one; beyond it, logarithmically.
const LINEAR = 64;
const LOG_STEPS = DEFAULT_URGENCY - LINEAR;
// log2 of the largest safe integer, less log2(LINEAR).
const LOG_SPAN = 53 - Math.log2(LINEAR);

/**
 * The quiche urgency for `sendOrder`. Order is kept exactly for |sendOrder| ≤ 64 and roughly
 * (about one level per doubling) beyond; values collide only far from zero.
 */
export function sendOrderToUrgency(sendOrder: number): number {
	if (!Number.isFinite(sendOrder) || sendOrder === 0) return DEFAULT_URGENCY;
	const magnitude = Math.min(Math.abs(Math.trunc(sendOrder)), Number.MAX_SAFE_INTEGER);
	const steps =
		magnitude <= LINEAR
			? magnitude
			: LINEAR + Math.min(LOG_STEPS, Math.ceil(((Math.log2(magnitude) - Math.log2(LINEAR)) * LOG_STEPS) / LOG_SPAN));
	return sendOrder > 0 ? DEFAULT_URGENCY - steps : DEFAULT_URGENCY + steps;
}
