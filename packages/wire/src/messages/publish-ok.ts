/**
 * PUBLISH_OK (type 0x1E): the subscriber accepts a PUBLISH.
 *
 * - draft-ietf-moq-transport-14 §9.14: Request ID, Forward (8), Subscriber Priority (8), Group
 *   Order (8), Filter Type, [Start Location], [End Group], Parameters. The order differs from
 *   SUBSCRIBE's (priority, order, forward), so SUBSCRIBE's field helpers do not apply. Group
 *   Order overrides the PUBLISH's: "Values of 0x0 and those larger than 0x2 are a protocol error".
 * - draft-16 §9.14: Request ID, Parameters (FORWARD, SUBSCRIBER_PRIORITY, GROUP_ORDER,
 *   SUBSCRIPTION_FILTER, DELIVERY_TIMEOUT, EXPIRES, NEW_GROUP_REQUEST).
 * - draft-18 and -19 have no such message: PUBLISH_OK is the shorthand for a REQUEST_OK
 *   answering a PUBLISH (-18 §10.5, -19 §10.5). -18 still lists type 0x1E for it, with
 *   REQUEST_OK's layout; the REQUEST_OK codec registers that code as an alias.
 *
 * draft-14 defaults for absent fields follow the meaning of absence in -16 §9.2: Forward 1,
 * Subscriber Priority 128, and no filter = "the subscription is unfiltered", written as
 * AbsoluteStart {0, 0} ("equivalent to an unfiltered subscription", -16 §5.1.2). Absent Group
 * Order means "the PUBLISH's order", which draft-14 cannot say, so encoding needs `groupOrder`.
 *
 * @module
 */

import { readSubscriptionFilter, writeSubscriptionFilter } from "../filters.js";
import type { MessageCodec, Mutable } from "../message-codec.js";
import { type MessageParameters, type ParameterField, readParameters, writeParameters } from "../parameters.js";
import { FilterType } from "../types.js";
import { readDeliveryGroupOrder14, readForward14, writeDeliveryGroupOrder14, writeForward14 } from "./fields-14.js";
import { DEFAULT_SUBSCRIBER_PRIORITY } from "./subscribe.js";

/** PUBLISH_OK (draft-14 and -16). */
export interface PublishOk extends MessageParameters {
	readonly type: "PUBLISH_OK";
	/** The PUBLISH's Request ID. */
	readonly requestId: bigint;
}

/** The fields draft-14 carries in the PUBLISH_OK body rather than as parameters. */
export const PUBLISH_OK_FIELDS_14: readonly ParameterField[] = [
	"forward",
	"subscriberPriority",
	"groupOrder",
	"subscriptionFilter",
];

/** The PUBLISH_OK codec. */
export const publishOk: MessageCodec<PublishOk> = {
	type: "PUBLISH_OK",
	codes: { 14: 0x1e, 16: 0x1e },
	encode(w, m, c) {
		w.varint(m.requestId);
		if (c.draft === 14) {
			writeForward14(w, m.forward);
			w.u8(m.subscriberPriority ?? DEFAULT_SUBSCRIBER_PRIORITY);
			writeDeliveryGroupOrder14(w, m.groupOrder, "PUBLISH_OK");
			writeSubscriptionFilter(
				w,
				c,
				m.subscriptionFilter ?? { type: FilterType.ABSOLUTE_START, start: { group: 0n, object: 0n } },
			);
			writeParameters(w, c, "PUBLISH_OK", m, PUBLISH_OK_FIELDS_14);
		} else {
			writeParameters(w, c, "PUBLISH_OK", m);
		}
	},
	decode(r, c) {
		const m: Mutable<PublishOk> = { type: "PUBLISH_OK", requestId: r.varintBig() };
		if (c.draft === 14) {
			m.forward = readForward14(r);
			m.subscriberPriority = r.u8();
			m.groupOrder = readDeliveryGroupOrder14(r);
			m.subscriptionFilter = readSubscriptionFilter(r, c);
		}
		readParameters(r, c, "PUBLISH_OK", m);
		return m;
	},
};
