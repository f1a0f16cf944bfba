/**
 * PUBLISH_NAMESPACE (type 0x6): the publisher advertises tracks under a Track Namespace.
 *
 * - draft-ietf-moq-transport-14 §9.23, -16 §9.20, -18 §10.15, -19 §10.15 PUBLISH_NAMESPACE:
 *   Request ID, Track Namespace, Parameters (AUTHORIZATION TOKEN in every draft).
 *
 * From draft-17 it is the first message of its own request stream; the layout is unchanged.
 *
 * @module
 */

import { readNamespace, writeNamespace } from "../fields.js";
import type { MessageCodec, Mutable } from "../message-codec.js";
import { type MessageParameters, readParameters, writeParameters } from "../parameters.js";
import type { TrackNamespace } from "../types.js";

/** PUBLISH_NAMESPACE. */
export interface PublishNamespace extends MessageParameters {
	readonly type: "PUBLISH_NAMESPACE";
	readonly requestId: bigint;
	readonly trackNamespace: TrackNamespace;
}

/** The PUBLISH_NAMESPACE codec. */
export const publishNamespace: MessageCodec<PublishNamespace> = {
	type: "PUBLISH_NAMESPACE",
	codes: { 14: 0x6, 16: 0x6, 18: 0x6, 19: 0x6 },
	encode(w, m, c) {
		w.varint(m.requestId);
		writeNamespace(w, c, m.trackNamespace);
		writeParameters(w, c, "PUBLISH_NAMESPACE", m);
	},
	decode(r, c) {
		const requestId = r.varintBig();
		const m: Mutable<PublishNamespace> = { type: "PUBLISH_NAMESPACE", requestId, trackNamespace: readNamespace(r, c) };
		readParameters(r, c, "PUBLISH_NAMESPACE", m);
		return m;
	},
};
