/**
 * REQUEST_OK (type 0x7): the success response to REQUEST_UPDATE, TRACK_STATUS,
 * SUBSCRIBE_NAMESPACE and PUBLISH_NAMESPACE (draft-16), plus PUBLISH and SUBSCRIBE_TRACKS (-18 and
 * -19, where the draft calls it PUBLISH_OK, TRACK_STATUS_OK, ... by the request it answers).
 *
 * - draft-ietf-moq-transport-16 §9.7 "REQUEST_OK": Request ID, Number of Parameters, Parameters.
 * - draft-18 §10.5 and -19 §10.5: Number of Parameters, Parameters, Track Properties. The request
 *   stream identifies the request, so there is no Request ID; Track Properties are Key-Value-Pairs
 *   that run to the end of the message.
 * - draft-18's message table still lists PUBLISH_OK as 0x1E "({{message-request-ok}})", an alias of
 *   REQUEST_OK (#1611); this codec decodes 0x1E as REQUEST_OK in draft-18 and always encodes 0x7.
 *   draft-19 marks 0x1E reserved.
 *
 * That Track Properties appear only in TRACK_STATUS_OK (else PROTOCOL_VIOLATION), and which
 * parameters suit the request being answered, are checked by the session layer, which knows the
 * request; the parameter table accepts any parameter allowed in one of the REQUEST_OK forms.
 *
 * @module
 */

import { WireError } from "../errors.js";
import { readKeyValuePairs, writeKeyValuePairs } from "../kvp.js";
import type { MessageCodec, Mutable } from "../message-codec.js";
import { type MessageParameters, readParameters, writeParameters } from "../parameters.js";
import type { KeyValuePair } from "../types.js";

/** REQUEST_OK. */
export interface RequestOk extends MessageParameters {
	readonly type: "REQUEST_OK";
	/** draft-16 only (required there): the Request ID being answered. */
	readonly requestId?: bigint;
	/**
	 * draft-18 and -19: Track Properties, in wire order (sorted by type). Encoded as none when
	 * absent; the decoder of those drafts always sets it.
	 */
	readonly trackProperties?: readonly KeyValuePair[];
}

/** The REQUEST_OK codec. */
export const requestOk: MessageCodec<RequestOk> = {
	type: "REQUEST_OK",
	codes: { 16: 0x7, 18: 0x7, 19: 0x7 },
	aliases: { 18: [0x1e] },
	encode(w, m, c) {
		if (c.draft === 16) {
			if (m.requestId === undefined) throw new WireError("invalid-value", "draft-16 REQUEST_OK needs a Request ID");
			w.varint(m.requestId);
		} else if (m.requestId !== undefined) {
			throw new WireError("unsupported", `draft-${c.draft} REQUEST_OK has no Request ID`);
		}
		writeParameters(w, c, "REQUEST_OK", m);
		if (c.draft >= 17) {
			if (m.trackProperties !== undefined) writeKeyValuePairs(w, c, m.trackProperties);
		} else if (m.trackProperties !== undefined && m.trackProperties.length > 0) {
			throw new WireError("unsupported", `draft-${c.draft} REQUEST_OK has no Track Properties`);
		}
	},
	decode(r, c) {
		const m: Mutable<RequestOk> = { type: "REQUEST_OK" };
		if (c.draft === 16) m.requestId = r.varintBig();
		readParameters(r, c, "REQUEST_OK", m);
		if (c.draft >= 17) m.trackProperties = readKeyValuePairs(r, c, { end: r.end }, c.limits.maxParameters);
		return m;
	},
};
