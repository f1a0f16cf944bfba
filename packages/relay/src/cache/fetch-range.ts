/**
 * Answering a FETCH from the cache (draft-ietf-moq-transport-19 §10.12.3 "Fetch Handling",
 * §11.4.4.2 "End of Range"; -14 §9.16.3): the cached objects of a Location range, in the requested
 * group order (groups ascending or descending, objects ascending within a group), with every
 * Location between them accounted for as a gap that is known not to exist or unknown.
 *
 * - A relay that meets an unknown object "MUST pause subsequent delivery until it has confirmed the
 *   object's status upstream" or reset the stream with UNKNOWN_OBJECT_STATUS; -16+ may instead send
 *   an End of Unknown Range. Unknown gaps tell the relay where.
 * - Non-existent gaps need no marker on the wire (a gap in a FETCH response means "does not
 *   exist"), but a relay uses End of Non-Existent Range to split them from unknown ones.
 * - Draft-14 Object Does Not Exist markers are reported as non-existent gaps, not objects; End of
 *   Group and End of Track markers are reported as objects, since draft-14 fetch streams carry
 *   them (-16+ writers leave them out: FETCH objects carry no status there).
 *
 * A gap's `start` and `end` are its first and last Locations in stream order, both inclusive, so
 * `end` is where an End of Range marker goes. Adjacent gaps of the same kind are merged. The walk
 * costs O(cached groups and ranges in the requested range), never O(Group IDs spanned): a range
 * from group 0 to 2^62 over an empty cache is one unknown gap.
 *
 * @module
 */

import { GroupOrder, type Location, ObjectStatus } from "@moqt/wire";
import type { CachedObject } from "./cached-object.js";
import { compareLocations, MAX_OBJECT_ID } from "./location.js";
import { type GroupEntry, lowerBound, type TrackCache } from "./track-cache.js";

/** The group orders a FETCH can be served in. */
export type FetchOrder = typeof GroupOrder.ASCENDING | typeof GroupOrder.DESCENDING;

/** What a range of the fetch response holds, in stream order. */
export type FetchEntry =
	| { readonly kind: "object"; readonly object: CachedObject }
	| {
			readonly kind: "gap";
			/** "non-existent": known not to exist (End of Non-Existent Range); "unknown": not known. */
			readonly range: "non-existent" | "unknown";
			readonly start: Location;
			readonly end: Location;
	  };

/** The answer to a range query. */
export interface FetchResult {
	readonly entries: readonly FetchEntry[];
	/** True when no gap is unknown: the cache can serve the whole range. */
	readonly complete: boolean;
}

type Gap = { kind: "gap"; range: "non-existent" | "unknown"; start: Location; end: Location };

/**
 * The cached view of `[start, end]` (both inclusive) of `track` in group order `order`. Expired
 * objects are dropped on the way and read as unknown. An empty range (start after end) yields no
 * entries.
 */
export function fetchRange(
	track: TrackCache,
	start: Location,
	end: Location,
	order: FetchOrder,
	now: number,
): FetchResult {
	const entries: Array<Extract<FetchEntry, { kind: "object" }> | Gap> = [];
	let complete = true;
	if (compareLocations(start, end) > 0) return { entries, complete };
	const lo = (g: bigint) => (g === start.group ? start.object : 0n);
	const hi = (g: bigint) => (g === end.group ? end.object : MAX_OBJECT_ID);

	const gap = (range: Gap["range"], from: Location, to: Location) => {
		if (range === "unknown") complete = false;
		const last = entries[entries.length - 1];
		// Pieces arrive in stream order and cover every Location, so same-kind neighbours touch.
		if (last?.kind === "gap" && last.range === range) last.end = to;
		else entries.push({ kind: "gap", range, start: from, end: to });
	};

	// Group IDs from..to (inclusive) that have no cache entry, as runs of one kind.
	const bulk = (from: bigint, to: bigint) => {
		const eot = track.endOfTrack;
		const runs: Array<{ lo: bigint; hi: bigint; missing: boolean }> = [];
		const knownTo = eot !== undefined && eot.group <= to ? eot.group - 1n : to;
		if (from <= knownTo) {
			for (const p of track.missingGroups.split(from, knownTo)) runs.push({ lo: p.lo, hi: p.hi, missing: p.covered });
		}
		// Past the End of Track group nothing exists (that group itself is never part of a bulk run).
		if (knownTo < to) runs.push({ lo: knownTo + 1n > from ? knownTo + 1n : from, hi: to, missing: true });
		if (order === GroupOrder.DESCENDING) runs.reverse();
		for (const run of runs) {
			const range = run.missing ? "non-existent" : "unknown";
			if (order === GroupOrder.ASCENDING)
				gap(range, { group: run.lo, object: lo(run.lo) }, { group: run.hi, object: hi(run.hi) });
			else gap(range, { group: run.hi, object: lo(run.hi) }, { group: run.lo, object: hi(run.lo) });
		}
	};

	const single = (groupId: bigint, group: GroupEntry | undefined) => {
		if (group !== undefined) track.purgeExpired(group, now);
		const first = lo(groupId);
		const last = hi(groupId);
		const unknownOrMissing = (a: bigint, b: bigint) => {
			for (const p of track.classify(group, groupId, a, b)) {
				gap(p.missing ? "non-existent" : "unknown", { group: groupId, object: p.lo }, { group: groupId, object: p.hi });
			}
		};
		let cursor = first;
		const ids = group?.ids ?? [];
		for (let i = lowerBound(ids, first); i < ids.length && ids[i]! <= last; i++) {
			const id = ids[i]!;
			if (id > cursor) unknownOrMissing(cursor, id - 1n);
			const object = group!.objects.get(id)!.object;
			const at = { group: groupId, object: id };
			if (object.status === ObjectStatus.DOES_NOT_EXIST) gap("non-existent", at, at);
			else entries.push({ kind: "object", object });
			cursor = id + 1n;
		}
		if (cursor <= last) unknownOrMissing(cursor, last);
	};

	// The groups to look at one by one: the cached ones, and the End of Track group, whose
	// objects before the end are unknown and after it do not exist.
	const ids = track.groupIds.slice(lowerBound(track.groupIds, start.group), lowerBound(track.groupIds, end.group + 1n));
	const eotGroup = track.endOfTrack?.group;
	if (eotGroup !== undefined && eotGroup >= start.group && eotGroup <= end.group && !track.groups.has(eotGroup)) {
		ids.splice(lowerBound(ids, eotGroup), 0, eotGroup);
	}
	if (order === GroupOrder.ASCENDING) {
		let cursor = start.group;
		for (const id of ids) {
			if (id > cursor) bulk(cursor, id - 1n);
			single(id, track.groups.get(id));
			cursor = id + 1n;
		}
		if (cursor <= end.group) bulk(cursor, end.group);
	} else {
		let cursor = end.group;
		for (const id of ids.reverse()) {
			if (id < cursor) bulk(id + 1n, cursor);
			single(id, track.groups.get(id));
			cursor = id - 1n;
		}
		if (cursor >= start.group) bulk(start.group, cursor);
	}
	return { entries, complete };
}

/**
 * The cached objects of group `groupId` from Object ID `from` on, ascending: what a subscriber
 * joining mid-group can be sent at once. Expired objects are dropped first.
 */
export function groupFrom(track: TrackCache, groupId: bigint, from: bigint, now: number): CachedObject[] {
	const group = track.groups.get(groupId);
	if (group === undefined) return [];
	track.purgeExpired(group, now);
	return group.ids.slice(lowerBound(group.ids, from)).map((id) => group.objects.get(id)!.object);
}
