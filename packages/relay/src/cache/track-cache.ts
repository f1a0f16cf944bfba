/**
 * What the cache knows about one track: its cached objects by group, the objects and groups known
 * not to exist, the end of the track and the largest Location seen (draft-ietf-moq-transport-19
 * §2.1 "Objects", §9.1 "Caching Relays", §11.2.1.1 "Object Status", §12.3 MAX CACHE DURATION;
 * -14 §8.1, §10.2.1.1, §9.2.1.3).
 *
 * An object is in one of three states: known to exist (cached), known not to exist, or unknown.
 * Knowledge of non-existence comes from End of Group (objects after it), End of Track (every
 * Location after it), draft-14's Object Does Not Exist status, and ranges the relay records from
 * FETCH responses or the Prior Group / Object ID Gap properties ({@link TrackCache.recordNonExistent}).
 * It is permanent, so it outlives the objects' expiry; it is dropped with the group it lives in
 * when the group is evicted, after which those objects are merely unknown again.
 *
 * Objects are keyed by (Group ID, Object ID), which identify an object within a track (draft-19
 * §2.1: "uniquely identified by its track namespace, track name, group ID, and object ID"); the
 * Subgroup ID is a field, and a duplicate with another Subgroup ID makes the track malformed.
 *
 * This class does not know the budget: it reports every change of its size to a {@link CacheSink},
 * which the owning `ObjectCache` uses for accounting and least-recently-used eviction.
 *
 * @module
 */

import { type Location, ObjectStatus } from "@moqt/wire";
import {
	type CacheableObject,
	type CachedObject,
	cachedSize,
	duplicateConflict,
	toCachedObject,
} from "./cached-object.js";
import { compareLocations, MAX_OBJECT_ID } from "./location.js";
import { RangeSet } from "./range-set.js";

/** What the cache charges for a track's own state and for each group's (estimates). */
export const TRACK_OVERHEAD_BYTES = 256;
/** What the cache charges for each group's own state. */
export const GROUP_OVERHEAD_BYTES = 128;
/** What the cache charges for each recorded range of non-existent objects or groups. */
export const RANGE_OVERHEAD_BYTES = 48;

/** A cached object with its bookkeeping. */
interface StoredObject {
	readonly object: CachedObject;
	readonly bytes: number;
	/** When MAX_CACHE_DURATION runs out; Infinity without one. */
	readonly expiresAt: number;
}

/** One group of a track in the cache. */
export interface GroupEntry {
	readonly track: TrackCache;
	readonly id: bigint;
	readonly objects: Map<bigint, StoredObject>;
	/** The cached Object IDs, ascending. */
	readonly ids: bigint[];
	/** From End of Group: Object IDs at or after it do not exist (the marker itself is cached). */
	endOfGroup: bigint | undefined;
	/** Object ID ranges known not to exist; created on first use. */
	missing: RangeSet | undefined;
	/** This group's charge against the budget, its overhead included. */
	bytes: number;
	/** The earliest `expiresAt` of its objects, so sweeps skip groups with nothing to expire. */
	minExpiresAt: number;
}

/** How a track reports changes to its owner. */
export interface CacheSink {
	/** The track's charge changed by `bytes` and its object count by `objects`. */
	adjust(bytes: number, objects: number): void;
	/** A group was created or used. */
	touch(group: GroupEntry): void;
	/** A group left the track. */
	forget(group: GroupEntry): void;
	/** Objects ran past their MAX_CACHE_DURATION and were dropped. */
	expired(count: number): void;
}

/** The outcome of putting an object in the cache. */
export type PutResult =
	/** Cached. */
	| { readonly kind: "stored" }
	/** The same object was already cached; nothing changed. */
	| { readonly kind: "duplicate" }
	/** A draft-14 Object Does Not Exist replaced the cached object (existing → not existing). */
	| { readonly kind: "updated" }
	/**
	 * The object was already known not to exist: not cached, and the relay should not forward it
	 * (draft-19 §9.1: "A caching relay SHOULD NOT cache or forward the Object in this case").
	 */
	| { readonly kind: "known-missing" }
	/** The object contradicts what the cache holds: the track is malformed (draft-19 §2.4.2). */
	| { readonly kind: "malformed"; readonly reason: string }
	/** Not cached: bigger than the budget, already expired, or the budget is held by its own group. */
	| { readonly kind: "not-cached"; readonly reason: "too-large" | "expired" | "budget" };

/** Options of a put. */
export interface PutOptions {
	/** When the object's first byte arrived; the cache's clock now when absent. */
	readonly receivedAt?: number;
	/** MAX_CACHE_DURATION (ms) of the subscription or fetch it came on; the track's when absent. */
	readonly maxCacheDuration?: number;
	/** The caller hands over the payload and property bytes: they are kept without a copy. */
	readonly owned?: boolean;
}

/** A piece of a group's Object ID range and whether it is known not to exist. */
export interface ObjectRangeState {
	readonly lo: bigint;
	readonly hi: bigint;
	readonly missing: boolean;
}

/** Inserts `x` into the ascending array `ids` (usually at the end). */
function insertSorted(ids: bigint[], x: bigint): void {
	let i = ids.length;
	if (i === 0 || ids[i - 1]! < x) {
		ids.push(x);
		return;
	}
	let low = 0;
	while (low < i) {
		const mid = (low + i) >>> 1;
		if (ids[mid]! < x) low = mid + 1;
		else i = mid;
	}
	ids.splice(low, 0, x);
}

/** Removes `x` from the ascending array `ids`. */
function removeSorted(ids: bigint[], x: bigint): void {
	const i = lowerBound(ids, x);
	if (ids[i] === x) ids.splice(i, 1);
}

/** The index of the first element of the ascending `ids` that is >= `x`. */
export function lowerBound(ids: readonly bigint[], x: bigint): number {
	let low = 0;
	let high = ids.length;
	while (low < high) {
		const mid = (low + high) >>> 1;
		if (ids[mid]! < x) low = mid + 1;
		else high = mid;
	}
	return low;
}

/** The cache's state for one track. */
export class TrackCache {
	readonly groups = new Map<bigint, GroupEntry>();
	/** The cached Group IDs, ascending. */
	readonly groupIds: bigint[] = [];
	/** Group ID ranges known not to exist. */
	readonly missingGroups: RangeSet;
	/** From End of Track, or a FETCH that reached the end of the track: nothing at or after it exists. */
	endOfTrack: Location | undefined;
	/** The largest Location of any object cached so far (evictions do not lower it). */
	largest: Location | undefined;
	/** The track's MAX_CACHE_DURATION (ms): objects are served from the cache that long at most. */
	maxCacheDuration: number | undefined;
	/** This track's charge against the budget. */
	bytes = TRACK_OVERHEAD_BYTES;
	objects = 0;

	/** The track's key in its cache. */
	readonly key: string;
	readonly #sink: CacheSink;
	readonly #maxRanges: number;

	constructor(key: string, sink: CacheSink, maxRanges: number) {
		this.key = key;
		this.#sink = sink;
		this.#maxRanges = maxRanges;
		this.missingGroups = new RangeSet(maxRanges);
		sink.adjust(TRACK_OVERHEAD_BYTES, 0);
	}

	/**
	 * Checks an object against what the track knows and, when it may be cached, stores it.
	 * `fits(bytes, group)` asks the owner to make room; false means the budget cannot hold it.
	 */
	put(
		o: CacheableObject,
		now: number,
		options: PutOptions,
		fits: (bytes: number, group?: GroupEntry) => boolean,
	): PutResult {
		const status = o.status ?? ObjectStatus.NORMAL;
		if (status !== ObjectStatus.NORMAL && o.payload.byteLength > 0) {
			return { kind: "malformed", reason: "an object whose status is not Normal has a payload" };
		}
		const location = { group: o.groupId, object: o.objectId };
		const conflict = this.#endConflict(location, status);
		if (conflict !== undefined) return { kind: "malformed", reason: conflict };
		let group = this.groups.get(o.groupId);
		if (group !== undefined) {
			const groupConflict = this.#groupConflict(group, o.objectId, status);
			if (groupConflict !== undefined) return { kind: "malformed", reason: groupConflict };
		}
		if (this.missingGroups.has(o.groupId) || group?.missing?.has(o.objectId)) return { kind: "known-missing" };
		const existing = group?.objects.get(o.objectId);
		if (existing !== undefined) {
			if (existing.object.status === ObjectStatus.DOES_NOT_EXIST) return { kind: "known-missing" };
			if (status !== ObjectStatus.DOES_NOT_EXIST) {
				const reason = duplicateConflict(existing.object, o);
				if (reason !== undefined) return { kind: "malformed", reason };
				this.#sink.touch(group!);
				return { kind: "duplicate" };
			}
		}
		const receivedAt = options.receivedAt ?? now;
		const duration = options.maxCacheDuration ?? this.maxCacheDuration;
		const expiresAt = duration === undefined ? Number.POSITIVE_INFINITY : receivedAt + duration;
		// What a status object says about other objects is permanent, even when the marker itself
		// cannot be cached; a draft-14 Does Not Exist also ends the cached copy (existing → not).
		this.#learnEnds(o.groupId, o.objectId, status);
		if (status === ObjectStatus.DOES_NOT_EXIST) {
			group = this.groups.get(o.groupId) ?? this.#group(o.groupId);
			if (existing !== undefined) this.#removeObject(group, existing);
			this.#addMissing(group, o.objectId, o.objectId);
		}
		if (expiresAt <= now) return { kind: "not-cached", reason: "expired" };
		const bytes = cachedSize(o);
		if (!fits(bytes, this.groups.get(o.groupId))) return { kind: "not-cached", reason: "budget" };
		group = this.groups.get(o.groupId) ?? this.#group(o.groupId);
		const object = toCachedObject(o, receivedAt, options.owned === true);
		group.objects.set(o.objectId, { object, bytes, expiresAt });
		insertSorted(group.ids, o.objectId);
		group.bytes += bytes;
		this.bytes += bytes;
		this.objects++;
		if (expiresAt < group.minExpiresAt) group.minExpiresAt = expiresAt;
		if (this.largest === undefined || compareLocations(location, this.largest) > 0) this.largest = location;
		this.#sink.adjust(bytes, 1);
		this.#sink.touch(group);
		return { kind: existing === undefined ? "stored" : "updated" };
	}

	/** The cached object at `location`, unless it expired (then it is dropped). */
	object(location: Location, now: number): CachedObject | undefined {
		const group = this.groups.get(location.group);
		if (group === undefined) return undefined;
		this.purgeExpired(group, now);
		return group.objects.get(location.object)?.object;
	}

	/** True when the object at `location` is known not to exist. */
	isMissing(location: Location): boolean {
		const group = this.groups.get(location.group);
		const stored = group?.objects.get(location.object);
		if (stored !== undefined) return stored.object.status === ObjectStatus.DOES_NOT_EXIST;
		return this.classify(group, location.group, location.object, location.object)[0]?.missing === true;
	}

	/**
	 * Splits the Object IDs `[lo, hi]` of group `groupId` (which holds no cached object in that
	 * range) into pieces known not to exist and pieces of unknown state, ascending.
	 */
	classify(group: GroupEntry | undefined, groupId: bigint, lo: bigint, hi: bigint): ObjectRangeState[] {
		if (this.missingGroups.has(groupId)) return [{ lo, hi, missing: true }];
		let end = group?.endOfGroup;
		const eot = this.endOfTrack;
		if (eot !== undefined && groupId >= eot.group) {
			if (groupId > eot.group) return [{ lo, hi, missing: true }];
			if (end === undefined || eot.object < end) end = eot.object;
		}
		const pieces: ObjectRangeState[] = [];
		const belowEnd = end === undefined || end > hi ? hi : end - 1n;
		if (lo <= belowEnd) {
			const split = group?.missing?.split(lo, belowEnd) ?? [{ lo, hi: belowEnd, covered: false }];
			for (const p of split) pieces.push({ lo: p.lo, hi: p.hi, missing: p.covered });
		}
		if (end !== undefined && end <= hi) pieces.push({ lo: end > lo ? end : lo, hi, missing: true });
		return pieces;
	}

	/**
	 * Records that every Location from `start` to `end` (inclusive) does not exist, as an End of
	 * Non-Existent Range, a FETCH gap or a Prior Group / Object ID Gap says. Cached objects in the
	 * range are dropped (existing → not existing, draft-19 §9.1). Returns how many were dropped.
	 */
	recordNonExistent(start: Location, end: Location): number {
		if (compareLocations(start, end) > 0) return 0;
		let dropped = 0;
		const partial = (groupId: bigint, lo: bigint, hi: bigint) => {
			const group = this.groups.get(groupId) ?? this.#group(groupId);
			for (const id of group.ids.slice(lowerBound(group.ids, lo))) {
				if (id > hi) break;
				this.#removeObject(group, group.objects.get(id)!);
				dropped++;
			}
			this.#addMissing(group, lo, hi);
		};
		const whole = (lo: bigint, hi: bigint) => {
			if (hi < lo) return;
			for (const id of this.groupIds.slice(lowerBound(this.groupIds, lo))) {
				if (id > hi) break;
				const group = this.groups.get(id)!;
				dropped += group.objects.size;
				this.dropGroup(group);
			}
			this.#addMissingGroups(lo, hi);
		};
		const fromStart = start.object === 0n;
		const toEnd = end.object === MAX_OBJECT_ID;
		if (start.group === end.group) {
			if (fromStart && toEnd) whole(start.group, start.group);
			else partial(start.group, start.object, end.object);
			return dropped;
		}
		if (fromStart) whole(start.group, start.group);
		else partial(start.group, start.object, MAX_OBJECT_ID);
		whole(start.group + 1n, end.group - 1n);
		if (toEnd) whole(end.group, end.group);
		else partial(end.group, 0n, end.object);
		return dropped;
	}

	/**
	 * Records the end of the track learnt other than from an End of Track object (a FETCH whose
	 * response reached it, or PUBLISH_DONE). Returns why it contradicts the cache, if it does.
	 */
	recordEndOfTrack(location: Location): string | undefined {
		const conflict = this.#endConflict(location, ObjectStatus.END_OF_TRACK);
		if (conflict !== undefined) return conflict;
		this.endOfTrack = location;
		return undefined;
	}

	/** Drops the objects of `group` whose MAX_CACHE_DURATION has run out. */
	purgeExpired(group: GroupEntry, now: number): void {
		if (group.minExpiresAt > now) return;
		let min = Number.POSITIVE_INFINITY;
		let count = 0;
		for (const stored of [...group.objects.values()]) {
			if (stored.expiresAt <= now) {
				this.#removeObject(group, stored);
				count++;
			} else if (stored.expiresAt < min) min = stored.expiresAt;
		}
		group.minExpiresAt = min;
		if (count > 0) this.#sink.expired(count);
	}

	/** Removes a whole group, its objects and what it knew. */
	dropGroup(group: GroupEntry): void {
		if (this.groups.get(group.id) !== group) return;
		this.groups.delete(group.id);
		removeSorted(this.groupIds, group.id);
		this.bytes -= group.bytes;
		this.objects -= group.objects.size;
		this.#sink.adjust(-group.bytes, -group.objects.size);
		this.#sink.forget(group);
	}

	/** Removes everything the track holds (the track itself is leaving the cache). */
	clear(): void {
		for (const group of [...this.groups.values()]) this.dropGroup(group);
		this.#sink.adjust(-this.bytes, 0);
		this.bytes = 0;
	}

	// Why an object at `location` with `status` contradicts the end of the track, if it does.
	#endConflict(location: Location, status: ObjectStatus): string | undefined {
		const eot = this.endOfTrack;
		if (status === ObjectStatus.END_OF_TRACK) {
			if (eot !== undefined && compareLocations(eot, location) !== 0) return "the End of Track moved";
			const largest = this.largest;
			if (largest !== undefined && compareLocations(largest, location) > 0) {
				return "End of Track precedes an object already received";
			}
			return undefined;
		}
		if (eot === undefined) return undefined;
		const order = compareLocations(location, eot);
		if (order > 0) return "an object follows the End of Track";
		if (order === 0) return "an object sits at the End of Track";
		return undefined;
	}

	// Why an object contradicts its group's End of Group, if it does.
	#groupConflict(group: GroupEntry, objectId: bigint, status: ObjectStatus): string | undefined {
		const end = group.endOfGroup;
		if (status === ObjectStatus.END_OF_GROUP) {
			if (end !== undefined && end !== objectId) return "the End of Group moved";
			const last = group.ids[group.ids.length - 1];
			if (last !== undefined && last > objectId) return "End of Group precedes an object already received";
			return undefined;
		}
		if (end !== undefined && objectId > end) return "an object follows the End of Group";
		if (end !== undefined && objectId === end && !group.objects.has(objectId))
			return "an object sits at the End of Group";
		return undefined;
	}

	#learnEnds(groupId: bigint, objectId: bigint, status: ObjectStatus): void {
		if (status === ObjectStatus.END_OF_TRACK) this.endOfTrack = { group: groupId, object: objectId };
		if (status === ObjectStatus.END_OF_GROUP) (this.groups.get(groupId) ?? this.#group(groupId)).endOfGroup = objectId;
	}

	#group(id: bigint): GroupEntry {
		const group: GroupEntry = {
			track: this,
			id,
			objects: new Map(),
			ids: [],
			endOfGroup: undefined,
			missing: undefined,
			bytes: GROUP_OVERHEAD_BYTES,
			minExpiresAt: Number.POSITIVE_INFINITY,
		};
		this.groups.set(id, group);
		insertSorted(this.groupIds, id);
		this.bytes += GROUP_OVERHEAD_BYTES;
		this.#sink.adjust(GROUP_OVERHEAD_BYTES, 0);
		this.#sink.touch(group);
		return group;
	}

	#removeObject(group: GroupEntry, stored: StoredObject): void {
		group.objects.delete(stored.object.objectId);
		removeSorted(group.ids, stored.object.objectId);
		group.bytes -= stored.bytes;
		this.bytes -= stored.bytes;
		this.objects--;
		this.#sink.adjust(-stored.bytes, -1);
	}

	#addMissing(group: GroupEntry, lo: bigint, hi: bigint): void {
		group.missing ??= new RangeSet(this.#maxRanges);
		const before = group.missing.size;
		group.missing.add(lo, hi);
		const delta = (group.missing.size - before) * RANGE_OVERHEAD_BYTES;
		group.bytes += delta;
		this.bytes += delta;
		this.#sink.adjust(delta, 0);
	}

	#addMissingGroups(lo: bigint, hi: bigint): void {
		const before = this.missingGroups.size;
		this.missingGroups.add(lo, hi);
		const delta = (this.missingGroups.size - before) * RANGE_OVERHEAD_BYTES;
		this.bytes += delta;
		this.#sink.adjust(delta, 0);
	}
}
