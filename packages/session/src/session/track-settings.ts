/**
 * What a publisher's data plane needs from a subscription's parameters: the Subscriber Priority
 * (default 128, draft-ietf-moq-transport-16 §9.2.2.5 "SUBSCRIBER PRIORITY": "the publisher uses
 * the value 128"), the group order (draft-14's "publisher's choice" resolved to Ascending), the
 * Forward State (default 1), the location filter made absolute, the -19 Range Filters and the
 * subscriber's delivery timeouts.
 *
 * Relative location filters (-14 §5.1.2 "Subscription Filters", -19 §5.1.2 "Location Filters"):
 * "Largest Object (0x2): The filter Start Location is {Largest Object.Group, Largest Object.Object
 * + 1} ... If no content has been delivered yet, the filter Start Location is {0, 0}"; "Next Group
 * Start (0x1): The filter Start Location is {Largest Object.Group + 1, 0}", likewise. The Largest
 * Object is what SUBSCRIBE_OK (or PUBLISH) reported.
 *
 * The track's default Publisher Priority (-16 §"DEFAULT PUBLISHER PRIORITY" Track Extension, -18/-19
 * Track Property 0x0E: "Subgroups and Datagrams for this subscription inherit this priority,
 * unless they specifically override it ... If omitted, the Default Publisher Priority is 128"):
 * from draft-16 object headers may omit their priority, so the publisher announces its default
 * with SUBSCRIBE_OK / PUBLISH and the subscriber reads it there. draft-14 always carries it.
 *
 * @module
 */

import {
	type Draft,
	FilterType,
	GroupOrder,
	type KeyValuePair,
	type Location,
	type MessageParameters,
	type SubscriptionFilter,
} from "@moqt/wire";
import type { LocationRange } from "../data/object-filter.js";
import type { TrackUpdate } from "../data/track-sender.js";

/** The subscriber-controlled settings of a track sender. */
export interface TrackSettings extends Required<Pick<TrackUpdate, "forward" | "subscriberPriority">> {
	readonly groupOrder: typeof GroupOrder.ASCENDING | typeof GroupOrder.DESCENDING;
	readonly filter: LocationRange;
	readonly rangeFilters: NonNullable<TrackUpdate["rangeFilters"]>;
	readonly deliveryTimeout: NonNullable<TrackUpdate["deliveryTimeout"]>;
}

/** The default Subscriber Priority (and Publisher Priority) of the drafts. */
export const DEFAULT_PRIORITY = 128;

/** Reads a subscription's parameters (as the core holds them) into sender settings. */
export function trackSettings(parameters: MessageParameters, largest: Location | undefined): TrackSettings {
	return {
		subscriberPriority: parameters.subscriberPriority ?? DEFAULT_PRIORITY,
		groupOrder: parameters.groupOrder === GroupOrder.DESCENDING ? GroupOrder.DESCENDING : GroupOrder.ASCENDING,
		forward: parameters.forward !== false,
		filter: locationRange(parameters.subscriptionFilter, largest),
		rangeFilters: parameters.rangeFilters ?? [],
		deliveryTimeout: {
			...(parameters.deliveryTimeout !== undefined && { object: Number(parameters.deliveryTimeout) }),
			...(parameters.subgroupDeliveryTimeout !== undefined && {
				subgroup: Number(parameters.subgroupDeliveryTimeout),
			}),
		},
	};
}

/** An absolute location range for a filter (none: everything). */
export function locationRange(filter: SubscriptionFilter | undefined, largest: Location | undefined): LocationRange {
	switch (filter?.type) {
		case undefined:
			return {};
		case FilterType.LARGEST_OBJECT:
			return largest === undefined ? {} : { start: { group: largest.group, object: largest.object + 1n } };
		case FilterType.NEXT_GROUP_START:
			return largest === undefined ? {} : { start: { group: largest.group + 1n, object: 0n } };
		case FilterType.ABSOLUTE_START:
			return { start: filter.start };
		case FilterType.ABSOLUTE_RANGE:
			return { start: filter.start, endGroup: filter.endGroup };
	}
}

/** The DEFAULT_PUBLISHER_PRIORITY Track Property (Extension in draft-16) type. */
export const DEFAULT_PUBLISHER_PRIORITY = 0x0en;

/** Track Properties announcing `priority` as the default Publisher Priority (draft-16+), unless set already. */
export function withDefaultPriority(
	draft: Draft,
	properties: readonly KeyValuePair[] | undefined,
	priority: number | undefined,
): readonly KeyValuePair[] | undefined {
	if (draft < 16 || priority === undefined) return properties;
	if (properties?.some((p) => p.type === DEFAULT_PUBLISHER_PRIORITY)) return properties;
	return [...(properties ?? []), { type: DEFAULT_PUBLISHER_PRIORITY, value: BigInt(priority) }];
}

/** The Publisher Priority objects inherit, from the Track Properties (draft-16+; draft-14 headers always carry one). */
export function defaultPriorityOf(draft: Draft, properties: readonly KeyValuePair[]): number | undefined {
	if (draft < 16) return undefined;
	const value = properties.find((p) => p.type === DEFAULT_PUBLISHER_PRIORITY)?.value;
	return typeof value === "bigint" && value <= 255n ? Number(value) : DEFAULT_PRIORITY;
}
