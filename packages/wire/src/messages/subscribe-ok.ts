/**
 * SUBSCRIBE_OK (type 0x4): the publisher accepts a SUBSCRIBE.
 *
 * - draft-ietf-moq-transport-14 §9.8: Request ID, Track Alias, Expires, Group Order (8),
 *   Content Exists (8), [Largest Location], Parameters.
 * - draft-16 §9.10: Request ID, Track Alias, Parameters, Track Extensions; Expires and the
 *   largest Location became the EXPIRES (0x8) and LARGEST_OBJECT (0x9) parameters, and Group
 *   Order left the message (the track's DEFAULT_PUBLISHER_GROUP_ORDER extension carries it).
 * - draft-18 §10.8, -19 §10.8: Track Alias, Parameters, Track Properties; no Request ID (the
 *   request stream identifies the SUBSCRIBE).
 *
 * The model has `expires`, `largestObject` and `groupOrder` in every draft. draft-14 requires
 * Expires and Group Order: absent, they are written as 0 ("does not expire") and Ascending (the
 * default of the -16 "DEFAULT PUBLISHER GROUP ORDER" track extension); its decoder always
 * sets them. From -16 a `groupOrder` other than 0 is "unsupported": a translating relay moves
 * it into the DEFAULT_PUBLISHER_GROUP_ORDER (0x22) track property itself.
 *
 * TRACK_STATUS_OK (draft-14 only) has the same body; its codec reuses the helpers here.
 *
 * @module
 */

import type { MessageCodec, Mutable } from "../message-codec.js";
import { type MessageParameters, type ParameterField, readParameters, writeParameters } from "../parameters.js";
import type { Reader } from "../reader.js";
import { GroupOrder, type KeyValuePair, type Location } from "../types.js";
import type { Writer } from "../writer.js";
import {
	readDeliveryGroupOrder14,
	readLargestLocation14,
	writeDeliveryGroupOrder14,
	writeLargestLocation14,
} from "./fields-14.js";
import { readResponseRequestId, writeResponseRequestId } from "./response-request-id.js";
import { readTrackProperties, writeTrackProperties } from "./track-properties.js";

/** SUBSCRIBE_OK. */
export interface SubscribeOk extends MessageParameters {
	readonly type: "SUBSCRIBE_OK";
	/** The SUBSCRIBE's Request ID: required in draft-14 and -16, absent from -17. */
	readonly requestId?: bigint;
	/** The Track Alias the publisher chose for the track's objects. */
	readonly trackAlias: bigint;
	/** Track Extensions (-16) / Track Properties (-18+); none in draft-14. Sorted by type from -16. */
	readonly trackProperties?: readonly KeyValuePair[];
}

/** The fields draft-14 carries in the SUBSCRIBE_OK / TRACK_STATUS_OK body rather than as parameters. */
export const SUBSCRIBE_OK_FIELDS_14: readonly ParameterField[] = ["expires", "groupOrder", "largestObject"];

/** Writes draft-14's Expires, Group Order, Content Exists and Largest Location. */
export function writeSubscribeOkFields14(w: Writer, m: MessageParameters, message: string): void {
	w.varint(m.expires ?? 0n);
	writeDeliveryGroupOrder14(w, m.groupOrder ?? GroupOrder.ASCENDING, message);
	writeLargestLocation14(w, m.largestObject);
}

/** Reads draft-14's Expires, Group Order, Content Exists and Largest Location. */
export function readSubscribeOkFields14(r: Reader): {
	expires: bigint;
	groupOrder: GroupOrder;
	largestObject?: Location;
} {
	const expires = r.varintBig();
	const groupOrder = readDeliveryGroupOrder14(r);
	const largestObject = readLargestLocation14(r);
	return largestObject === undefined ? { expires, groupOrder } : { expires, groupOrder, largestObject };
}

/** The SUBSCRIBE_OK codec. */
export const subscribeOk: MessageCodec<SubscribeOk> = {
	type: "SUBSCRIBE_OK",
	codes: { 14: 0x4, 16: 0x4, 18: 0x4, 19: 0x4 },
	encode(w, m, c) {
		writeResponseRequestId(w, c, "SUBSCRIBE_OK", m.requestId);
		w.varint(m.trackAlias);
		if (c.draft === 14) {
			writeSubscribeOkFields14(w, m, "SUBSCRIBE_OK");
			writeParameters(w, c, "SUBSCRIBE_OK", m, SUBSCRIBE_OK_FIELDS_14);
		} else {
			writeParameters(w, c, "SUBSCRIBE_OK", m);
		}
		writeTrackProperties(w, c, "SUBSCRIBE_OK", m.trackProperties);
	},
	decode(r, c) {
		const requestId = readResponseRequestId(r, c);
		const trackAlias = r.varintBig();
		const m: Mutable<SubscribeOk> =
			requestId === undefined ? { type: "SUBSCRIBE_OK", trackAlias } : { type: "SUBSCRIBE_OK", requestId, trackAlias };
		if (c.draft === 14) Object.assign(m, readSubscribeOkFields14(r));
		readParameters(r, c, "SUBSCRIBE_OK", m);
		if (c.draft !== 14) m.trackProperties = readTrackProperties(r, c);
		return m;
	},
};
