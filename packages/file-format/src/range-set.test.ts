import { describe, expect, it } from "vitest";
import { IdRangeSet } from "./range-set.js";

describe("IdRangeSet", () => {
	it("merges in-order IDs into one range", () => {
		const s = new IdRangeSet();
		for (let i = 0n; i < 1000n; i++) expect(s.add(i)).toBe(true);
		expect(s.ranges()).toEqual([{ first: 0n, last: 999n }]);
		expect(s.gaps()).toEqual([]);
	});

	it("reports duplicates, gaps, and merges out-of-order IDs", () => {
		const s = new IdRangeSet();
		for (const id of [10n, 12n, 2n, 5n, 4n, 11n, 0n]) expect(s.add(id)).toBe(true);
		for (const id of [10n, 11n, 12n, 2n, 4n, 5n, 0n]) expect(s.add(id)).toBe(false);
		expect(s.ranges()).toEqual([
			{ first: 0n, last: 0n },
			{ first: 2n, last: 2n },
			{ first: 4n, last: 5n },
			{ first: 10n, last: 12n },
		]);
		expect(s.gaps()).toEqual([
			{ first: 1n, last: 1n },
			{ first: 3n, last: 3n },
			{ first: 6n, last: 9n },
		]);
		expect(s.add(3n)).toBe(true);
		expect(s.add(1n)).toBe(true);
		expect(s.ranges()).toEqual([
			{ first: 0n, last: 5n },
			{ first: 10n, last: 12n },
		]);
		expect([s.min, s.max]).toEqual([0n, 12n]);
	});

	it("agrees with a plain set on a shuffled sequence", () => {
		const s = new IdRangeSet();
		const seen = new Set<bigint>();
		let x = 7;
		for (let i = 0; i < 2000; i++) {
			x = (x * 1103515245 + 12345) >>> 0;
			const id = BigInt(x % 500) + 2n ** 60n;
			expect(s.add(id)).toBe(!seen.has(id));
			seen.add(id);
		}
		const expanded: bigint[] = [];
		for (const r of s.ranges()) for (let id = r.first; id <= r.last; id++) expanded.push(id);
		expect(expanded).toEqual([...seen].sort((a, b) => (a < b ? -1 : 1)));
	});
});
