/**
 * SUBSCRIBE (type 0x3): a request for a track's new objects.
 *
 * - draft-14 §9.7: Request ID, Track Namespace, Track Name, Subscriber Priority (8), Group Order
 *   (8), Forward (8), Filter Type, [Start Location], [End Group], Parameters.
 * - draft-16 §9.9, -18 §10.7, -19 §10.7: Request ID, Track Namespace, Track Name, Parameters;
 *   priority, group order, forward and the filter became parameters (SUBSCRIBER_PRIORITY,
 *   GROUP_ORDER, FORWARD, SUBSCRIPTION_FILTER / LOCATION_FILTER).
 *
 * @module
 */

import type { Codec } from "../codec.js";
import { WireError } from "../errors.js";
import { readNamespace, readTrackName, writeNamespace, writeTrackName } from "../fields.js";
import { readSubscriptionFilter, writeSubscriptionFilter } from "../filters.js";
import type { MessageCodec, Mutable } from "../message-codec.js";
import { type MessageParameters, type ParameterField, readParameters, writeParameters } from "../parameters.js";
import type { Reader } from "../reader.js";
import { FilterType, GroupOrder, type SubscriptionFilter, type TrackNamespace } from "../types.js";
import type { Writer } from "../writer.js";

/** SUBSCRIBE. */
export interface Subscribe extends MessageParameters {
	readonly type: "SUBSCRIBE";
	readonly requestId: bigint;
	readonly trackNamespace: TrackNamespace;
	readonly trackName: Uint8Array;
}

/** The fields draft-14 carries in the SUBSCRIBE body rather than as parameters. */
export const SUBSCRIBE_FIELDS_14: readonly ParameterField[] = [
	"subscriberPriority",
	"groupOrder",
	"forward",
	"subscriptionFilter",
];

/** Default subscriber priority (draft-16 §9.2.2 "SUBSCRIBER PRIORITY Parameter": "If omitted … the publisher uses the value 128"). */
export const DEFAULT_SUBSCRIBER_PRIORITY = 128;

/**
 * The draft-14 filter that means "no filter" (later drafts omit the parameter): AbsoluteStart
 * {0, 0}, which draft-14 §5.1.2 describes as receiving "all Objects that are published or are
 * received after this subscription is processed".
 */
export const UNFILTERED_14: SubscriptionFilter = { type: FilterType.ABSOLUTE_START, start: { group: 0n, object: 0n } };

/** Writes draft-14's Subscriber Priority, Group Order, Forward and filter fields. */
export function writeSubscriptionFields14(w: Writer, c: Codec, m: MessageParameters): void {
	w.u8(m.subscriberPriority ?? DEFAULT_SUBSCRIBER_PRIORITY);
	w.u8(m.groupOrder ?? GroupOrder.PUBLISHER);
	w.u8(m.forward === false ? 0 : 1);
	writeSubscriptionFilter(w, c, m.subscriptionFilter ?? UNFILTERED_14);
}

/** Reads draft-14's Subscriber Priority, Group Order, Forward and filter fields. */
export function readSubscriptionFields14(
	r: Reader,
	c: Codec,
): {
	subscriberPriority: number;
	groupOrder: GroupOrder;
	forward: boolean;
	subscriptionFilter: SubscriptionFilter;
} {
	const subscriberPriority = r.u8();
	const orderAt = r.pos;
	const groupOrder = r.u8();
	if (groupOrder > GroupOrder.DESCENDING) {
		throw new WireError("invalid-value", `invalid Group Order ${groupOrder}`, { offset: orderAt });
	}
	const forwardAt = r.pos;
	const forward = r.u8();
	if (forward > 1) throw new WireError("invalid-value", `invalid Forward ${forward}`, { offset: forwardAt });
	return {
		subscriberPriority,
		groupOrder: groupOrder as GroupOrder,
		forward: forward === 1,
		subscriptionFilter: readSubscriptionFilter(r, c),
	};
}

/** The SUBSCRIBE codec. */
export const subscribe: MessageCodec<Subscribe> = {
	type: "SUBSCRIBE",
	codes: { 14: 0x3, 16: 0x3, 18: 0x3, 19: 0x3 },
	encode(w, m, c) {
		w.varint(m.requestId);
		writeNamespace(w, c, m.trackNamespace);
		writeTrackName(w, c, m.trackNamespace, m.trackName);
		if (c.draft === 14) {
			writeSubscriptionFields14(w, c, m);
			writeParameters(w, c, "SUBSCRIBE", m, SUBSCRIBE_FIELDS_14);
		} else {
			writeParameters(w, c, "SUBSCRIBE", m);
		}
	},
	decode(r, c) {
		const requestId = r.varintBig();
		const trackNamespace = readNamespace(r, c);
		const trackName = readTrackName(r, c, trackNamespace);
		// One literal per draft shape (no fields added later for the fixed ones): faster objects.
		const m: Mutable<Subscribe> =
			c.draft === 14
				? { type: "SUBSCRIBE", requestId, trackNamespace, trackName, ...readSubscriptionFields14(r, c) }
				: { type: "SUBSCRIBE", requestId, trackNamespace, trackName };
		readParameters(r, c, "SUBSCRIBE", m);
		return m;
	},
};
