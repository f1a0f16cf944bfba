/**
 * The recent groups of a track we publish, kept so that a FETCH or a Joining FETCH for them can be
 * answered from here (draft-ietf-moq-transport-19 §10.12 "FETCH": "The publisher responding to a
 * FETCH is responsible for delivering all available Objects in the requested range"). Only the
 * newest `groups` groups are kept; older ones are simply not available any more.
 *
 * @module
 */

import type { KeyValuePair, Location, ObjectStatus } from "@moqt/wire";

/** An object as the cache keeps it. */
export interface CachedObject {
	readonly group: bigint;
	/** Undefined for an object sent as a datagram. */
	readonly subgroup: bigint | undefined;
	readonly object: bigint;
	readonly status: ObjectStatus;
	readonly priority: number | undefined;
	readonly properties: readonly KeyValuePair[];
	readonly payload: Uint8Array;
}

/** @internal The newest groups of a track. */
export class GroupCache {
	readonly #limit: number;
	/** Objects per group, each list sorted by Object ID. */
	readonly #groups = new Map<bigint, CachedObject[]>();

	/** @param groups How many of the newest groups to keep (0: none). */
	constructor(groups: number) {
		if (!Number.isSafeInteger(groups) || groups < 0) throw new RangeError(`cache.groups ${groups} is not a count`);
		this.#limit = groups;
	}

	/** Keeps an object (unless its group is older than every group kept and the cache is full). */
	add(o: CachedObject): void {
		if (this.#limit === 0) return;
		let objects = this.#groups.get(o.group);
		if (objects === undefined) {
			if (this.#groups.size >= this.#limit) {
				const oldest = this.#oldest();
				if (oldest === undefined || o.group < oldest) return;
				this.#groups.delete(oldest);
			}
			objects = [];
			this.#groups.set(o.group, objects);
		}
		// Objects mostly arrive in order; subgroups of one group may interleave.
		let i = objects.length;
		while (i > 0 && (objects[i - 1] as CachedObject).object > o.object) i--;
		if (objects[i - 1]?.object === o.object) return;
		objects.splice(i, 0, o);
	}

	/**
	 * The objects from `start` up to `end` (FETCH's encoding: the last object plus 1, object 0
	 * meaning the whole group), groups in ascending or descending order, objects ascending.
	 */
	range(start: Location, end: Location, descending: boolean): CachedObject[] {
		const groups = [...this.#groups.keys()]
			.filter((g) => g >= start.group && g <= end.group)
			.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
		if (descending) groups.reverse();
		const out: CachedObject[] = [];
		for (const group of groups) {
			for (const o of this.#groups.get(group) ?? []) {
				if (group === start.group && o.object < start.object) continue;
				if (group === end.group && end.object !== 0n && o.object >= end.object) continue;
				out.push(o);
			}
		}
		return out;
	}

	#oldest(): bigint | undefined {
		let oldest: bigint | undefined;
		for (const group of this.#groups.keys()) if (oldest === undefined || group < oldest) oldest = group;
		return oldest;
	}
}
