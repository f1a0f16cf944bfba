/**
 * FETCH_OK (type 0x18): the publisher accepts a FETCH.
 *
 * - draft-ietf-moq-transport-14 §9.17 FETCH_OK: Request ID, Group Order (8), End Of Track (8),
 *   End Location, Parameters.
 * - draft-16 §9.17: Request ID, End Of Track (8), End Location, Parameters, Track Extensions.
 * - draft-18 §10.13, -19 §10.13: End Of Track (8), End Location, Parameters, Track Properties.
 *   Responses carry no Request ID from -17: the request stream identifies the FETCH.
 *
 * Group Order (draft-14 only) must be Ascending or Descending: 0x0 is an error here, unlike in
 * FETCH. End Location uses the FETCH request's encoding in every draft (the last Object plus 1,
 * Object 0 meaning the whole group; see `fetch.ts`). That it does not precede the FETCH's Start
 * Location (else PROTOCOL_VIOLATION) needs the request, so the session layer checks it.
 *
 * Track Extensions (-16) and Track Properties (-18, -19) are the same structure: key-value
 * pairs that run to the end of the message, modelled as `trackProperties`.
 *
 * @module
 */

import { WireError } from "../errors.js";
import { readLocation, writeLocation } from "../fields.js";
import type { MessageCodec, Mutable } from "../message-codec.js";
import { type MessageParameters, readParameters, writeParameters } from "../parameters.js";
import { GroupOrder, type KeyValuePair, type Location } from "../types.js";
import { readDeliveryGroupOrder14, writeDeliveryGroupOrder14 } from "./fields-14.js";
import { readResponseRequestId, writeResponseRequestId } from "./response-request-id.js";
import { readTrackProperties, writeTrackProperties } from "./track-properties.js";

/** FETCH_OK. */
export interface FetchOk extends MessageParameters {
	readonly type: "FETCH_OK";
	/** The FETCH's Request ID: required in draft-14 and -16, absent from -17. */
	readonly requestId?: bigint;
	/** True when all Objects of the track are published and End Location is its final Object. */
	readonly endOfTrack: boolean;
	/** The end of the range the response covers, in FETCH's End Location encoding. */
	readonly endLocation: Location;
	/** Track Extensions (-16) / Track Properties (-18+); none in draft-14. Sorted by type from -16. */
	readonly trackProperties?: readonly KeyValuePair[];
}

/** The FETCH_OK codec. */
export const fetchOk: MessageCodec<FetchOk> = {
	type: "FETCH_OK",
	codes: { 14: 0x18, 16: 0x18, 18: 0x18, 19: 0x18 },
	encode(w, m, c) {
		writeResponseRequestId(w, c, "FETCH_OK", m.requestId);
		// draft-14 only. Absent, it is written as Ascending, the order a FETCH without GROUP_ORDER
		// gets from -16; from -16 FETCH_OK cannot carry it ("unsupported" from writeParameters).
		if (c.draft === 14) writeDeliveryGroupOrder14(w, m.groupOrder ?? GroupOrder.ASCENDING, "FETCH_OK");
		w.u8(m.endOfTrack ? 1 : 0);
		writeLocation(w, m.endLocation);
		writeParameters(w, c, "FETCH_OK", m, c.draft === 14 ? ["groupOrder"] : []);
		writeTrackProperties(w, c, "FETCH_OK", m.trackProperties);
	},
	decode(r, c) {
		const requestId = readResponseRequestId(r, c);
		const groupOrder = c.draft === 14 ? readDeliveryGroupOrder14(r) : undefined;
		const at = r.pos;
		const endOfTrack = r.u8();
		if (endOfTrack > 1) throw new WireError("invalid-value", `invalid End Of Track ${endOfTrack}`, { offset: at });
		const m: Mutable<FetchOk> = { type: "FETCH_OK", endOfTrack: endOfTrack === 1, endLocation: readLocation(r) };
		if (requestId !== undefined) m.requestId = requestId;
		if (groupOrder !== undefined) m.groupOrder = groupOrder;
		readParameters(r, c, "FETCH_OK", m);
		if (c.draft !== 14) m.trackProperties = readTrackProperties(r, c);
		return m;
	},
};
