/**
 * SUBSCRIBE_TRACKS (type 0x51): a request for PUBLISH messages for every track under a Track
 * Namespace Prefix, now and as tracks appear.
 *
 * - draft-ietf-moq-transport-18 §10.19, -19 §10.19 SUBSCRIBE_TRACKS: Request ID, Track Namespace
 *   Prefix (0 to 32 fields), Parameters. In -19 any parameter valid in SUBSCRIBE is valid here
 *   too ("Parameters on SUBSCRIBE_TRACKS"), and becomes the default of the resulting
 *   subscriptions.
 *
 * @module
 */

import { readNamespace, writeNamespace } from "../fields.js";
import type { MessageCodec, Mutable } from "../message-codec.js";
import { type MessageParameters, readParameters, writeParameters } from "../parameters.js";
import type { TrackNamespace } from "../types.js";

/** SUBSCRIBE_TRACKS (draft-18 and later). */
export interface SubscribeTracks extends MessageParameters {
	readonly type: "SUBSCRIBE_TRACKS";
	readonly requestId: bigint;
	readonly trackNamespacePrefix: TrackNamespace;
}

/** The SUBSCRIBE_TRACKS codec. */
export const subscribeTracks: MessageCodec<SubscribeTracks> = {
	type: "SUBSCRIBE_TRACKS",
	codes: { 18: 0x51, 19: 0x51 },
	encode(w, m, c) {
		w.varint(m.requestId);
		writeNamespace(w, c, m.trackNamespacePrefix, { prefix: true });
		writeParameters(w, c, "SUBSCRIBE_TRACKS", m, ["trackNamespacePrefix"]);
	},
	decode(r, c) {
		const requestId = r.varintBig();
		const trackNamespacePrefix = readNamespace(r, c, { prefix: true });
		const m: Mutable<SubscribeTracks> = { type: "SUBSCRIBE_TRACKS", requestId, trackNamespacePrefix };
		readParameters(r, c, "SUBSCRIBE_TRACKS", m);
		return m;
	},
};
