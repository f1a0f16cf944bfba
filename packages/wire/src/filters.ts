/**
 * Subscription / Location filters (draft-ietf-moq-transport-14 §5.1.2 "Subscription Filters",
 * -18 §5.1.2, -19 §5.1.2 "Location Filters") and the Range Filters of draft-19 §5.1.3.
 *
 * The filter's End Group is absolute in the model. On the wire it is absolute up to -16 and a
 * delta from the start group from -17 ("Make EndGroup in Subscription Filters a delta", #1470).
 *
 * @module
 */

import type { Codec } from "./codec.js";
import { WireError } from "./errors.js";
import { readLocation, writeLocation } from "./fields.js";
import type { Reader } from "./reader.js";
import { FilterType, type SubscriptionFilter } from "./types.js";
import type { Writer } from "./writer.js";

const U64_MAX = (1n << 64n) - 1n;

/** Reads a Subscription Filter (Filter Type, [Start Location], [End Group]). */
export function readSubscriptionFilter(r: Reader, c: Codec): SubscriptionFilter {
	const at = r.pos;
	const type = r.varint();
	switch (type) {
		case FilterType.NEXT_GROUP_START:
		case FilterType.LARGEST_OBJECT:
			return { type };
		case FilterType.ABSOLUTE_START:
			return { type, start: readLocation(r) };
		case FilterType.ABSOLUTE_RANGE: {
			const start = readLocation(r);
			const endAt = r.pos;
			const end = r.varintBig();
			const endGroup = c.draft >= 17 ? start.group + end : end;
			if (endGroup > U64_MAX) throw new WireError("invalid-value", "End Group overflows", { offset: endAt });
			if (endGroup < start.group) {
				throw new WireError("invalid-value", "End Group precedes the start group", { offset: endAt });
			}
			return { type, start, endGroup };
		}
		default:
			throw new WireError("invalid-value", `unknown filter type ${type}`, { offset: at });
	}
}

/** Writes a Subscription Filter. */
export function writeSubscriptionFilter(w: Writer, c: Codec, f: SubscriptionFilter): void {
	w.varint(f.type);
	switch (f.type) {
		case FilterType.NEXT_GROUP_START:
		case FilterType.LARGEST_OBJECT:
			return;
		case FilterType.ABSOLUTE_START:
			writeLocation(w, f.start);
			return;
		case FilterType.ABSOLUTE_RANGE:
			if (f.endGroup < f.start.group) throw new WireError("invalid-value", "End Group precedes the start group");
			writeLocation(w, f.start);
			w.varint(c.draft >= 17 ? f.endGroup - f.start.group : f.endGroup);
			return;
		default:
			throw new WireError("invalid-value", "unknown filter type");
	}
}

/** What a draft-19 Range Filter selects on (parameter types 0x25–0x29). */
export const RangeFilterKind = {
	SUBGROUP: 0x25,
	OBJECT_ID: 0x26,
	PRIORITY: 0x27,
	OBJECT_PROPERTY: 0x28,
	TRACK_PROPERTY: 0x29,
} as const;
/** A Range Filter kind, which is also its parameter type. */
export type RangeFilterKind = (typeof RangeFilterKind)[keyof typeof RangeFilterKind];

/** An inclusive range of values; an absent end is open-ended (only the last range may be). */
export interface ValueRange {
	readonly start: bigint;
	readonly end?: bigint;
}

/**
 * A draft-19 Range Filter parameter. Without `setId` (and with no ranges) it is the empty
 * filter a REQUEST_UPDATE sends to remove one.
 */
export interface RangeFilter {
	readonly kind: RangeFilterKind;
	readonly setId?: number;
	/** For OBJECT_PROPERTY and TRACK_PROPERTY filters: the (even) property type compared. */
	readonly propertyType?: bigint;
	readonly ranges: readonly ValueRange[];
}

function hasPropertyType(kind: number): boolean {
	return kind === RangeFilterKind.OBJECT_PROPERTY || kind === RangeFilterKind.TRACK_PROPERTY;
}

/** Reads the body of a Range Filter parameter, which ends at `end`. */
export function readRangeFilter(r: Reader, kind: RangeFilterKind, end: number): RangeFilter {
	if (r.pos === end) return { kind, ranges: [] };
	const setId = r.u8();
	const propertyType = hasPropertyType(kind) ? r.varintBig() : undefined;
	const ranges: ValueRange[] = [];
	let prev = 0n;
	while (r.pos < end) {
		const at = r.pos;
		const start = prev + r.varintBig();
		if (start > U64_MAX) throw new WireError("invalid-value", "Range Filter value overflows", { offset: at });
		if (r.pos === end) {
			ranges.push({ start });
			break;
		}
		const stop = start + r.varintBig();
		if (stop > U64_MAX) throw new WireError("invalid-value", "Range Filter value overflows", { offset: at });
		ranges.push({ start, end: stop });
		prev = stop;
	}
	if (r.pos !== end) throw new WireError("malformed", "Range Filter runs past its length", { offset: r.pos });
	return propertyType === undefined ? { kind, setId, ranges } : { kind, setId, propertyType, ranges };
}

/** Writes the body of a Range Filter parameter (without its length). */
export function writeRangeFilter(w: Writer, f: RangeFilter): void {
	if (f.setId === undefined) {
		if (f.ranges.length !== 0) throw new WireError("invalid-value", "a Range Filter with ranges needs a SetID");
		return;
	}
	w.u8(f.setId);
	if (hasPropertyType(f.kind)) {
		if (f.propertyType === undefined)
			throw new WireError("invalid-value", "a property Range Filter needs a Property Type");
		w.varint(f.propertyType);
	}
	let prev = 0n;
	f.ranges.forEach((range, i) => {
		if (range.start < prev) throw new WireError("invalid-value", "Range Filter ranges must ascend");
		w.varint(range.start - prev);
		if (range.end === undefined) {
			if (i !== f.ranges.length - 1) throw new WireError("invalid-value", "only the last range may be open-ended");
			return;
		}
		if (range.end < range.start) throw new WireError("invalid-value", "a range ends before it starts");
		w.varint(range.end - range.start);
		prev = range.end;
	});
}
