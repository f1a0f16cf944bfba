/**
 * MoQT priorities as transport send orders (draft-ietf-moq-transport-14/-16/-18/-19 §7.2
 * "Scheduling Algorithm"): among schedulable objects, send first the one with
 *
 * 1. the lower Subscriber Priority value, then
 * 2. the lower Publisher Priority value, then
 * 3. within one subscription, the earlier group in the subscription's Group Order (Ascending:
 *    lower Group ID first; Descending: higher first), then
 * 4. within one group, the lower Subgroup ID.
 *
 * The transport's `sendOrder` sends higher values first (W3C WebTransport), so a send order is
 * `-1 - rank` with the rank packed into the 53 integer bits of a double, most significant first:
 *
 * | bits  | field                | value                                                     |
 * |-------|----------------------|-----------------------------------------------------------|
 * | 52–45 | Subscriber Priority  | 0–255                                                     |
 * | 44–37 | Publisher Priority   | 0–255                                                     |
 * | 36–13 | group key (24 bits)  | 2^23 ± (Group ID − base group), + for Ascending, − for Descending, clamped |
 * | 12–0  | subgroup key (13 bits) | the Subgroup ID, clamped to 8191                        |
 *
 * Every value is an exact integer in [-2^53, -1], so no two distinct keys collide and the order
 * is exact. The group key is relative to a base group (the track's first group) because Group IDs
 * can be huge (timestamps): groups within 2^23 (8 388 608) of the base and Subgroup IDs up to 8191
 * order exactly; beyond that they tie (never invert) at the clamped edge.
 *
 * Send orders are negative so that anything at the default 0 or above — the control streams and
 * request streams the driver opens — goes first, as §7.2 asks ("the control streams SHOULD be
 * prioritized highest, followed by the bidi request streams and then all subscribed Objects").
 *
 * A fetch response is one stream whose next object is the schedulable one: its send order uses
 * that object's Publisher Priority and group and subgroup keys of 0, placing it ahead of
 * subscription streams of equal priorities (the draft leaves that order to the implementation).
 *
 * @module
 */

import { GroupOrder } from "@moqt/wire";

const SUBSCRIBER_SHIFT = 2 ** 45;
const PUBLISHER_SHIFT = 2 ** 37;
const GROUP_SHIFT = 2 ** 13;
/** Bits of the group key. */
export const GROUP_KEY_BITS = 24;
/** Bits of the subgroup key. */
export const SUBGROUP_KEY_BITS = 13;
const GROUP_KEY_MAX = 2n ** BigInt(GROUP_KEY_BITS) - 1n;
const GROUP_KEY_MID = 2n ** BigInt(GROUP_KEY_BITS - 1);
const SUBGROUP_KEY_MAX = 2n ** BigInt(SUBGROUP_KEY_BITS) - 1n;

/** The highest send order of any object stream; the driver's control streams use 0 and above. */
export const MAX_DATA_SEND_ORDER = -1;

/** The fields that order a subgroup stream. */
export interface SendOrderKey {
	/** 0–255. */
	readonly subscriberPriority: number;
	/** 0–255. */
	readonly publisherPriority: number;
	/** Ascending or Descending (the driver resolves draft-14's "publisher's choice"). */
	readonly groupOrder: GroupOrder;
	readonly groupId: bigint;
	readonly subgroupId: bigint;
	/** The group the group key is relative to (the track's first group). */
	readonly baseGroup: bigint;
}

function priority(value: number, name: string): number {
	if (!Number.isInteger(value) || value < 0 || value > 255) throw new RangeError(`${name} ${value} is not in 0–255`);
	return value;
}

function clamp(value: bigint, max: bigint): number {
	return Number(value < 0n ? 0n : value > max ? max : value);
}

/** The group key: smaller for groups to send first. */
export function groupKey(groupId: bigint, baseGroup: bigint, groupOrder: GroupOrder): number {
	const offset = groupId - baseGroup;
	return clamp(groupOrder === GroupOrder.DESCENDING ? GROUP_KEY_MID - offset : GROUP_KEY_MID + offset, GROUP_KEY_MAX);
}

function rankToSendOrder(
	subscriberPriority: number,
	publisherPriority: number,
	group: number,
	subgroup: number,
): number {
	const rank =
		priority(subscriberPriority, "Subscriber Priority") * SUBSCRIBER_SHIFT +
		priority(publisherPriority, "Publisher Priority") * PUBLISHER_SHIFT +
		group * GROUP_SHIFT +
		subgroup;
	return -1 - rank;
}

/** The send order of a subgroup stream. Throws RangeError for a priority outside 0–255. */
export function subgroupSendOrder(key: SendOrderKey): number {
	return rankToSendOrder(
		key.subscriberPriority,
		key.publisherPriority,
		groupKey(key.groupId, key.baseGroup, key.groupOrder),
		clamp(key.subgroupId, SUBGROUP_KEY_MAX),
	);
}

/** The send order of a fetch stream whose next object has `publisherPriority`. */
export function fetchSendOrder(subscriberPriority: number, publisherPriority: number): number {
	return rankToSendOrder(subscriberPriority, publisherPriority, 0, 0);
}
