import { describe, expect, it } from "vitest";
import { WireError } from "./errors.js";
import { RangeFilterKind, readRangeFilter, writeRangeFilter } from "./filters.js";
import { Reader } from "./reader.js";
import { Writer } from "./writer.js";

const U64_MAX = (1n << 64n) - 1n;

describe("draft-19 Range Filters (§5.1.3)", () => {
	it("round-trips closed and open-ended ranges as deltas", () => {
		const f = {
			kind: RangeFilterKind.OBJECT_ID,
			setId: 1,
			ranges: [{ start: 3n, end: 5n }, { start: 10n, end: 15n }, { start: 20n }],
		};
		const w = new Writer(16, true);
		writeRangeFilter(w, f);
		// SetID 1; 3, +2; 5 (10-5), +5; 5 (20-15), open.
		expect([...w.view()]).toEqual([1, 3, 2, 5, 5, 5]);
		const r = new Reader(w.finish(), true);
		expect(readRangeFilter(r, RangeFilterKind.OBJECT_ID, w.pos)).toEqual(f);
	});
	it("rejects an open-ended range whose start overflows 2^64-1", () => {
		// A closed range 0..2^64-1, then an open range starting 1 past its end.
		const w = new Writer(32, true);
		w.u8(0);
		w.varint(0n);
		w.varint(U64_MAX);
		w.varint(1n);
		const bytes = w.finish();
		expect(() => readRangeFilter(new Reader(bytes, true), RangeFilterKind.SUBGROUP, bytes.length)).toThrow(WireError);
	});
	it("rejects a closed range whose end overflows", () => {
		const w = new Writer(32, true);
		w.u8(0);
		w.varint(U64_MAX);
		w.varint(1n);
		const bytes = w.finish();
		expect(() => readRangeFilter(new Reader(bytes, true), RangeFilterKind.SUBGROUP, bytes.length)).toThrow(WireError);
	});
});
