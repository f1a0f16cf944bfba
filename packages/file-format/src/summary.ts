/**
 * An `inspect`-style summary of a recording (draft-jennings-moq-file-05 §4 "MoQT Track DataFile",
 * §5 "Playback"): per track, the objects, groups and bytes it holds, the time it spans by
 * `receiveTime`, and the gaps in its Group and Object IDs.
 *
 * Gaps are the IDs missing between the smallest and the largest seen (Groups per track, Objects
 * per Group), so a recording that joined mid-group does not report the objects before it; the
 * Prior Group ID Gap extension is not consulted, as its meaning depends on the MoQT draft.
 *
 * @module
 */

import { type IdRange, IdRangeSet } from "./range-set.js";
import { trackKey } from "./track-key.js";
import type { MetadataEntry, TrackId } from "./types.js";

/** Object IDs missing inside one group. */
export interface GroupGaps {
	/** The Group ID. */
	readonly group: bigint;
	/** The missing Object IDs. */
	readonly missing: readonly IdRange[];
}

/** How many objects carried one `objectStatus` (`undefined`: the entry had none). */
export interface StatusCount {
	/** The `objectStatus` value. */
	readonly status: number | undefined;
	/** Entries that had it. */
	readonly count: number;
}

/** The summary of one track. */
export interface TrackSummary extends TrackId {
	/** Entries (objects, including status-only ones). */
	readonly objects: number;
	/** Distinct Group IDs. */
	readonly groups: number;
	/** Sum of `dataLength`. */
	readonly bytes: number;
	/** Smallest Group ID. */
	readonly firstGroup: bigint;
	/** Largest Group ID. */
	readonly lastGroup: bigint;
	/** Earliest `receiveTime` (ms since the epoch), if any entry had one. */
	readonly firstReceiveTime: number | undefined;
	/** Latest `receiveTime`. */
	readonly lastReceiveTime: number | undefined;
	/** `lastReceiveTime - firstReceiveTime`, in ms. */
	readonly durationMs: number | undefined;
	/** Group IDs missing between `firstGroup` and `lastGroup`. */
	readonly missingGroups: readonly IdRange[];
	/** Groups with Object IDs missing between their smallest and largest. */
	readonly missingObjects: readonly GroupGaps[];
	/** Entries whose (Group ID, Object ID) was already seen. */
	readonly duplicates: number;
	/** Entries by `objectStatus`, in ascending status order (absent last). */
	readonly statuses: readonly StatusCount[];
}

/** The summary of a recording. */
export interface RecordingSummary {
	/** Tracks, in the order their first entry was seen. */
	readonly tracks: readonly TrackSummary[];
	/** Entries over all tracks. */
	readonly objects: number;
	/** Payload bytes over all tracks. */
	readonly bytes: number;
	/** Time spanned by all `receiveTime`s, in ms. */
	readonly durationMs: number | undefined;
}

class TrackTally {
	objects = 0;
	bytes = 0;
	duplicates = 0;
	firstTime: number | undefined;
	lastTime: number | undefined;
	readonly groups = new IdRangeSet();
	readonly objectsByGroup = new Map<bigint, IdRangeSet>();
	readonly statuses = new Map<number | undefined, number>();

	readonly track: TrackId;

	constructor(track: TrackId) {
		this.track = track;
	}

	add(e: MetadataEntry): void {
		this.objects++;
		this.bytes += e.dataLength;
		this.groups.add(e.groupId);
		let ids = this.objectsByGroup.get(e.groupId);
		if (ids === undefined) {
			ids = new IdRangeSet();
			this.objectsByGroup.set(e.groupId, ids);
		}
		if (!ids.add(e.objectId)) this.duplicates++;
		this.statuses.set(e.objectStatus, (this.statuses.get(e.objectStatus) ?? 0) + 1);
		if (e.receiveTime !== undefined) {
			if (this.firstTime === undefined || e.receiveTime < this.firstTime) this.firstTime = e.receiveTime;
			if (this.lastTime === undefined || e.receiveTime > this.lastTime) this.lastTime = e.receiveTime;
		}
	}

	finish(): TrackSummary {
		const missingObjects: GroupGaps[] = [];
		for (const [group, ids] of this.objectsByGroup) {
			const missing = ids.gaps();
			if (missing.length > 0) missingObjects.push({ group, missing });
		}
		missingObjects.sort((a, b) => (a.group < b.group ? -1 : 1));
		const statuses = [...this.statuses].map(([status, count]) => ({ status, count }));
		statuses.sort((a, b) => (a.status ?? Number.POSITIVE_INFINITY) - (b.status ?? Number.POSITIVE_INFINITY));
		return {
			trackNamespace: this.track.trackNamespace,
			trackName: this.track.trackName,
			objects: this.objects,
			groups: this.objectsByGroup.size,
			bytes: this.bytes,
			firstGroup: this.groups.min!,
			lastGroup: this.groups.max!,
			firstReceiveTime: this.firstTime,
			lastReceiveTime: this.lastTime,
			durationMs: this.firstTime === undefined ? undefined : this.lastTime! - this.firstTime,
			missingGroups: this.groups.gaps(),
			missingObjects,
			duplicates: this.duplicates,
			statuses,
		};
	}
}

/** Accumulates entries, one at a time, into a {@link RecordingSummary}. */
export class SummaryBuilder {
	readonly #tracks = new Map<string, TrackTally>();

	/** Counts one entry. */
	add(entry: MetadataEntry): void {
		const key = trackKey(entry);
		let tally = this.#tracks.get(key);
		if (tally === undefined) {
			tally = new TrackTally({ trackNamespace: entry.trackNamespace, trackName: entry.trackName });
			this.#tracks.set(key, tally);
		}
		tally.add(entry);
	}

	/** The summary of everything added so far. */
	finish(): RecordingSummary {
		const tracks = [...this.#tracks.values()].map((t) => t.finish());
		let first: number | undefined;
		let last: number | undefined;
		for (const t of tracks) {
			if (t.firstReceiveTime !== undefined && (first === undefined || t.firstReceiveTime < first)) {
				first = t.firstReceiveTime;
			}
			if (t.lastReceiveTime !== undefined && (last === undefined || t.lastReceiveTime > last)) {
				last = t.lastReceiveTime;
			}
		}
		return {
			tracks,
			objects: tracks.reduce((n, t) => n + t.objects, 0),
			bytes: tracks.reduce((n, t) => n + t.bytes, 0),
			durationMs: first === undefined ? undefined : last! - first,
		};
	}
}

/** Summarizes a sequence of entries. */
export async function summarize(
	entries: AsyncIterable<MetadataEntry> | Iterable<MetadataEntry>,
): Promise<RecordingSummary> {
	const builder = new SummaryBuilder();
	for await (const entry of entries) builder.add(entry);
	return builder.finish();
}
