/**
 * Between received MoQT objects and entries of the MOQT file format (draft-jennings-moq-file-05
 * §2): what `record` writes for an object, and what `play` sends for an entry. The two are
 * inverse for everything the format keeps: IDs, forwarding preference, status, publisher
 * priority, extensions (properties) and payload.
 *
 * @module
 */

import type { KeyValuePair, TrackNamespace, TrackObject } from "@moqt/client";
import type { MetadataEntry, ObjectMetadata } from "@moqt/file-format";

/** The entry for an object of the track `namespace`/`name`, received at `receiveTime` (ms since the epoch). */
export function objectMetadata(
	namespace: TrackNamespace,
	name: Uint8Array,
	o: TrackObject,
	receiveTime: number,
): ObjectMetadata {
	// A datagram has no Subgroup ID; an object from a fetch keeps the one it was published with.
	const datagram = o.forwarding === "datagram" || o.subgroup === undefined;
	return {
		trackNamespace: namespace,
		trackName: name,
		groupId: o.group,
		...(o.subgroup !== undefined && { subgroupId: o.subgroup }),
		objectId: o.object,
		forwardingPreference: datagram ? "Datagram" : "Subgroup",
		objectStatus: o.status,
		...(o.priority !== undefined && { publisherPriority: o.priority }),
		receiveTime,
		extensions: o.properties,
	};
}

/** An entry as a write of `play`: where it goes and what it carries (the payload is read apart). */
export interface PlayedObject {
	readonly group: bigint;
	/** undefined: send as a datagram. */
	readonly subgroup: bigint | undefined;
	readonly object: bigint;
	/** The recorded Object Status (0, NORMAL, when the entry has none). */
	readonly status: number;
	readonly priority: number | undefined;
	readonly properties: readonly KeyValuePair[];
}

/** What `play` sends for an entry, its Group ID shifted by `groupOffset` (for `--loop`). */
export function playedObject(entry: MetadataEntry, groupOffset = 0n): PlayedObject {
	const datagram = entry.forwardingPreference === "Datagram" || entry.subgroupId === undefined;
	return {
		group: entry.groupId + groupOffset,
		subgroup: datagram ? undefined : entry.subgroupId,
		object: entry.objectId,
		status: entry.objectStatus ?? 0,
		priority: entry.publisherPriority,
		properties: entry.extensions,
	};
}
