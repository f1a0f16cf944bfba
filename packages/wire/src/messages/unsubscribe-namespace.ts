/**
 * UNSUBSCRIBE_NAMESPACE (type 0x14): the subscriber withdraws a SUBSCRIBE_NAMESPACE.
 *
 * - draft-ietf-moq-transport-14 §9.31 UNSUBSCRIBE_NAMESPACE: Track Namespace Prefix (1 to 32
 *   fields, as in SUBSCRIBE_NAMESPACE).
 * - Gone from draft-16, where SUBSCRIBE_NAMESPACE has its own stream and closing it cancels.
 *
 * The message names the prefix, not the Request ID: draft-14 forbids overlapping prefixes, so
 * the prefix identifies the namespace subscription.
 *
 * @module
 */

import { readNamespace, writeNamespace } from "../fields.js";
import type { MessageCodec } from "../message-codec.js";
import type { TrackNamespace } from "../types.js";

/** UNSUBSCRIBE_NAMESPACE (draft-14 only). */
export interface UnsubscribeNamespace {
	readonly type: "UNSUBSCRIBE_NAMESPACE";
	readonly trackNamespacePrefix: TrackNamespace;
}

/** The UNSUBSCRIBE_NAMESPACE codec. */
export const unsubscribeNamespace: MessageCodec<UnsubscribeNamespace> = {
	type: "UNSUBSCRIBE_NAMESPACE",
	codes: { 14: 0x14 },
	encode(w, m, c) {
		writeNamespace(w, c, m.trackNamespacePrefix, { prefix: true });
	},
	decode(r, c) {
		return { type: "UNSUBSCRIBE_NAMESPACE", trackNamespacePrefix: readNamespace(r, c, { prefix: true }) };
	},
};
