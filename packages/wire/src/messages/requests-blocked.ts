/**
 * REQUESTS_BLOCKED (type 0x1A): the sender wants to make a request but has reached the peer's
 * Maximum Request ID.
 *
 * draft-ietf-moq-transport-14 §9.6 and -16 §9.6 "REQUESTS_BLOCKED": one field, Maximum Request ID.
 * Gone from draft-17 with MAX_REQUEST_ID.
 *
 * @module
 */

import type { MessageCodec } from "../message-codec.js";

/** REQUESTS_BLOCKED. */
export interface RequestsBlocked {
	readonly type: "REQUESTS_BLOCKED";
	/** The Maximum Request ID (as last sent in MAX_REQUEST_ID) at which the sender is blocked. */
	readonly maxRequestId: bigint;
}

/** The REQUESTS_BLOCKED codec. */
export const requestsBlocked: MessageCodec<RequestsBlocked> = {
	type: "REQUESTS_BLOCKED",
	codes: { 14: 0x1a, 16: 0x1a },
	encode(w, m) {
		w.varint(m.maxRequestId);
	},
	decode(r) {
		return { type: "REQUESTS_BLOCKED", maxRequestId: r.varintBig() };
	},
};
