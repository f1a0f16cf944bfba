/**
 * TRACK_STATUS (type 0xD): asks for a track's status, with "the SUBSCRIBE message" format
 * (draft-ietf-moq-transport-14 §9.20, -16 §9.19, -18 §10.14, -19 §10.14).
 *
 * - draft-14: Request ID, Track Namespace, Track Name, Subscriber Priority (8), Group Order (8),
 *   Forward (8), Filter Type, [Start Location], [End Group], Parameters — SUBSCRIBE's layout,
 *   written with SUBSCRIBE's helpers and defaults.
 * - draft-16, -18, -19: Request ID, Track Namespace, Track Name, Parameters; "subscriber
 *   parameters related to Track delivery (e.g. SUBSCRIBER_PRIORITY) are not included", so
 *   only AUTHORIZATION_TOKEN is allowed and the draft-14 delivery fields are "unsupported" there.
 *
 * @module
 */

import { readNamespace, readTrackName, writeNamespace, writeTrackName } from "../fields.js";
import type { MessageCodec, Mutable } from "../message-codec.js";
import { type MessageParameters, readParameters, writeParameters } from "../parameters.js";
import type { TrackNamespace } from "../types.js";
import { readSubscriptionFields14, SUBSCRIBE_FIELDS_14, writeSubscriptionFields14 } from "./subscribe.js";

/** TRACK_STATUS. */
export interface TrackStatus extends MessageParameters {
	readonly type: "TRACK_STATUS";
	readonly requestId: bigint;
	readonly trackNamespace: TrackNamespace;
	readonly trackName: Uint8Array;
}

/** The TRACK_STATUS codec. */
export const trackStatus: MessageCodec<TrackStatus> = {
	type: "TRACK_STATUS",
	codes: { 14: 0xd, 16: 0xd, 18: 0xd, 19: 0xd },
	encode(w, m, c) {
		w.varint(m.requestId);
		writeNamespace(w, c, m.trackNamespace);
		writeTrackName(w, c, m.trackNamespace, m.trackName);
		if (c.draft === 14) {
			writeSubscriptionFields14(w, c, m);
			writeParameters(w, c, "TRACK_STATUS", m, SUBSCRIBE_FIELDS_14);
		} else {
			writeParameters(w, c, "TRACK_STATUS", m);
		}
	},
	decode(r, c) {
		const requestId = r.varintBig();
		const trackNamespace = readNamespace(r, c);
		const trackName = readTrackName(r, c, trackNamespace);
		const m: Mutable<TrackStatus> = { type: "TRACK_STATUS", requestId, trackNamespace, trackName };
		if (c.draft === 14) Object.assign(m, readSubscriptionFields14(r, c));
		readParameters(r, c, "TRACK_STATUS", m);
		return m;
	},
};
