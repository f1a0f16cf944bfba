/**
 * PUBLISH (type 0x1D): a publisher starts a subscription for a track.
 *
 * - draft-ietf-moq-transport-14 §9.13: Request ID, Track Namespace, Track Name, Track Alias,
 *   Group Order (8), Content Exists (8), [Largest Location], Forward (8), Parameters. (-14's
 *   layout shows `Length (i)`; the framing rule of §9 makes it 16 bits like every message.)
 * - draft-16 §9.13, -18 §10.10, -19 §10.10: Request ID, Track Namespace, Track Name, Track
 *   Alias, Parameters, Track Extensions / Properties; the largest Location and Forward became
 *   the LARGEST_OBJECT (0x9) and FORWARD (0x10) parameters, and Group Order left the message
 *   (the DEFAULT_PUBLISHER_GROUP_ORDER track extension / property carries it).
 *
 * The model has `groupOrder`, `largestObject` and `forward` in every draft. draft-14 requires
 * Group Order and Forward: absent, they are written as Ascending (the default publisher group
 * order) and 1 (FORWARD's default); its decoder always sets them. From -16 a `groupOrder` other
 * than 0 is "unsupported": a translating relay moves it into the track property.
 *
 * @module
 */

import { readNamespace, readTrackName, writeNamespace, writeTrackName } from "../fields.js";
import type { MessageCodec, Mutable } from "../message-codec.js";
import { type MessageParameters, type ParameterField, readParameters, writeParameters } from "../parameters.js";
import { GroupOrder, type KeyValuePair, type TrackNamespace } from "../types.js";
import {
	readDeliveryGroupOrder14,
	readForward14,
	readLargestLocation14,
	writeDeliveryGroupOrder14,
	writeForward14,
	writeLargestLocation14,
} from "./fields-14.js";
import { readTrackProperties, writeTrackProperties } from "./track-properties.js";

/** PUBLISH. */
export interface Publish extends MessageParameters {
	readonly type: "PUBLISH";
	readonly requestId: bigint;
	readonly trackNamespace: TrackNamespace;
	readonly trackName: Uint8Array;
	/** The Track Alias the publisher chose for the track's objects. */
	readonly trackAlias: bigint;
	/** Track Extensions (-16) / Track Properties (-18+); none in draft-14. Sorted by type from -16. */
	readonly trackProperties?: readonly KeyValuePair[];
}

/** The fields draft-14 carries in the PUBLISH body rather than as parameters. */
export const PUBLISH_FIELDS_14: readonly ParameterField[] = ["groupOrder", "largestObject", "forward"];

/** The PUBLISH codec. */
export const publish: MessageCodec<Publish> = {
	type: "PUBLISH",
	codes: { 14: 0x1d, 16: 0x1d, 18: 0x1d, 19: 0x1d },
	encode(w, m, c) {
		w.varint(m.requestId);
		writeNamespace(w, c, m.trackNamespace);
		writeTrackName(w, c, m.trackNamespace, m.trackName);
		w.varint(m.trackAlias);
		if (c.draft === 14) {
			writeDeliveryGroupOrder14(w, m.groupOrder ?? GroupOrder.ASCENDING, "PUBLISH");
			writeLargestLocation14(w, m.largestObject);
			writeForward14(w, m.forward);
			writeParameters(w, c, "PUBLISH", m, PUBLISH_FIELDS_14);
		} else {
			writeParameters(w, c, "PUBLISH", m);
		}
		writeTrackProperties(w, c, "PUBLISH", m.trackProperties);
	},
	decode(r, c) {
		const requestId = r.varintBig();
		const trackNamespace = readNamespace(r, c);
		const trackName = readTrackName(r, c, trackNamespace);
		const trackAlias = r.varintBig();
		const m: Mutable<Publish> = { type: "PUBLISH", requestId, trackNamespace, trackName, trackAlias };
		if (c.draft === 14) {
			m.groupOrder = readDeliveryGroupOrder14(r);
			const largest = readLargestLocation14(r);
			if (largest !== undefined) m.largestObject = largest;
			m.forward = readForward14(r);
		}
		readParameters(r, c, "PUBLISH", m);
		if (c.draft !== 14) m.trackProperties = readTrackProperties(r, c);
		return m;
	},
};
