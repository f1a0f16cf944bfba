/**
 * SUBSCRIBE_NAMESPACE_OK (type 0x12): the publisher accepts a SUBSCRIBE_NAMESPACE.
 *
 * - draft-ietf-moq-transport-14 §9.29 SUBSCRIBE_NAMESPACE_OK: Request ID.
 * - draft-16 and later answer with REQUEST_OK instead.
 *
 * @module
 */

import type { MessageCodec } from "../message-codec.js";

/** SUBSCRIBE_NAMESPACE_OK (draft-14 only). */
export interface SubscribeNamespaceOk {
	readonly type: "SUBSCRIBE_NAMESPACE_OK";
	/** The Request ID of the SUBSCRIBE_NAMESPACE accepted. */
	readonly requestId: bigint;
}

/** The SUBSCRIBE_NAMESPACE_OK codec. */
export const subscribeNamespaceOk: MessageCodec<SubscribeNamespaceOk> = {
	type: "SUBSCRIBE_NAMESPACE_OK",
	codes: { 14: 0x12 },
	encode(w, m) {
		w.varint(m.requestId);
	},
	decode(r) {
		return { type: "SUBSCRIBE_NAMESPACE_OK", requestId: r.varintBig() };
	},
};
