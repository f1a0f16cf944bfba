/**
 * draft-14 fixed fields shared by SUBSCRIBE_OK / TRACK_STATUS_OK (draft-ietf-moq-transport-14
 * §9.8, §9.19), PUBLISH (§9.13) and PUBLISH_OK (§9.14), which later drafts moved into Message
 * Parameters (GROUP_ORDER, LARGEST_OBJECT, FORWARD) or dropped.
 *
 * - Group Order: in these messages the order the subscription is delivered in, "Ascending
 *   (0x1) or Descending (0x2) … Values of 0x0 and those larger than 0x2 are a protocol error".
 * - Content Exists (8) + [Largest Location]: "Any other value [than 0 or 1] is a protocol error
 *   and MUST terminate the session with a PROTOCOL_VIOLATION". In the model, Content Exists is
 *   the presence of `largestObject`.
 * - Forward (8): 0 or 1; anything else is a PROTOCOL_VIOLATION.
 *
 * @module
 */

import { WireError } from "../errors.js";
import { readLocation, writeLocation } from "../fields.js";
import type { Reader } from "../reader.js";
import { GroupOrder, type Location } from "../types.js";
import type { Writer } from "../writer.js";

/** Reads a delivered Group Order: Ascending or Descending, never 0 ("publisher's choice"). */
export function readDeliveryGroupOrder14(r: Reader): GroupOrder {
	const at = r.pos;
	const order = r.u8();
	if (order !== GroupOrder.ASCENDING && order !== GroupOrder.DESCENDING) {
		throw new WireError("invalid-value", `invalid Group Order ${order}`, { offset: at });
	}
	return order;
}

/** Writes a delivered Group Order; `message` names the message in the error for 0 or absence. */
export function writeDeliveryGroupOrder14(w: Writer, order: GroupOrder | undefined, message: string): void {
	if (order !== GroupOrder.ASCENDING && order !== GroupOrder.DESCENDING) {
		throw new WireError("invalid-value", `draft-14 ${message} needs a Group Order of Ascending or Descending`);
	}
	w.u8(order);
}

/** Reads Content Exists and, when it is 1, the Largest Location. */
export function readLargestLocation14(r: Reader): Location | undefined {
	const at = r.pos;
	const exists = r.u8();
	if (exists > 1) throw new WireError("invalid-value", `invalid Content Exists ${exists}`, { offset: at });
	return exists === 1 ? readLocation(r) : undefined;
}

/** Writes Content Exists (1 when `largest` is given) and the Largest Location. */
export function writeLargestLocation14(w: Writer, largest: Location | undefined): void {
	if (largest === undefined) {
		w.u8(0);
		return;
	}
	w.u8(1);
	writeLocation(w, largest);
}

/** Reads a Forward flag (0 or 1). */
export function readForward14(r: Reader): boolean {
	const at = r.pos;
	const forward = r.u8();
	if (forward > 1) throw new WireError("invalid-value", `invalid Forward ${forward}`, { offset: at });
	return forward === 1;
}

/** Writes a Forward flag; absent is the drafts' default, 1. */
export function writeForward14(w: Writer, forward: boolean | undefined): void {
	w.u8(forward === false ? 0 : 1);
}
