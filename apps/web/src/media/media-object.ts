/**
 * The objects the demo's media code produces and consumes, and how video frames are numbered
 * into groups: a new MOQT Group at every keyframe, Object IDs from 0 within it (draft-ietf-moq-loc
 * §4.2 "Application with one single quality video track"; draft-ietf-moq-msf §4.1 "LOC
 * packaging", §6.1 "Group numbering", §6.2 "Object Numbering").
 *
 * A {@link MediaObject} is what a MoQT publisher writes and a subscriber reads for one object of a
 * track; it maps one to one onto `@moqt/wire`'s `MoqtObject` (`groupId`, `objectId`,
 * `properties`, `payload`), the rest (subgroup 0, priority, status Normal) being the publisher's.
 *
 * @module
 */

import type { KeyValuePair } from "@moqt/wire";

/** One object of a track: where it sits and what it carries. */
export interface MediaObject {
	/** The Group ID. */
	readonly group: bigint;
	/** The Object ID within the group. */
	readonly object: bigint;
	/** MOQT Object Properties (for LOC media, the LOC properties). */
	readonly properties: readonly KeyValuePair[];
	/** The object payload. */
	readonly payload: Uint8Array;
}

/** Where a frame goes: its Group and Object IDs. */
export interface ObjectLocation {
	readonly group: bigint;
	readonly object: bigint;
}

/**
 * Numbers encoded frames. The first keyframe opens `startGroup`, each later keyframe the next
 * group; other frames follow in the current group. MSF asks a restarted publisher to begin above
 * every Group ID it used before and suggests the wall clock in milliseconds for that (§6.1),
 * hence the default.
 */
export class GroupSequencer {
	private nextGroup: bigint;
	private current: ObjectLocation | undefined;

	constructor(startGroup: bigint = BigInt(Date.now())) {
		this.nextGroup = startGroup;
	}

	/**
	 * The location of the next encoded frame, or `undefined` for a delta frame before the first
	 * keyframe, which no subscriber could decode and so must not be sent.
	 */
	next(keyframe: boolean): ObjectLocation | undefined {
		if (keyframe) {
			this.current = { group: this.nextGroup, object: 0n };
			this.nextGroup += 1n;
		} else if (this.current !== undefined) {
			this.current = { group: this.current.group, object: this.current.object + 1n };
		}
		return this.current;
	}
}
