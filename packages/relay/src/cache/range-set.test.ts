import { describe, expect, it } from "vitest";
import { compareLocations, fetchEndInclusive, MAX_OBJECT_ID } from "./location.js";
import { RangeSet } from "./range-set.js";

const dump = (s: RangeSet) => s.ranges().map((r) => `${r.lo}-${r.hi}`);

describe("RangeSet", () => {
	it("merges overlapping and adjacent ranges and keeps them sorted", () => {
		const s = new RangeSet(100);
		s.add(10n, 12n);
		s.add(1n, 2n);
		s.add(20n, 30n);
		expect(dump(s)).toEqual(["1-2", "10-12", "20-30"]);
		s.add(3n, 4n); // adjacent to 1-2
		expect(dump(s)).toEqual(["1-4", "10-12", "20-30"]);
		s.add(11n, 25n); // bridges two ranges
		expect(dump(s)).toEqual(["1-4", "10-30"]);
		s.add(0n, 100n);
		expect(dump(s)).toEqual(["0-100"]);
		s.add(5n, 4n); // empty: ignored
		expect(s.size).toBe(1);
	});

	it("answers membership at the edges", () => {
		const s = new RangeSet(10);
		s.add(5n, 7n);
		expect([4n, 5n, 6n, 7n, 8n].map((x) => s.has(x))).toEqual([false, true, true, true, false]);
		expect(new RangeSet(1).has(0n)).toBe(false);
	});

	it("splits a query into covered and uncovered pieces", () => {
		const s = new RangeSet(10);
		s.add(3n, 4n);
		s.add(8n, 20n);
		expect(s.split(0n, 10n)).toEqual([
			{ lo: 0n, hi: 2n, covered: false },
			{ lo: 3n, hi: 4n, covered: true },
			{ lo: 5n, hi: 7n, covered: false },
			{ lo: 8n, hi: 10n, covered: true },
		]);
		expect(s.split(9n, 9n)).toEqual([{ lo: 9n, hi: 9n, covered: true }]);
		expect(s.split(21n, MAX_OBJECT_ID)).toEqual([{ lo: 21n, hi: MAX_OBJECT_ID, covered: false }]);
	});

	it("refuses a range past its cap but still merges into existing ones", () => {
		const s = new RangeSet(2);
		expect(s.add(0n, 0n)).toBe(true);
		expect(s.add(10n, 10n)).toBe(true);
		expect(s.add(20n, 20n)).toBe(false);
		expect(s.has(20n)).toBe(false);
		expect(s.add(1n, 9n)).toBe(true); // merges all into one
		expect(dump(s)).toEqual(["0-10"]);
	});

	it("stays capped under 100,000 scattered adds", () => {
		const s = new RangeSet(64);
		for (let i = 0; i < 100_000; i++) s.add(BigInt(i * 2), BigInt(i * 2));
		expect(s.size).toBe(64);
	});
});

describe("locations", () => {
	it("order by group, then object", () => {
		expect(compareLocations({ group: 1n, object: 9n }, { group: 2n, object: 0n })).toBeLessThan(0);
		expect(compareLocations({ group: 2n, object: 1n }, { group: 2n, object: 0n })).toBeGreaterThan(0);
		expect(compareLocations({ group: 2n, object: 1n }, { group: 2n, object: 1n })).toBe(0);
	});

	it("turn a FETCH End Location (end plus 1, object 0 = whole group) into the last Location", () => {
		expect(fetchEndInclusive({ group: 7n, object: 0n })).toEqual({ group: 7n, object: MAX_OBJECT_ID });
		expect(fetchEndInclusive({ group: 7n, object: 3n })).toEqual({ group: 7n, object: 2n });
	});
});
