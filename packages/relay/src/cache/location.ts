/**
 * Locations (draft-ietf-moq-transport-19 §1.4.2 "Location Structure", -14 §1.4.1): a Group ID and
 * an Object ID, ordered lexicographically, and the FETCH End Location convention.
 *
 * @module
 */

import type { Location } from "@moqt/wire";

/**
 * The largest Object ID any supported draft can carry (2^64-1 with the -17+ vi64; -14/-16 stop at
 * 2^62-1). The cache uses it as "the end of the group" in the ranges it reports; a writer for an
 * older draft clamps it.
 */
export const MAX_OBJECT_ID = 0xffff_ffff_ffff_ffffn;

/** Negative, zero or positive as `a` is before, at or after `b`. */
export function compareLocations(a: Location, b: Location): number {
	if (a.group !== b.group) return a.group < b.group ? -1 : 1;
	if (a.object !== b.object) return a.object < b.object ? -1 : 1;
	return 0;
}

/**
 * The last Location a FETCH asks for, from its End Location, which every supported draft encodes
 * as "the end Location, plus 1", an Object of 0 meaning the entire group (draft-19 §10.12.1
 * "Standalone Fetch", -14 §9.16.1): `{7, 0}` → `{7, MAX_OBJECT_ID}`, `{7, 3}` → `{7, 2}`.
 */
export function fetchEndInclusive(end: Location): Location {
	return end.object === 0n
		? { group: end.group, object: MAX_OBJECT_ID }
		: { group: end.group, object: end.object - 1n };
}
