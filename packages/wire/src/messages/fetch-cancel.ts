/**
 * FETCH_CANCEL (type 0x17): the subscriber no longer wants the Objects of a FETCH.
 *
 * - draft-ietf-moq-transport-14 §9.19, -16 §9.18 FETCH_CANCEL: Request ID.
 * - Gone from draft-17: a FETCH is cancelled by resetting its request stream
 *   (-18/-19 "Request Cancellation and Rejection").
 *
 * @module
 */

import type { MessageCodec } from "../message-codec.js";

/** FETCH_CANCEL. */
export interface FetchCancel {
	readonly type: "FETCH_CANCEL";
	/** The Request ID of the FETCH cancelled. */
	readonly requestId: bigint;
}

/** The FETCH_CANCEL codec. */
export const fetchCancel: MessageCodec<FetchCancel> = {
	type: "FETCH_CANCEL",
	codes: { 14: 0x17, 16: 0x17 },
	encode(w, m) {
		w.varint(m.requestId);
	},
	decode(r) {
		return { type: "FETCH_CANCEL", requestId: r.varintBig() };
	},
};
