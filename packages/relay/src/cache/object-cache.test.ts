import { ForwardingPreference, ObjectStatus } from "@moqt/wire";
import { describe, expect, it } from "vitest";
import { bytes, ManualClock, ns } from "../../test/helpers.js";
import { trackKey } from "../namespaces/names.js";
import { type CacheableObject, cachedSize } from "./cached-object.js";
import { ObjectCache } from "./object-cache.js";
import { GROUP_OVERHEAD_BYTES, TRACK_OVERHEAD_BYTES } from "./track-cache.js";

const TRACK = { namespace: ns("live", "room"), name: bytes("video") };
const OTHER = { namespace: ns("live", "room"), name: bytes("audio") };

function obj(group: number, object: number, fields: Partial<CacheableObject> = {}): CacheableObject {
	return {
		groupId: BigInt(group),
		subgroupId: 0n,
		objectId: BigInt(object),
		publisherPriority: 128,
		forwardingPreference: ForwardingPreference.SUBGROUP,
		payload: bytes(`g${group}o${object}`),
		...fields,
	};
}

const at = (group: number, object: number) => ({ group: BigInt(group), object: BigInt(object) });

function newCache(maxBytes = 1 << 20) {
	const clock = new ManualClock(1_000);
	return { clock, cache: new ObjectCache({ maxBytes, now: clock.now }) };
}

describe("ObjectCache: storing and reading", () => {
	it("stores every field and returns it by Location", () => {
		const { cache } = newCache();
		const properties = [
			{ type: 0x3cn, value: 2n },
			{ type: 0x0bn, value: new Uint8Array([0x02, 0x05]) },
		];
		const o = obj(3, 1, { subgroupId: 2n, publisherPriority: 7, properties });
		expect(cache.put(TRACK, o, { receivedAt: 900 })).toEqual({ kind: "stored" });
		const lookup = cache.get(TRACK, at(3, 1));
		expect(lookup.state).toBe("object");
		if (lookup.state !== "object") return;
		expect(lookup.object).toMatchObject({
			groupId: 3n,
			subgroupId: 2n,
			objectId: 1n,
			publisherPriority: 7,
			forwardingPreference: "subgroup",
			status: ObjectStatus.NORMAL,
			receivedAt: 900,
		});
		expect(lookup.object.properties).toEqual(properties);
		expect(new TextDecoder().decode(lookup.object.payload)).toBe("g3o1");
		expect(cache.get(TRACK, at(3, 2))).toEqual({ state: "unknown" });
		expect(cache.get(OTHER, at(3, 1))).toEqual({ state: "unknown" });
	});

	it("accepts a precomputed track key", () => {
		const { cache } = newCache();
		cache.put(trackKey(TRACK), obj(0, 0));
		expect(cache.get(TRACK, at(0, 0)).state).toBe("object");
	});

	it("copies the payload unless the caller owns it", () => {
		const { cache } = newCache();
		const shared = bytes("abcd");
		cache.put(TRACK, obj(0, 0, { payload: shared }));
		shared[0] = 0x7a;
		const copied = cache.get(TRACK, at(0, 0));
		expect(copied.state === "object" && copied.object.payload[0]).toBe(0x61);

		const owned = bytes("wxyz");
		cache.put(TRACK, obj(0, 1, { payload: owned }), { owned: true });
		const kept = cache.get(TRACK, at(0, 1));
		expect(kept.state === "object" && kept.object.payload).toBe(owned);
	});

	it("copies an owned view that would pin a much larger buffer", () => {
		const { cache } = newCache();
		const chunk = new Uint8Array(64 * 1024);
		const view = chunk.subarray(100, 110);
		cache.put(TRACK, obj(0, 0, { payload: view }), { owned: true });
		const got = cache.get(TRACK, at(0, 0));
		expect(got.state === "object" && got.object.payload.buffer.byteLength).toBe(10);
	});

	it("reports the largest Location, which eviction does not lower", () => {
		const { cache } = newCache();
		expect(cache.largest(TRACK)).toBeUndefined();
		cache.put(TRACK, obj(2, 5));
		cache.put(TRACK, obj(2, 3));
		cache.put(TRACK, obj(1, 9));
		expect(cache.largest(TRACK)).toEqual(at(2, 5));
		cache.recordNonExistent(TRACK, at(2, 0), at(2, 9));
		expect(cache.largest(TRACK)).toEqual(at(2, 5));
	});

	it("returns the current group from an object on, for a joining subscriber", () => {
		const { cache } = newCache();
		for (const o of [0, 1, 2, 3]) cache.put(TRACK, obj(4, o));
		cache.put(TRACK, obj(4, 4, { status: ObjectStatus.END_OF_GROUP, payload: new Uint8Array(0) }));
		expect(cache.groupFrom(TRACK, 4n, 2n).map((o) => o.objectId)).toEqual([2n, 3n, 4n]);
		expect(cache.groupFrom(TRACK, 4n).map((o) => o.objectId)).toEqual([0n, 1n, 2n, 3n, 4n]);
		expect(cache.groupFrom(TRACK, 5n)).toEqual([]);
		expect(cache.groupFrom(OTHER, 4n)).toEqual([]);
	});
});

describe("ObjectCache: duplicates and malformed tracks (draft-19 §9.1, §2.4.2)", () => {
	it("ignores an identical duplicate", () => {
		const { cache } = newCache();
		cache.put(TRACK, obj(1, 1));
		expect(cache.put(TRACK, obj(1, 1))).toEqual({ kind: "duplicate" });
		expect(cache.stats.objects).toBe(1);
	});

	it.each([
		["payload", { payload: bytes("other") }],
		["priority", { publisherPriority: 1 }],
		["subgroup", { subgroupId: 9n }],
		["forwarding preference", { forwardingPreference: ForwardingPreference.DATAGRAM, subgroupId: 0n }],
		["status", { status: ObjectStatus.END_OF_GROUP, payload: new Uint8Array(0) }],
	] as const)("calls a duplicate with a different %s malformed and keeps the first", (_, change) => {
		const { cache } = newCache();
		cache.put(TRACK, obj(1, 1));
		const result = cache.put(TRACK, obj(1, 1, change));
		expect(result.kind).toBe("malformed");
		const kept = cache.get(TRACK, at(1, 1));
		expect(kept.state === "object" && new TextDecoder().decode(kept.object.payload)).toBe("g1o1");
	});

	it("lets properties differ on a duplicate (they may be updated) and keeps the first", () => {
		const { cache } = newCache();
		cache.put(TRACK, obj(1, 1));
		expect(cache.put(TRACK, obj(1, 1, { properties: [{ type: 2n, value: 5n }] }))).toEqual({ kind: "duplicate" });
	});

	it("refuses an object past the End of Group, and an End of Group before a cached object", () => {
		const { cache } = newCache();
		const eog = (object: number) => obj(2, object, { status: ObjectStatus.END_OF_GROUP, payload: new Uint8Array(0) });
		cache.put(TRACK, obj(2, 0));
		cache.put(TRACK, obj(2, 5));
		expect(cache.put(TRACK, eog(3)).kind).toBe("malformed");
		expect(cache.put(TRACK, eog(6))).toEqual({ kind: "stored" });
		expect(cache.put(TRACK, eog(7)).kind).toBe("malformed");
		expect(cache.put(TRACK, obj(2, 7)).kind).toBe("malformed");
		expect(cache.put(TRACK, obj(2, 6)).kind).toBe("malformed");
		expect(cache.put(TRACK, obj(2, 3))).toEqual({ kind: "stored" }); // a hole before the end is fine
		expect(cache.get(TRACK, at(2, 9))).toEqual({ state: "does-not-exist" });
		expect(cache.get(TRACK, at(2, 4))).toEqual({ state: "unknown" });
	});

	it("refuses anything after the End of Track and an End of Track before a cached object", () => {
		const { cache } = newCache();
		const eot = (g: number, o: number) => obj(g, o, { status: ObjectStatus.END_OF_TRACK, payload: new Uint8Array(0) });
		cache.put(TRACK, obj(5, 2));
		expect(cache.put(TRACK, eot(5, 1)).kind).toBe("malformed");
		expect(cache.put(TRACK, eot(6, 0))).toEqual({ kind: "stored" });
		expect(cache.endOfTrack(TRACK)).toEqual(at(6, 0));
		expect(cache.put(TRACK, obj(6, 1)).kind).toBe("malformed");
		expect(cache.put(TRACK, obj(7, 0)).kind).toBe("malformed");
		expect(cache.put(TRACK, eot(6, 1)).kind).toBe("malformed");
		expect(cache.get(TRACK, at(9, 9))).toEqual({ state: "does-not-exist" });
		expect(cache.get(TRACK, at(5, 9))).toEqual({ state: "unknown" });
		expect(cache.recordEndOfTrack(TRACK, at(6, 0))).toBeUndefined();
		expect(cache.recordEndOfTrack(TRACK, at(8, 0))).toMatch(/moved/);
	});

	it("refuses a payload on a status object", () => {
		const { cache } = newCache();
		expect(cache.put(TRACK, obj(0, 0, { status: ObjectStatus.END_OF_GROUP })).kind).toBe("malformed");
		expect(cache.stats.objects).toBe(0);
	});

	it("rejects a publisher priority outside 0-255 as a caller error", () => {
		const { cache } = newCache();
		expect(() => cache.put(TRACK, obj(0, 0, { publisherPriority: 256 }))).toThrow(RangeError);
	});
});

describe("ObjectCache: objects known not to exist", () => {
	it("lets a draft-14 Object Does Not Exist replace a cached object, never the reverse", () => {
		const { cache } = newCache();
		const dne = obj(1, 1, { status: ObjectStatus.DOES_NOT_EXIST, payload: new Uint8Array(0) });
		cache.put(TRACK, obj(1, 1));
		expect(cache.put(TRACK, dne)).toEqual({ kind: "updated" });
		expect(cache.get(TRACK, at(1, 1))).toEqual({ state: "does-not-exist" });
		expect(cache.put(TRACK, obj(1, 1))).toEqual({ kind: "known-missing" });
		expect(cache.stats.objects).toBe(1);
	});

	it("drops the cached object for a Does Not Exist even when the marker itself cannot be cached", () => {
		const { cache } = newCache();
		cache.put(TRACK, obj(1, 1));
		const dne = obj(1, 1, { status: ObjectStatus.DOES_NOT_EXIST, payload: new Uint8Array(0) });
		expect(cache.put(TRACK, dne, { maxCacheDuration: 0 })).toEqual({ kind: "not-cached", reason: "expired" });
		expect(cache.get(TRACK, at(1, 1))).toEqual({ state: "does-not-exist" });
		expect(cache.stats.objects).toBe(0);
	});

	it("records ranges across groups and refuses objects inside them", () => {
		const { cache } = newCache();
		for (const [g, o] of [
			[1, 8],
			[2, 0],
			[3, 4],
			[4, 0],
			[4, 1],
		] as const) {
			cache.put(TRACK, obj(g, o));
		}
		expect(cache.recordNonExistent(TRACK, at(1, 5), at(4, 0))).toBe(4);
		expect(cache.stats.objects).toBe(1);
		expect(cache.get(TRACK, at(1, 4))).toEqual({ state: "unknown" });
		expect(cache.get(TRACK, at(1, 5))).toEqual({ state: "does-not-exist" });
		expect(cache.get(TRACK, at(3, 100))).toEqual({ state: "does-not-exist" });
		expect(cache.get(TRACK, at(4, 0))).toEqual({ state: "does-not-exist" });
		expect(cache.get(TRACK, at(4, 1)).state).toBe("object");
		expect(cache.put(TRACK, obj(2, 7))).toEqual({ kind: "known-missing" });
		expect(cache.put(TRACK, obj(1, 6))).toEqual({ kind: "known-missing" });
		expect(cache.put(TRACK, obj(1, 4))).toEqual({ kind: "stored" });
	});

	it("forgets non-existence with the group when the group is evicted (unknown is always safe)", () => {
		const size = cachedSize(obj(0, 0));
		const { cache } = newCache(TRACK_OVERHEAD_BYTES + 2 * GROUP_OVERHEAD_BYTES + 2 * size + 200);
		cache.put(TRACK, obj(0, 0));
		cache.recordNonExistent(TRACK, at(0, 1), at(0, 3));
		cache.put(TRACK, obj(1, 0));
		cache.put(TRACK, obj(2, 0)); // evicts group 0, the least recently used
		expect(cache.get(TRACK, at(0, 2))).toEqual({ state: "unknown" });
	});
});

describe("ObjectCache: MAX_CACHE_DURATION (draft-19 §12.3)", () => {
	it("serves an object until its duration, then reports it unknown", () => {
		const { cache, clock } = newCache();
		cache.setMaxCacheDuration(TRACK, 500);
		cache.put(TRACK, obj(0, 0));
		clock.advance(499);
		expect(cache.get(TRACK, at(0, 0)).state).toBe("object");
		clock.advance(1);
		expect(cache.get(TRACK, at(0, 0))).toEqual({ state: "unknown" });
		expect(cache.stats).toMatchObject({ objects: 0, expired: 1 });
	});

	it("counts from when the object's first byte arrived", () => {
		const { cache, clock } = newCache();
		cache.put(TRACK, obj(0, 0), { maxCacheDuration: 100, receivedAt: clock.time - 60 });
		cache.put(TRACK, obj(0, 1), { maxCacheDuration: 100 });
		clock.advance(40);
		expect(cache.get(TRACK, at(0, 0))).toEqual({ state: "unknown" });
		expect(cache.get(TRACK, at(0, 1)).state).toBe("object");
		expect(cache.put(TRACK, obj(0, 2), { maxCacheDuration: 100, receivedAt: clock.time - 100 })).toEqual({
			kind: "not-cached",
			reason: "expired",
		});
	});

	it("does not cache at all under a duration of 0", () => {
		const { cache } = newCache();
		expect(cache.put(TRACK, obj(0, 0), { maxCacheDuration: 0 })).toEqual({ kind: "not-cached", reason: "expired" });
	});

	it("keeps End of Group knowledge when the marker itself expires", () => {
		const { cache, clock } = newCache();
		cache.put(TRACK, obj(0, 2, { status: ObjectStatus.END_OF_GROUP, payload: new Uint8Array(0) }), {
			maxCacheDuration: 10,
		});
		clock.advance(10);
		expect(cache.get(TRACK, at(0, 2))).toEqual({ state: "does-not-exist" });
		expect(cache.get(TRACK, at(0, 1))).toEqual({ state: "unknown" });
	});

	it("sweeps expired objects and returns their bytes", () => {
		const { cache, clock } = newCache();
		for (let g = 0; g < 10; g++) cache.put(TRACK, obj(g, 0), { maxCacheDuration: g < 5 ? 10 : 1_000 });
		const full = cache.stats.bytes;
		clock.advance(10);
		expect(cache.sweep()).toBe(5);
		expect(cache.stats.objects).toBe(5);
		expect(cache.stats.bytes).toBe(full - 5 * cachedSize(obj(0, 0)));
		expect(cache.sweep()).toBe(0);
	});
});

describe("ObjectCache: the byte budget", () => {
	const size = cachedSize(obj(0, 0));

	it("evicts whole groups, least recently used first, across tracks", () => {
		// Room for two tracks, four groups and six objects.
		const budget = 2 * TRACK_OVERHEAD_BYTES + 4 * GROUP_OVERHEAD_BYTES + 6 * size;
		const { cache } = newCache(budget);
		cache.put(TRACK, obj(0, 0));
		cache.put(TRACK, obj(0, 1));
		cache.put(OTHER, obj(0, 0));
		cache.put(TRACK, obj(1, 0));
		cache.put(TRACK, obj(1, 1));
		cache.get(TRACK, at(0, 0)); // track group 0 becomes the most recently used
		expect(cache.stats.evictions).toBe(0);
		cache.put(OTHER, obj(1, 0));
		cache.put(OTHER, obj(1, 1)); // needs room: OTHER group 0 is the least recently used
		expect(cache.get(OTHER, at(0, 0))).toEqual({ state: "unknown" });
		expect(cache.get(TRACK, at(0, 1)).state).toBe("object");
		expect(cache.stats.evictions).toBe(1);
		expect(cache.stats.bytes).toBeLessThanOrEqual(budget);
	});

	it("never leaves part of a group behind", () => {
		const budget = TRACK_OVERHEAD_BYTES + 2 * GROUP_OVERHEAD_BYTES + 5 * size;
		const { cache } = newCache(budget);
		for (let o = 0; o < 3; o++) cache.put(TRACK, obj(0, o));
		for (let o = 0; o < 3; o++) cache.put(TRACK, obj(1, o));
		expect(cache.groupFrom(TRACK, 0n)).toEqual([]);
		expect(cache.groupFrom(TRACK, 1n)).toHaveLength(3);
		expect(cache.stats.evictions).toBe(3);
	});

	it("refuses an object larger than the budget, or a group that outgrows it, without evicting others", () => {
		const budget = TRACK_OVERHEAD_BYTES * 2 + GROUP_OVERHEAD_BYTES * 2 + 3 * size;
		const { cache } = newCache(budget);
		cache.put(OTHER, obj(0, 0));
		expect(cache.put(TRACK, obj(0, 0, { payload: new Uint8Array(budget) }))).toEqual({
			kind: "not-cached",
			reason: "budget",
		});
		cache.put(TRACK, obj(1, 0));
		cache.put(TRACK, obj(1, 1));
		expect(cache.put(TRACK, obj(1, 2, { payload: new Uint8Array(budget - 3 * size) }))).toEqual({
			kind: "not-cached",
			reason: "budget",
		});
		expect(cache.get(OTHER, at(0, 0)).state).toBe("object");
		expect(cache.stats.evictions).toBe(0);
	});

	it("evicts a track left without groups when its own state is what is over", () => {
		const { cache } = newCache(TRACK_OVERHEAD_BYTES * 2 + GROUP_OVERHEAD_BYTES + size);
		cache.setMaxCacheDuration(OTHER, 5); // creates OTHER's state
		cache.put(TRACK, obj(0, 0));
		expect(cache.stats.tracks).toBe(2);
		// Evicting group 0 is not enough for a bigger object: OTHER, which has no group, goes too.
		expect(cache.put(TRACK, obj(1, 0, { payload: new Uint8Array(100) }))).toEqual({ kind: "stored" });
		expect(cache.stats.tracks).toBe(1);
		expect(cache.stats.bytes).toBeLessThanOrEqual(cache.maxBytes);
	});

	it("counts hits and misses per lookup", () => {
		const { cache } = newCache();
		cache.put(TRACK, obj(0, 0));
		cache.get(TRACK, at(0, 0));
		cache.get(TRACK, at(0, 1));
		cache.groupFrom(TRACK, 0n);
		cache.groupFrom(TRACK, 7n);
		expect(cache.stats).toMatchObject({ hits: 2, misses: 2 });
	});

	it("returns to zero after 10,000 tracks come and go", () => {
		const { cache } = newCache(1 << 24);
		for (let i = 0; i < 10_000; i++) {
			const track = { namespace: ns("t", `${i}`), name: bytes("n") };
			cache.put(track, obj(i, 0));
			cache.recordNonExistent(track, at(i, 1), at(i + 2, 5));
			expect(cache.deleteTrack(track)).toBe(true);
		}
		expect(cache.stats).toMatchObject({ bytes: 0, objects: 0, groups: 0, tracks: 0 });
		expect(cache.deleteTrack(TRACK)).toBe(false);
	});

	it("stays within a small budget under 20,000 objects of 50 tracks", () => {
		const { cache } = newCache(64 * 1024);
		for (let i = 0; i < 20_000; i++) {
			const track = { namespace: ns("t"), name: bytes(`${i % 50}`) };
			cache.put(track, obj(Math.floor(i / 50), i % 7, { payload: new Uint8Array(i % 300) }));
			expect(cache.stats.bytes).toBeLessThanOrEqual(64 * 1024);
		}
		expect(cache.stats.evictions).toBeGreaterThan(0);
	});
});
