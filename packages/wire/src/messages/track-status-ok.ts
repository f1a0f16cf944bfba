/**
 * TRACK_STATUS_OK (type 0xE, draft-ietf-moq-transport-14 §9.21 only): the answer to a
 * TRACK_STATUS, with the body of SUBSCRIBE_OK (Request ID, Track Alias, Expires, Group Order,
 * Content Exists, [Largest Location], Parameters) and the Track Alias set to 0.
 *
 * From draft-15 the answer is a REQUEST_OK (-16 §9.19 TRACK_STATUS; "TRACK_STATUS_OK" in -18 and
 * -19 is the shorthand for that REQUEST_OK), so this message exists in draft-14 only, and 0xE
 * is NAMESPACE_DONE later.
 *
 * @module
 */

import type { MessageCodec, Mutable } from "../message-codec.js";
import { type MessageParameters, readParameters, writeParameters } from "../parameters.js";
import { readSubscribeOkFields14, SUBSCRIBE_OK_FIELDS_14, writeSubscribeOkFields14 } from "./subscribe-ok.js";

/** TRACK_STATUS_OK (draft-14). */
export interface TrackStatusOk extends MessageParameters {
	readonly type: "TRACK_STATUS_OK";
	/** The TRACK_STATUS's Request ID. */
	readonly requestId: bigint;
	/** Always 0 when sent (draft-14 §9.21); written as 0 when absent. */
	readonly trackAlias?: bigint;
}

/** The TRACK_STATUS_OK codec. */
export const trackStatusOk: MessageCodec<TrackStatusOk> = {
	type: "TRACK_STATUS_OK",
	codes: { 14: 0xe },
	encode(w, m, c) {
		w.varint(m.requestId);
		w.varint(m.trackAlias ?? 0n);
		writeSubscribeOkFields14(w, m, "TRACK_STATUS_OK");
		writeParameters(w, c, "TRACK_STATUS_OK", m, SUBSCRIBE_OK_FIELDS_14);
	},
	decode(r, c) {
		const requestId = r.varintBig();
		const trackAlias = r.varintBig();
		const m: Mutable<TrackStatusOk> = { type: "TRACK_STATUS_OK", requestId, trackAlias, ...readSubscribeOkFields14(r) };
		readParameters(r, c, "TRACK_STATUS_OK", m);
		return m;
	},
};
