/**
 * MAX_REQUEST_ID (type 0x15): raises the number of requests the peer may send.
 *
 * draft-ietf-moq-transport-14 §9.5 and -16 §9.5 "MAX_REQUEST_ID": one field, the new Maximum
 * Request ID plus 1 ("Request ID" in -14, "Max Request ID" in -16). Gone from draft-17, where QUIC
 * stream limits bound requests. That the value only increases is a session rule.
 *
 * @module
 */

import type { MessageCodec } from "../message-codec.js";

/** MAX_REQUEST_ID. */
export interface MaxRequestId {
	readonly type: "MAX_REQUEST_ID";
	/** The new Maximum Request ID plus 1: the peer may use Request IDs below this value. */
	readonly maxRequestId: bigint;
}

/** The MAX_REQUEST_ID codec. */
export const maxRequestId: MessageCodec<MaxRequestId> = {
	type: "MAX_REQUEST_ID",
	codes: { 14: 0x15, 16: 0x15 },
	encode(w, m) {
		w.varint(m.maxRequestId);
	},
	decode(r) {
		return { type: "MAX_REQUEST_ID", maxRequestId: r.varintBig() };
	},
};
