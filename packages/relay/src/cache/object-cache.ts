/**
 * The relay's object cache (draft-ietf-moq-transport-19 §9.1 "Caching Relays", §9.4 "Subscriber
 * Interactions", §10.12.3 "Fetch Handling", §12.3 MAX CACHE DURATION; -14 §8.1, §8.3, §9.16.3,
 * §9.2.1.3): objects of many tracks under one byte budget.
 *
 * - **Budget.** Every object, group, track and recorded range is charged (payload and property
 *   bytes plus a fixed estimate of the bookkeeping). When a put would exceed the budget, whole
 *   groups are evicted, least recently used first across all tracks; then tracks left with no
 *   group. A group being written to is never evicted to make room for its own object: if that
 *   group alone cannot fit, the object is not cached.
 * - **MAX_CACHE_DURATION.** An object is served at most that many milliseconds after its first
 *   byte arrived; after that its state is unknown (not "does not exist"). Expired objects are
 *   dropped when read and by {@link ObjectCache.sweep}. Time comes from the injected clock.
 * - **Knowledge.** Each track keeps its largest Location, its End of Track and the ranges known
 *   not to exist, so FETCH answers can tell "does not exist" from "unknown".
 * - **Stats.** `hits` / `misses` count lookups (get, fetch, groupFrom): a hit is answered entirely
 *   from what the cache knows, a miss meets an unknown object. `evictions` counts objects evicted
 *   for the budget, `expired` objects dropped for MAX_CACHE_DURATION.
 *
 * Tracks are named by Full Track Name, or by its {@link trackKey} when the caller computes it once
 * per subscription.
 *
 * @module
 */

import { type Location, ObjectStatus } from "@moqt/wire";
import { type FullTrackName, trackKey } from "../namespaces/names.js";
import type { CacheableObject, CachedObject } from "./cached-object.js";
import { type FetchOrder, type FetchResult, fetchRange, groupFrom } from "./fetch-range.js";
import { type CacheSink, type GroupEntry, type PutOptions, type PutResult, TrackCache } from "./track-cache.js";

/** A track: its Full Track Name, or that name's `trackKey()`. */
export type TrackRef = FullTrackName | string;

/** Options of an {@link ObjectCache}. */
export interface ObjectCacheOptions {
	/** The budget in bytes, for all tracks together. */
	readonly maxBytes: number;
	/** The clock, in milliseconds; `Date.now` by default. */
	readonly now?: () => number;
	/** The most ranges of non-existent objects one group, or of groups one track, records. */
	readonly maxRangesPerSet?: number;
}

/** What {@link ObjectCache.get} knows about one Location. */
export type Lookup =
	| { readonly state: "object"; readonly object: CachedObject }
	| { readonly state: "does-not-exist" }
	| { readonly state: "unknown" };

/** Counters and gauges of an {@link ObjectCache}. */
export interface CacheStats {
	/** Bytes charged against the budget. */
	readonly bytes: number;
	readonly maxBytes: number;
	readonly objects: number;
	readonly groups: number;
	readonly tracks: number;
	/** Lookups answered entirely from the cache. */
	readonly hits: number;
	/** Lookups that met an unknown object. */
	readonly misses: number;
	/** Objects evicted to stay within the budget. */
	readonly evictions: number;
	/** Objects dropped because their MAX_CACHE_DURATION ran out. */
	readonly expired: number;
}

/** A byte-bounded, least-recently-used cache of the objects of many tracks. */
export class ObjectCache {
	readonly #tracks = new Map<string, TrackCache>();
	// Both maps iterate least recently used first: a touch deletes and re-inserts.
	readonly #groupLru = new Map<GroupEntry, true>();
	readonly #trackLru = new Map<TrackCache, true>();
	readonly #now: () => number;
	readonly #maxRanges: number;
	readonly #sink: CacheSink;
	#bytes = 0;
	#objects = 0;
	#hits = 0;
	#misses = 0;
	#evictions = 0;
	#expired = 0;

	/** The budget in bytes. */
	readonly maxBytes: number;

	constructor(options: ObjectCacheOptions) {
		if (!Number.isSafeInteger(options.maxBytes) || options.maxBytes < 0) {
			throw new RangeError(`maxBytes must be a non-negative integer, not ${options.maxBytes}`);
		}
		this.maxBytes = options.maxBytes;
		this.#now = options.now ?? Date.now;
		this.#maxRanges = options.maxRangesPerSet ?? 1024;
		this.#sink = {
			adjust: (bytes, objects) => {
				this.#bytes += bytes;
				this.#objects += objects;
			},
			touch: (group) => {
				this.#groupLru.delete(group);
				this.#groupLru.set(group, true);
			},
			forget: (group) => {
				this.#groupLru.delete(group);
			},
			expired: (count) => {
				this.#expired += count;
			},
		};
	}

	/** The cache's counters. */
	get stats(): CacheStats {
		return {
			bytes: this.#bytes,
			maxBytes: this.maxBytes,
			objects: this.#objects,
			groups: this.#groupLru.size,
			tracks: this.#tracks.size,
			hits: this.#hits,
			misses: this.#misses,
			evictions: this.#evictions,
			expired: this.#expired,
		};
	}

	/**
	 * Caches an object of `track`, after checking it against what the cache knows: a duplicate
	 * that differs, or an object past the End of Group or End of Track, makes the track malformed;
	 * an object known not to exist is refused (see {@link PutResult}).
	 */
	put(track: TrackRef, object: CacheableObject, options: PutOptions = {}): PutResult {
		if (object.publisherPriority !== undefined && !(object.publisherPriority >= 0 && object.publisherPriority <= 255)) {
			throw new RangeError(`publisher priority ${object.publisherPriority} is outside 0-255`);
		}
		const t = this.#track(track, true)!;
		const result = t.put(object, this.#now(), options, (bytes, group) => this.#makeRoom(bytes, t, group));
		// Also after a refusal: an End of Group marker may have left a group entry behind.
		this.#evict(t, t.groups.get(object.groupId));
		return result;
	}

	/** The object at `location`, or what is known about it. */
	get(track: TrackRef, location: Location): Lookup {
		const t = this.#track(track, false);
		const object = t?.object(location, this.#now());
		let lookup: Lookup;
		if (object !== undefined) {
			const group = t!.groups.get(location.group);
			if (group !== undefined) this.#sink.touch(group);
			lookup =
				object.status === ObjectStatus.DOES_NOT_EXIST ? { state: "does-not-exist" } : { state: "object", object };
		} else {
			lookup = t?.isMissing(location) ? { state: "does-not-exist" } : { state: "unknown" };
		}
		if (lookup.state === "unknown") this.#misses++;
		else this.#hits++;
		return lookup;
	}

	/** The cached view of `[start, end]` (inclusive) for a FETCH; see `fetchRange`. */
	fetch(track: TrackRef, start: Location, end: Location, order: FetchOrder): FetchResult {
		const t = this.#track(track, false);
		if (t === undefined) {
			this.#misses++;
			return fetchRange(new TrackCache("", NULL_SINK, 0), start, end, order, this.#now());
		}
		const result = fetchRange(t, start, end, order, this.#now());
		let touched: bigint | undefined;
		for (const entry of result.entries) {
			// Objects of a group are adjacent in the answer: touch each group once.
			if (entry.kind !== "object" || entry.object.groupId === touched) continue;
			touched = entry.object.groupId;
			this.#sink.touch(t.groups.get(touched)!);
		}
		if (result.complete) this.#hits++;
		else this.#misses++;
		return result;
	}

	/** The cached objects of one group from Object ID `from` on: for a subscriber joining mid-group. */
	groupFrom(track: TrackRef, groupId: bigint, from = 0n): CachedObject[] {
		const t = this.#track(track, false);
		const objects = t === undefined ? [] : groupFrom(t, groupId, from, this.#now());
		if (objects.length > 0) this.#sink.touch(t!.groups.get(groupId)!);
		if (objects.length > 0) this.#hits++;
		else this.#misses++;
		return objects;
	}

	/** The largest Location cached for the track so far (eviction does not lower it). */
	largest(track: TrackRef): Location | undefined {
		return this.#track(track, false)?.largest;
	}

	/** The End of Track Location, when known: nothing at or after it exists. */
	endOfTrack(track: TrackRef): Location | undefined {
		return this.#track(track, false)?.endOfTrack;
	}

	/**
	 * Records that `[start, end]` (inclusive) does not exist, from a FETCH response or a Prior
	 * Group / Object ID Gap. Cached objects in the range are dropped; returns how many.
	 */
	recordNonExistent(track: TrackRef, start: Location, end: Location): number {
		const t = this.#track(track, true)!;
		const dropped = t.recordNonExistent(start, end);
		this.#evict(t, undefined);
		return dropped;
	}

	/**
	 * Records the End of Track learnt from a FETCH response or PUBLISH_DONE. Returns why it
	 * contradicts the cache (the track is malformed), or `undefined`.
	 */
	recordEndOfTrack(track: TrackRef, location: Location): string | undefined {
		return this.#track(track, true)!.recordEndOfTrack(location);
	}

	/** Sets the track's MAX_CACHE_DURATION (ms), for objects cached from now on; `undefined` lifts it. */
	setMaxCacheDuration(track: TrackRef, ms: number | undefined): void {
		if (ms !== undefined && !(ms >= 0)) throw new RangeError(`MAX_CACHE_DURATION must be >= 0, not ${ms}`);
		this.#track(track, true)!.maxCacheDuration = ms;
	}

	/** Forgets a track entirely. */
	deleteTrack(track: TrackRef): boolean {
		const t = this.#track(track, false);
		if (t === undefined) return false;
		this.#dropTrack(t);
		return true;
	}

	/** Drops every expired object. Linear in the groups that hold one; returns how many went. */
	sweep(): number {
		const before = this.#expired;
		const now = this.#now();
		for (const group of [...this.#groupLru.keys()]) group.track.purgeExpired(group, now);
		return this.#expired - before;
	}

	#track(ref: TrackRef, create: boolean): TrackCache | undefined {
		const key = typeof ref === "string" ? ref : trackKey(ref);
		let t = this.#tracks.get(key);
		if (t === undefined) {
			if (!create) return undefined;
			t = new TrackCache(key, this.#sink, this.#maxRanges);
			this.#tracks.set(key, t);
		}
		this.#trackLru.delete(t);
		this.#trackLru.set(t, true);
		return t;
	}

	// Evicts until `bytes` more fit, sparing `group` and `track`; false when they cannot fit.
	#makeRoom(bytes: number, track: TrackCache, group: GroupEntry | undefined): boolean {
		if (bytes + (group?.bytes ?? 0) > this.maxBytes) return false;
		this.#evictUntil(this.maxBytes - bytes, track, group);
		return this.#bytes + bytes <= this.maxBytes;
	}

	#evict(track: TrackCache, spare: GroupEntry | undefined): void {
		this.#evictUntil(this.maxBytes, track, spare);
	}

	// Least recently used groups first, then tracks that have no group left.
	#evictUntil(target: number, spareTrack: TrackCache, spareGroup: GroupEntry | undefined): void {
		for (const group of this.#groupLru.keys()) {
			if (this.#bytes <= target) return;
			if (group === spareGroup) continue;
			this.#evictions += group.objects.size;
			group.track.dropGroup(group);
		}
		for (const t of this.#trackLru.keys()) {
			if (this.#bytes <= target) return;
			if (t === spareTrack || t.groups.size > 0) continue;
			this.#dropTrack(t);
		}
	}

	#dropTrack(t: TrackCache): void {
		t.clear();
		this.#tracks.delete(t.key);
		this.#trackLru.delete(t);
	}
}

// The sink of the empty stand-in a FETCH on an unknown track walks: it holds nothing to account.
const NULL_SINK: CacheSink = { adjust() {}, touch() {}, forget() {}, expired() {} };
