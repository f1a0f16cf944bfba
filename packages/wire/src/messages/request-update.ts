/**
 * REQUEST_UPDATE (type 0x2): modifies an existing request (a subscription, a PUBLISH, a FETCH, a
 * namespace request); the parameters it omits stay unchanged.
 *
 * - draft-ietf-moq-transport-16 §9.11: Request ID, Existing Request ID, Parameters.
 * - draft-18 §10.9, -19 §10.9: Request ID, Parameters; it is sent on the bidi stream of the
 *   request it updates, which identifies that request.
 *
 * draft-14's SUBSCRIBE_UPDATE (subscribe-update.ts) is its predecessor, with the same model
 * fields. `existingRequestId` is required in -16 (it has no default) and "unsupported" in -18
 * and -19.
 *
 * @module
 */

import { WireError } from "../errors.js";
import type { MessageCodec, Mutable } from "../message-codec.js";
import { type MessageParameters, readParameters, writeParameters } from "../parameters.js";

/** REQUEST_UPDATE (draft-16+). */
export interface RequestUpdate extends MessageParameters {
	readonly type: "REQUEST_UPDATE";
	/** This update's own, new Request ID. */
	readonly requestId: bigint;
	/** draft-16 only: the Request ID of the request being updated. */
	readonly existingRequestId?: bigint;
}

/** The REQUEST_UPDATE codec. */
export const requestUpdate: MessageCodec<RequestUpdate> = {
	type: "REQUEST_UPDATE",
	codes: { 16: 0x2, 18: 0x2, 19: 0x2 },
	encode(w, m, c) {
		w.varint(m.requestId);
		if (c.draft === 16) {
			if (m.existingRequestId === undefined) {
				throw new WireError("invalid-value", "REQUEST_UPDATE needs an existingRequestId in draft-16");
			}
			w.varint(m.existingRequestId);
		} else if (m.existingRequestId !== undefined) {
			throw new WireError("unsupported", `REQUEST_UPDATE has no Existing Request ID in draft-${c.draft}`);
		}
		writeParameters(w, c, "REQUEST_UPDATE", m);
	},
	decode(r, c) {
		const requestId = r.varintBig();
		const m: Mutable<RequestUpdate> =
			c.draft === 16
				? { type: "REQUEST_UPDATE", requestId, existingRequestId: r.varintBig() }
				: { type: "REQUEST_UPDATE", requestId };
		readParameters(r, c, "REQUEST_UPDATE", m);
		return m;
	},
};
