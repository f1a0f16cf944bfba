/**
 * SUBSCRIBE_UPDATE (type 0x2, draft-ietf-moq-transport-14 §9.10 only): narrows an existing
 * subscription. Request ID, Subscription Request ID, Start Location, End Group, Subscriber
 * Priority (8), Forward (8), Parameters. draft-15 replaced it with REQUEST_UPDATE, which carries
 * the same values as parameters.
 *
 * Model: Start Location and End Group are the `subscriptionFilter` field, as in SUBSCRIBE and
 * REQUEST_UPDATE, so that a relay translates between SUBSCRIBE_UPDATE and REQUEST_UPDATE by
 * renaming the type and `subscriptionRequestId` / `existingRequestId` alone. End Group on the
 * wire is "the end Group ID, plus 1. A value of 0 means the subscription is open-ended":
 *
 * - End Group 0 ⇔ `{ type: ABSOLUTE_START, start }`;
 * - End Group N > 0 ⇔ `{ type: ABSOLUTE_RANGE, start, endGroup: N - 1 }` (inclusive, absolute,
 *   as in every filter of the model). "End Group MUST be greater than or equal to the Group
 *   specified in Start": a smaller one is rejected.
 *
 * Every field is mandatory and an update has no defaults (absence in REQUEST_UPDATE means
 * "unchanged", which draft-14 cannot say): encoding needs an ABSOLUTE_START or ABSOLUTE_RANGE
 * `subscriptionFilter`, `subscriberPriority` and `forward`. A relay translating a REQUEST_UPDATE
 * fills in the subscription's current values first. Other filter types are "unsupported".
 *
 * @module
 */

import { WireError } from "../errors.js";
import { readLocation, writeLocation } from "../fields.js";
import type { MessageCodec, Mutable } from "../message-codec.js";
import { type MessageParameters, type ParameterField, readParameters, writeParameters } from "../parameters.js";
import { FilterType } from "../types.js";
import { readForward14, writeForward14 } from "./fields-14.js";

/** SUBSCRIBE_UPDATE (draft-14). */
export interface SubscribeUpdate extends MessageParameters {
	readonly type: "SUBSCRIBE_UPDATE";
	/** This update's own, new Request ID. */
	readonly requestId: bigint;
	/** The Request ID of the SUBSCRIBE being updated. */
	readonly subscriptionRequestId: bigint;
}

/** The fields draft-14 carries in the SUBSCRIBE_UPDATE body rather than as parameters. */
export const SUBSCRIBE_UPDATE_FIELDS_14: readonly ParameterField[] = [
	"subscriptionFilter",
	"subscriberPriority",
	"forward",
];

/** The SUBSCRIBE_UPDATE codec. */
export const subscribeUpdate: MessageCodec<SubscribeUpdate> = {
	type: "SUBSCRIBE_UPDATE",
	codes: { 14: 0x2 },
	encode(w, m, c) {
		const f = m.subscriptionFilter;
		if (f === undefined) throw new WireError("invalid-value", "SUBSCRIBE_UPDATE needs a subscriptionFilter");
		if (f.type !== FilterType.ABSOLUTE_START && f.type !== FilterType.ABSOLUTE_RANGE) {
			throw new WireError("unsupported", `SUBSCRIBE_UPDATE cannot carry filter type ${f.type}`);
		}
		if (m.subscriberPriority === undefined || m.forward === undefined) {
			throw new WireError("invalid-value", "SUBSCRIBE_UPDATE needs subscriberPriority and forward");
		}
		w.varint(m.requestId);
		w.varint(m.subscriptionRequestId);
		writeLocation(w, f.start);
		if (f.type === FilterType.ABSOLUTE_RANGE) {
			if (f.endGroup < f.start.group) throw new WireError("invalid-value", "End Group precedes the start group");
			w.varint(f.endGroup + 1n);
		} else {
			w.varint(0);
		}
		w.u8(m.subscriberPriority);
		writeForward14(w, m.forward);
		writeParameters(w, c, "SUBSCRIBE_UPDATE", m, SUBSCRIBE_UPDATE_FIELDS_14);
	},
	decode(r, c) {
		const requestId = r.varintBig();
		const subscriptionRequestId = r.varintBig();
		const start = readLocation(r);
		const endAt = r.pos;
		const end = r.varintBig();
		if (end !== 0n && end - 1n < start.group) {
			throw new WireError("invalid-value", "End Group precedes the start group", { offset: endAt });
		}
		const m: Mutable<SubscribeUpdate> = {
			type: "SUBSCRIBE_UPDATE",
			requestId,
			subscriptionRequestId,
			subscriptionFilter:
				end === 0n
					? { type: FilterType.ABSOLUTE_START, start }
					: { type: FilterType.ABSOLUTE_RANGE, start, endGroup: end - 1n },
			subscriberPriority: r.u8(),
			forward: readForward14(r),
		};
		readParameters(r, c, "SUBSCRIBE_UPDATE", m);
		return m;
	},
};
