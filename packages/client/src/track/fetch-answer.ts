/**
 * Answering a FETCH for a track we publish from its cache of recent groups
 * (draft-ietf-moq-transport-19 §10.12 "Fetch Handling"; -14 §9.16):
 *
 * - the range: a Standalone Fetch names it; a Joining Fetch ends at the joined subscription's
 *   Joining Location, {JL.Group, JL.Object + 1}, and starts at {JL.Group - Joining Start, 0}
 *   (Relative) or {Joining Start, 0} (Absolute) (-19 §10.12.2 "Joining Fetch Range Calculation");
 * - no object published yet, a range starting after the largest object, or a Joining Fetch of a
 *   subscription without a Joining Location: INVALID_RANGE;
 * - FETCH_OK's End Location: "If the requested FETCH End Location was beyond the Largest known
 *   (possibly final) Object, End Location is {Largest.Group, Largest.Object + 1}" (-14 §9.17,
 *   the same rule later); End of Track when the track has ended and the range reaches its end;
 * - the objects go out in the fetch's group order, ascending within a group. Only draft-14
 *   carries objects with a status on a fetch stream, so later drafts leave them out.
 *
 * @module
 */

import type { IncomingFetch } from "@moqt/session";
import {
	type Draft,
	FetchErrorCode,
	FetchType,
	GroupOrder,
	type Location,
	ObjectStatus,
	RequestErrorCode,
} from "@moqt/wire";
import type { GroupCache } from "./cache.js";

/** What a FETCH is answered from. */
export interface FetchSource {
	readonly draft: Draft;
	/** The largest object written, if any. */
	readonly largest: Location | undefined;
	/** The track has ended: nothing follows `largest`. */
	readonly ended: boolean;
	readonly cache: GroupCache;
	/** True when no more objects of `group` will be written. */
	groupComplete(group: bigint): boolean;
}

/** Answers the FETCH (accepting or refusing it) and writes the objects; resolves when done. */
export async function answerFetch(request: IncomingFetch, source: FetchSource): Promise<void> {
	const largest = source.largest;
	const range = requestedRange(request);
	if (largest === undefined || range === undefined || compare(range.start, largest) > 0) {
		const code = source.draft === 14 ? FetchErrorCode.INVALID_RANGE : RequestErrorCode[source.draft].INVALID_RANGE;
		request.reject(code, largest === undefined ? "nothing published yet" : "the range holds no published object");
		return;
	}
	const end = clampEnd(range.end, largest, source);
	const afterLargest = { group: largest.group, object: largest.object + 1n };
	const reachesLargest = end.object === 0n ? end.group >= largest.group : compare(end, afterLargest) >= 0;
	const endOfTrack = source.ended && reachesLargest;
	const responder = request.accept({ endLocation: end, endOfTrack });
	const descending = request.message.groupOrder === GroupOrder.DESCENDING;
	try {
		for (const o of source.cache.range(range.start, end, descending)) {
			if (source.draft !== 14 && o.status !== ObjectStatus.NORMAL) continue;
			await responder.write({
				groupId: o.group,
				...(o.subgroup !== undefined && { subgroupId: o.subgroup }),
				objectId: o.object,
				...(o.priority !== undefined && { publisherPriority: o.priority }),
				payload: o.payload,
				properties: o.properties,
				status: o.status,
			});
		}
		await responder.finish();
	} catch {
		// The subscriber cancelled the fetch or the session closed: `responder.done` says which.
	}
}

/** The requested range, in FETCH's end encoding; undefined for a Joining Fetch that cannot be answered. */
function requestedRange(request: IncomingFetch): { start: Location; end: Location } | undefined {
	const type = request.message.fetchType;
	if (type.type === FetchType.STANDALONE) return { start: type.startLocation, end: type.endLocation };
	const joining = request.joining?.joiningLocation;
	if (joining === undefined) return undefined;
	const start =
		type.type === FetchType.RELATIVE_JOINING
			? joining.group > type.joiningStart
				? joining.group - type.joiningStart
				: 0n
			: type.joiningStart;
	return { start: { group: start, object: 0n }, end: { group: joining.group, object: joining.object + 1n } };
}

function clampEnd(end: Location, largest: Location, source: FetchSource): Location {
	const afterLargest = { group: largest.group, object: largest.object + 1n };
	if (end.object === 0n) {
		// The whole group `end.group`: known once the group is complete.
		const known = end.group < largest.group || (end.group === largest.group && source.groupComplete(end.group));
		return known ? end : afterLargest;
	}
	return compare(end, afterLargest) > 0 ? afterLargest : end;
}

function compare(a: Location, b: Location): number {
	if (a.group !== b.group) return a.group < b.group ? -1 : 1;
	return a.object === b.object ? 0 : a.object < b.object ? -1 : 1;
}
