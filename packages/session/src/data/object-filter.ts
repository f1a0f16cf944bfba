/**
 * Which objects a subscription forwards (draft-ietf-moq-transport-14 §5.1.2 "Subscription
 * Filters", -19 §5.1.2 "Location Filters", §5.1.3 "Range Filters", §5.1.4 "Combining Filters"):
 *
 * - Location: objects at or after the Start Location and, when there is an End Group, in groups up
 *   to it inclusive. The driver resolves relative filters (Largest Object, Next Group Start) to
 *   an absolute start before handing them here.
 * - Range Filters (-19): filters with the same SetID are ANDed, the sets ORed. SUBGROUP_FILTER
 *   tests the Subgroup ID (a datagram has none and does not pass), OBJECTID_FILTER the Object ID,
 *   PRIORITY_FILTER the Publisher Priority, OBJECT_PROPERTY_FILTER the value of an integer
 *   property among the object's own properties (absent: does not pass). TRACK_PROPERTY_FILTER
 *   selects tracks, not objects, and is ignored here. A filter without a SetID is the "remove"
 *   form of REQUEST_UPDATE and selects nothing away.
 *
 * "Pass = Forward AND Location Filters AND Range Filters"; the Forward State is the sender's.
 *
 * @module
 */

import type { KeyValuePair, Location, RangeFilter, ValueRange } from "@moqt/wire";
import { RangeFilterKind } from "@moqt/wire";

/** An absolute location filter: from `start` (inclusive), through group `endGroup` (inclusive). */
export interface LocationRange {
	/** Absent: from the first object. */
	readonly start?: Location;
	/** Absent: open-ended. */
	readonly endGroup?: bigint;
}

/** The fields of an object that filters look at. */
export interface FilterableObject {
	readonly groupId: bigint;
	/** Undefined for objects with the Datagram forwarding preference. */
	readonly subgroupId: bigint | undefined;
	readonly objectId: bigint;
	readonly publisherPriority: number;
	readonly properties?: readonly KeyValuePair[];
}

function inRanges(value: bigint, ranges: readonly ValueRange[]): boolean {
	for (const r of ranges) {
		if (value >= r.start && (r.end === undefined || value <= r.end)) return true;
	}
	return false;
}

function propertyValue(properties: readonly KeyValuePair[] | undefined, type: bigint): bigint | undefined {
	for (const kv of properties ?? []) {
		if (kv.type === type && typeof kv.value === "bigint") return kv.value;
	}
	return undefined;
}

function matches(f: RangeFilter, o: FilterableObject): boolean {
	switch (f.kind) {
		case RangeFilterKind.SUBGROUP:
			return o.subgroupId !== undefined && inRanges(o.subgroupId, f.ranges);
		case RangeFilterKind.OBJECT_ID:
			return inRanges(o.objectId, f.ranges);
		case RangeFilterKind.PRIORITY:
			return inRanges(BigInt(o.publisherPriority), f.ranges);
		case RangeFilterKind.OBJECT_PROPERTY: {
			const value = f.propertyType === undefined ? undefined : propertyValue(o.properties, f.propertyType);
			return value !== undefined && inRanges(value, f.ranges);
		}
		default:
			return true;
	}
}

/** A subscription's location and range filters. Immutable: an update makes a new one. */
export class ObjectFilter {
	/** The location filter. */
	readonly location: LocationRange;
	/** Range filters grouped by SetID. */
	private readonly sets: readonly (readonly RangeFilter[])[];

	constructor(location: LocationRange = {}, rangeFilters: readonly RangeFilter[] = []) {
		if (location.start !== undefined && location.endGroup !== undefined && location.endGroup < location.start.group) {
			throw new RangeError("the End Group precedes the Start Location's group");
		}
		this.location = location;
		const bySet = new Map<number, RangeFilter[]>();
		for (const f of rangeFilters) {
			if (f.setId === undefined || f.kind === RangeFilterKind.TRACK_PROPERTY) continue;
			const set = bySet.get(f.setId);
			if (set === undefined) bySet.set(f.setId, [f]);
			else set.push(f);
		}
		this.sets = [...bySet.values()];
	}

	/** True when some object of the group can pass the location filter. */
	groupInRange(groupId: bigint): boolean {
		const { start, endGroup } = this.location;
		return (start === undefined || groupId >= start.group) && (endGroup === undefined || groupId <= endGroup);
	}

	/** True when the object passes the location filter and the range filters. */
	passes(o: FilterableObject): boolean {
		if (!this.groupInRange(o.groupId)) return false;
		const start = this.location.start;
		if (start !== undefined && o.groupId === start.group && o.objectId < start.object) return false;
		if (this.sets.length === 0) return true;
		return this.sets.some((set) => set.every((f) => matches(f, o)));
	}
}
