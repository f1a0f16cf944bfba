/**
 * UNSUBSCRIBE (type 0xA): the subscriber ends a subscription. Request ID only.
 * draft-ietf-moq-transport-14 §9.11, -16 §9.12. From draft-17 a subscriber cancels the
 * request's bidi stream instead (-18 §10 message table has no UNSUBSCRIBE).
 *
 * @module
 */

import type { MessageCodec } from "../message-codec.js";

/** UNSUBSCRIBE (draft-14 and -16). */
export interface Unsubscribe {
	readonly type: "UNSUBSCRIBE";
	/** The Request ID of the subscription being ended. */
	readonly requestId: bigint;
}

/** The UNSUBSCRIBE codec. */
export const unsubscribe: MessageCodec<Unsubscribe> = {
	type: "UNSUBSCRIBE",
	codes: { 14: 0xa, 16: 0xa },
	encode(w, m) {
		w.varint(m.requestId);
	},
	decode(r) {
		return { type: "UNSUBSCRIBE", requestId: r.varintBig() };
	},
};
