/**
 * What a complete upstream FETCH answer says about objects it does not carry
 * (draft-ietf-moq-transport-19 §10.12.3 "Fetch Handling": "Any gaps in the Group and Object IDs
 * in the response stream indicate objects that do not exist ... between the first requested
 * object and the first object in the stream; between objects in the stream; and between the last
 * object in the stream and the Largest Group/Object indicated in FETCH_OK, so long as the fetch
 * stream is terminated by a FIN"; -14 §9.16.3).
 *
 * The relay records those gaps in its cache, so the next FETCH of the range is answered there.
 * An answer with an End of Unknown Range marker (-16+) says some objects are unknown, not absent:
 * nothing is recorded from it.
 *
 * @module
 */

import type { FetchEndOfRange, Location } from "@moqt/wire";
import { compareLocations, MAX_OBJECT_ID } from "../cache/location.js";
import type { ObjectCache } from "../cache/object-cache.js";

/** Collects the Locations of one fetch answer and records its gaps as non-existent. */
export class GapRecorder {
	readonly #start: Location;
	/** The last Location the answer covers (inclusive). */
	readonly #end: Location;
	readonly #seen: Location[] = [];
	#unknown = false;

	constructor(start: Location, end: Location) {
		this.#start = start;
		this.#end = end;
	}

	/** An object of the answer. */
	object(group: bigint, object: bigint): void {
		this.#seen.push({ group, object });
	}

	/** An End of Range marker: an unknown range makes the gaps unreliable. */
	marker(item: FetchEndOfRange): void {
		if (item.endOfRange === "unknown") this.#unknown = true;
	}

	/** The answer ended with FIN: records every gap in `[start, end]` as not existing. */
	record(cache: ObjectCache, track: string): void {
		if (this.#unknown || compareLocations(this.#start, this.#end) > 0) return;
		const seen = this.#seen.sort(compareLocations);
		let cursor: Location | undefined = this.#start;
		for (const at of seen) {
			if (cursor === undefined) return;
			if (compareLocations(cursor, at) < 0) cache.recordNonExistent(track, cursor, before(at));
			if (compareLocations(at, cursor) >= 0) cursor = after(at);
		}
		if (cursor !== undefined && compareLocations(cursor, this.#end) <= 0)
			cache.recordNonExistent(track, cursor, this.#end);
	}
}

function after(at: Location): Location | undefined {
	if (at.object < MAX_OBJECT_ID) return { group: at.group, object: at.object + 1n };
	return { group: at.group + 1n, object: 0n };
}

// Only called with `at` after some other Location, so it is never {0, 0}.
function before(at: Location): Location {
	return at.object > 0n ? { group: at.group, object: at.object - 1n } : { group: at.group - 1n, object: MAX_OBJECT_ID };
}
