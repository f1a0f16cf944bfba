import { ForwardingPreference, GroupOrder, type Location, ObjectStatus } from "@moqt/wire";
import { describe, expect, it } from "vitest";
import { bytes, ManualClock, ns, prng } from "../../test/helpers.js";
import type { CacheableObject } from "./cached-object.js";
import type { FetchEntry, FetchOrder } from "./fetch-range.js";
import { compareLocations, MAX_OBJECT_ID } from "./location.js";
import { ObjectCache } from "./object-cache.js";

const TRACK = { namespace: ns("vod"), name: bytes("movie") };
const at = (group: number | bigint, object: number | bigint) => ({ group: BigInt(group), object: BigInt(object) });

function obj(group: number, object: number, fields: Partial<CacheableObject> = {}): CacheableObject {
	return {
		groupId: BigInt(group),
		subgroupId: 0n,
		objectId: BigInt(object),
		publisherPriority: 128,
		forwardingPreference: ForwardingPreference.SUBGROUP,
		payload: bytes(`${group}.${object}`),
		...fields,
	};
}

/** Entries as short strings: "3.1" for an object, "?2.0-2.max" / "x…" for unknown / non-existent gaps. */
function show(entries: readonly FetchEntry[]): string[] {
	const loc = (l: Location) => `${l.group}.${l.object === MAX_OBJECT_ID ? "max" : l.object}`;
	return entries.map((e) =>
		e.kind === "object"
			? `${e.object.groupId}.${e.object.objectId}`
			: `${e.range === "unknown" ? "?" : "x"}${loc(e.start)}-${loc(e.end)}`,
	);
}

function cacheWith(objects: CacheableObject[]) {
	const clock = new ManualClock();
	const cache = new ObjectCache({ maxBytes: 1 << 24, now: clock.now });
	for (const o of objects) expect(cache.put(TRACK, o).kind).toBe("stored");
	return { cache, clock };
}

describe("fetch from the cache (draft-19 §10.12.3)", () => {
	it("returns objects in ascending group order with the holes marked unknown", () => {
		const { cache } = cacheWith([obj(1, 0), obj(1, 1), obj(1, 3), obj(3, 0)]);
		const result = cache.fetch(TRACK, at(1, 0), at(3, 0), GroupOrder.ASCENDING);
		expect(show(result.entries)).toEqual(["1.0", "1.1", "?1.2-1.2", "1.3", "?1.4-2.max", "3.0"]);
		expect(result.complete).toBe(false);
	});

	it("merges the end of a group, missing groups and the start of the next into one gap", () => {
		const { cache } = cacheWith([obj(1, 0), obj(4, 2)]);
		expect(show(cache.fetch(TRACK, at(1, 0), at(4, 2), GroupOrder.ASCENDING).entries)).toEqual([
			"1.0",
			"?1.1-4.1",
			"4.2",
		]);
	});

	it("serves descending group order with objects ascending inside each group", () => {
		const { cache } = cacheWith([obj(1, 0), obj(1, 1), obj(2, 0), obj(3, 5)]);
		const result = cache.fetch(TRACK, at(1, 1), at(3, 5), GroupOrder.DESCENDING);
		expect(show(result.entries)).toEqual(["?3.0-3.4", "3.5", "2.0", "?2.1-2.max", "1.1", "?1.2-1.max"]);
	});

	it("tells known-missing gaps from unknown ones", () => {
		const { cache } = cacheWith([
			obj(1, 0),
			obj(1, 2, { status: ObjectStatus.END_OF_GROUP, payload: new Uint8Array(0) }),
			obj(2, 0),
			obj(2, 1, { status: ObjectStatus.DOES_NOT_EXIST, payload: new Uint8Array(0) }),
			obj(2, 3),
		]);
		cache.recordNonExistent(TRACK, at(3, 0), at(5, MAX_OBJECT_ID));
		const result = cache.fetch(TRACK, at(1, 0), at(7, 0), GroupOrder.ASCENDING);
		expect(show(result.entries)).toEqual([
			"1.0",
			"?1.1-1.1",
			"1.2", // the End of Group marker itself, for draft-14 fetch streams
			"x1.3-1.max",
			"2.0",
			"x2.1-2.1",
			"?2.2-2.2",
			"2.3",
			"?2.4-2.max",
			"x3.0-5.max",
			"?6.0-7.0",
		]);
	});

	it("knows nothing exists after the End of Track", () => {
		const { cache } = cacheWith([obj(1, 0)]);
		cache.recordEndOfTrack(TRACK, at(4, 2));
		expect(show(cache.fetch(TRACK, at(0, 5), at(9, 9), GroupOrder.ASCENDING).entries)).toEqual([
			"?0.5-0.max",
			"1.0",
			"?1.1-4.1",
			"x4.2-9.9",
		]);
		// Descending: groups 9..5, then 4 (unknown before the end, missing after), 3..2, 1, 0 from object 5.
		expect(show(cache.fetch(TRACK, at(0, 5), at(9, 9), GroupOrder.DESCENDING).entries)).toEqual([
			"x9.0-5.max",
			"?4.0-4.1",
			"x4.2-4.max",
			"?3.0-2.max",
			"1.0",
			"?1.1-0.max",
		]);
	});

	it("answers a range of 2^62 groups over an empty cache with one gap", () => {
		const { cache } = cacheWith([]);
		const end = at(1n << 62n, 0);
		expect(show(cache.fetch(TRACK, at(0, 0), end, GroupOrder.ASCENDING).entries)).toEqual([`?0.0-${1n << 62n}.0`]);
		const other = { namespace: ns("never"), name: bytes("seen") };
		expect(show(cache.fetch(other, at(5, 3), at(9, 1), GroupOrder.DESCENDING).entries)).toEqual(["?9.0-5.max"]);
	});

	it("reports a range it holds entirely as complete, and an empty range as nothing", () => {
		const { cache } = cacheWith([obj(1, 0), obj(1, 1)]);
		expect(cache.fetch(TRACK, at(1, 0), at(1, 1), GroupOrder.ASCENDING).complete).toBe(true);
		expect(cache.fetch(TRACK, at(1, 1), at(1, 0), GroupOrder.ASCENDING)).toEqual({ entries: [], complete: true });
		expect(cache.stats.hits).toBe(2);
	});

	it("reads expired objects as unknown", () => {
		const { cache, clock } = cacheWith([]);
		cache.put(TRACK, obj(1, 0), { maxCacheDuration: 100 });
		cache.put(TRACK, obj(1, 1));
		clock.advance(100);
		expect(show(cache.fetch(TRACK, at(1, 0), at(1, 1), GroupOrder.ASCENDING).entries)).toEqual(["?1.0-1.0", "1.1"]);
	});
});

// --- A randomized check against a model, over a small ID space -------------------------------

const N = 6; // groups and objects 0..N-1 are modelled exactly

/** The next Location in stream order within [start, end], or undefined past the end. */
function next(l: Location, start: Location, end: Location, order: FetchOrder): Location | undefined {
	const lo = (g: bigint) => (g === start.group ? start.object : 0n);
	const hi = (g: bigint) => (g === end.group ? end.object : MAX_OBJECT_ID);
	if (l.object < hi(l.group)) return { group: l.group, object: l.object + 1n };
	const g = order === GroupOrder.ASCENDING ? l.group + 1n : l.group - 1n;
	if (g < start.group || g > end.group) return undefined;
	return { group: g, object: lo(g) };
}

/** Checks that the entries tile the range in stream order; returns the state of each small Location. */
function tile(entries: readonly FetchEntry[], start: Location, end: Location, order: FetchOrder): Map<string, string> {
	const states = new Map<string, string>();
	let expected: Location | undefined =
		order === GroupOrder.ASCENDING
			? start
			: { group: end.group, object: end.group === start.group ? start.object : 0n };
	for (const e of entries) {
		const first = e.kind === "object" ? { group: e.object.groupId, object: e.object.objectId } : e.start;
		const last = e.kind === "object" ? first : e.end;
		expect(expected && compareLocations(first, expected)).toBe(0);
		const state = e.kind === "object" ? "object" : e.range;
		for (let l: Location | undefined = first; l !== undefined; l = next(l, start, end, order)) {
			if (l.object < BigInt(N)) states.set(`${l.group}.${l.object}`, state);
			if (compareLocations(l, last) === 0) break;
			if (l.object >= BigInt(N)) {
				// Skip the unmodelled tail of the group in one step.
				const tailEnd = l.group === last.group ? last.object : l.group === end.group ? end.object : MAX_OBJECT_ID;
				l = { group: l.group, object: tailEnd };
				if (compareLocations(l, last) === 0) break;
			}
		}
		expected = next(last, start, end, order);
	}
	expect(expected).toBeUndefined();
	return states;
}

describe("fetch from the cache: randomized against a model", () => {
	it.each(Array.from({ length: 60 }, (_, i) => i + 1))("agrees with the model (seed %i)", (seed) => {
		const random = prng(seed);
		const pick = (n: number) => Math.floor(random() * n);
		const clock = new ManualClock();
		const cache = new ObjectCache({ maxBytes: 1 << 24, now: clock.now });
		// The model: what exists (with its expiry), what does not, End of Group per group.
		const exists = new Map<string, number>();
		const missing = new Set<string>();
		const endOfGroup = new Map<number, number>();
		const everPut = new Set<string>();
		for (let step = 0; step < 60; step++) {
			const g = pick(N);
			const o = pick(N);
			const key = `${g}.${o}`;
			const action = pick(10);
			if (action < 6 && !everPut.has(key)) {
				const end = endOfGroup.get(g);
				const duration = pick(3) === 0 ? 5 + pick(20) : undefined;
				const result = cache.put(TRACK, obj(g, o), duration === undefined ? {} : { maxCacheDuration: duration });
				everPut.add(key);
				if (end !== undefined && o >= end) expect(result.kind).toBe("malformed");
				else if (missing.has(key)) expect(result.kind).toBe("known-missing");
				else {
					expect(result.kind).toBe("stored");
					exists.set(key, clock.time + (duration ?? Number.POSITIVE_INFINITY));
				}
			} else if (action < 8) {
				// A range inside one group that holds no End of Group yet.
				const hi = o + pick(N - o);
				if (endOfGroup.has(g)) continue;
				cache.recordNonExistent(TRACK, at(g, o), at(g, hi));
				for (let x = o; x <= hi; x++) {
					missing.add(`${g}.${x}`);
					exists.delete(`${g}.${x}`);
				}
			} else if (action < 9 && !endOfGroup.has(g)) {
				// End of Group after everything the group ever had.
				const after =
					Math.max(-1, ...[...everPut].filter((k) => k.startsWith(`${g}.`)).map((k) => Number(k.split(".")[1]))) + 1;
				if (after >= N || missing.has(`${g}.${after}`)) continue;
				const result = cache.put(
					TRACK,
					obj(g, after, { status: ObjectStatus.END_OF_GROUP, payload: new Uint8Array(0) }),
				);
				expect(result.kind).toBe("stored");
				everPut.add(`${g}.${after}`);
				endOfGroup.set(g, after);
				exists.set(`${g}.${after}`, Number.POSITIVE_INFINITY);
			} else {
				clock.advance(pick(10));
			}
		}
		const stateOf = (g: number, o: number): string => {
			const key = `${g}.${o}`;
			const expiry = exists.get(key);
			if (expiry !== undefined && expiry > clock.time) return "object";
			if (missing.has(key)) return "non-existent";
			const end = endOfGroup.get(g);
			if (end !== undefined && o > end) return "non-existent";
			return "unknown";
		};
		for (const order of [GroupOrder.ASCENDING, GroupOrder.DESCENDING] as const) {
			const start = at(pick(N), pick(N));
			const end = at(Number(start.group) + pick(N - Number(start.group)), pick(N));
			if (compareLocations(start, end) > 0) continue;
			const result = cache.fetch(TRACK, start, end, order);
			const states = tile(result.entries, start, end, order);
			for (const [key, state] of states) {
				const [g, o] = key.split(".").map(Number) as [number, number];
				expect(`${key}:${state}`).toBe(`${key}:${stateOf(g, o)}`);
				const lookup = cache.get(TRACK, at(g, o)).state;
				expect(lookup === "does-not-exist" ? "non-existent" : lookup).toBe(state);
			}
			// Unknown tails past the modelled IDs count too, so compare with the entries themselves.
			expect(result.complete).toBe(!result.entries.some((e) => e.kind === "gap" && e.range === "unknown"));
			if ([...states.values()].includes("unknown")) expect(result.complete).toBe(false);
		}
	});
});
