/**
 * PUBLISH_NAMESPACE_OK (type 0x7): the receiver accepts a PUBLISH_NAMESPACE.
 *
 * - draft-ietf-moq-transport-14 §9.24 PUBLISH_NAMESPACE_OK: Request ID.
 * - draft-16 and later answer with REQUEST_OK (0x7) instead.
 *
 * @module
 */

import type { MessageCodec } from "../message-codec.js";

/** PUBLISH_NAMESPACE_OK (draft-14 only). */
export interface PublishNamespaceOk {
	readonly type: "PUBLISH_NAMESPACE_OK";
	/** The Request ID of the PUBLISH_NAMESPACE accepted. */
	readonly requestId: bigint;
}

/** The PUBLISH_NAMESPACE_OK codec. */
export const publishNamespaceOk: MessageCodec<PublishNamespaceOk> = {
	type: "PUBLISH_NAMESPACE_OK",
	codes: { 14: 0x7 },
	encode(w, m) {
		w.varint(m.requestId);
	},
	decode(r) {
		return { type: "PUBLISH_NAMESPACE_OK", requestId: r.varintBig() };
	},
};
