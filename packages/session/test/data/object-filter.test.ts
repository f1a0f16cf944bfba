/**
 * Location and Range Filters as the publisher applies them (draft-19 §5.1.2-§5.1.4).
 */

import { RangeFilterKind } from "@moqt/wire";
import { describe, expect, it } from "vitest";
import { type FilterableObject, ObjectFilter } from "../../src/data/object-filter.js";

function obj(groupId: bigint, objectId: bigint, extra: Partial<FilterableObject> = {}): FilterableObject {
	return { groupId, subgroupId: 0n, objectId, publisherPriority: 128, ...extra };
}

describe("ObjectFilter", () => {
	it("passes everything without filters", () => {
		const f = new ObjectFilter();
		expect(f.passes(obj(0n, 0n))).toBe(true);
		expect(f.passes(obj(2n ** 63n, 7n, { subgroupId: undefined }))).toBe(true);
	});

	it("applies the Start Location and End Group inclusively", () => {
		const f = new ObjectFilter({ start: { group: 5n, object: 3n }, endGroup: 7n });
		expect(f.passes(obj(4n, 100n))).toBe(false);
		expect(f.passes(obj(5n, 2n))).toBe(false);
		expect(f.passes(obj(5n, 3n))).toBe(true);
		expect(f.passes(obj(6n, 0n))).toBe(true);
		expect(f.passes(obj(7n, 999n))).toBe(true);
		expect(f.passes(obj(8n, 0n))).toBe(false);
		expect([4n, 5n, 7n, 8n].map((g) => f.groupInRange(g))).toEqual([false, true, true, false]);
	});

	it("rejects an End Group before the start group", () => {
		expect(() => new ObjectFilter({ start: { group: 5n, object: 0n }, endGroup: 4n })).toThrow(RangeError);
	});

	it("ANDs filters of one SetID and ORs the sets", () => {
		const f = new ObjectFilter({}, [
			{ kind: RangeFilterKind.SUBGROUP, setId: 0, ranges: [{ start: 0n, end: 0n }] },
			{ kind: RangeFilterKind.OBJECT_ID, setId: 0, ranges: [{ start: 0n, end: 9n }] },
			{ kind: RangeFilterKind.PRIORITY, setId: 1, ranges: [{ start: 0n, end: 10n }] },
		]);
		expect(f.passes(obj(1n, 5n))).toBe(true); // set 0
		expect(f.passes(obj(1n, 10n))).toBe(false); // set 0 fails on Object ID, set 1 on priority
		expect(f.passes(obj(1n, 10n, { publisherPriority: 10 }))).toBe(true); // set 1
		expect(f.passes(obj(1n, 5n, { subgroupId: 1n }))).toBe(false);
	});

	it("filters on open-ended ranges, integer object properties, and not on datagrams' missing subgroup", () => {
		const f = new ObjectFilter({}, [
			{ kind: RangeFilterKind.OBJECT_PROPERTY, setId: 3, propertyType: 0x40n, ranges: [{ start: 10n }] },
		]);
		expect(f.passes(obj(0n, 0n, { properties: [{ type: 0x40n, value: 10n }] }))).toBe(true);
		expect(f.passes(obj(0n, 0n, { properties: [{ type: 0x40n, value: 9n }] }))).toBe(false);
		expect(f.passes(obj(0n, 0n))).toBe(false);
		const sub = new ObjectFilter({}, [{ kind: RangeFilterKind.SUBGROUP, setId: 0, ranges: [{ start: 0n }] }]);
		expect(sub.passes(obj(0n, 0n, { subgroupId: undefined }))).toBe(false);
	});

	it("ignores Track Property filters and the SetID-less removal form", () => {
		const f = new ObjectFilter({}, [
			{ kind: RangeFilterKind.TRACK_PROPERTY, setId: 0, propertyType: 2n, ranges: [{ start: 1n, end: 1n }] },
			{ kind: RangeFilterKind.OBJECT_ID, ranges: [] },
		]);
		expect(f.passes(obj(0n, 0n))).toBe(true);
	});
});
