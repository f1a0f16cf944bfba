/**
 * Which received video objects a decoder may be given, and how (draft-ietf-moq-loc §4.2
 * "Application with one single quality video track": objects are fed "in the GroupID then
 * ObjectID order", and Object 0 of each Group is the independent frame; §2.3.2.1 "Video Config":
 * the decoder configuration arrives as a property before key frames).
 *
 * A delta frame decodes only on top of every frame before it in its Group, so the player starts
 * at a keyframe, follows its Group object by object and, after a missing object or an object of
 * a Group it did not start, waits for the next keyframe. It never goes back to an older Group: a
 * live player shows the newest media. Whether an object is a keyframe comes from its Video Frame
 * Marking; an object without one counts as a keyframe when it is Object 0, as LOC lays Groups out.
 *
 * Free of WebCodecs, so it is tested in Node; `decoder.ts` feeds its steps to a VideoDecoder.
 *
 * @module
 */

import { decodeLoc, type LocFrame, wallClockMs } from "./loc.js";
import type { MediaObject } from "./media-object.js";

/** An object to decode, as an EncodedVideoChunk and the configuration it needs. */
export interface DecodeStep {
	readonly kind: "decode";
	readonly group: bigint;
	readonly object: bigint;
	/** The EncodedVideoChunk type. */
	readonly type: "key" | "delta";
	/** The EncodedVideoChunk timestamp, in microseconds. */
	readonly timestampUs: number;
	/** Capture time in wall-clock milliseconds, when the LOC Timestamp is wall-clock time. */
	readonly captureMs?: number;
	/** The EncodedVideoChunk data: the LOC Payload. */
	readonly data: Uint8Array;
	/** The decoder must be (re)configured, with `description`, before this chunk. */
	readonly configure: boolean;
	/** The VideoDecoderConfig description (the LOC Video Config), if the codec has one. */
	readonly description?: Uint8Array;
}

/** Why an object is not decoded. */
export type SkipReason =
	/** The object is not valid LOC. */
	| "malformed"
	/** No keyframe has started the object's Group (or the player lost its place in it). */
	| "no-keyframe"
	/** An object of the Group is missing before this one. */
	| "gap"
	/** The object belongs to a Group older than the one playing, or repeats one. */
	| "late";

/** An object not to decode. */
export interface SkipStep {
	readonly kind: "skip";
	readonly reason: SkipReason;
}

/** Decides, object by object, what reaches the decoder. */
export class Playout {
	private group: bigint | undefined;
	// The last object decoded in `group`; undefined once the Group can no longer be followed.
	private lastObject: bigint | undefined;
	private description: Uint8Array | undefined;
	private configured = false;

	/** What to do with the next object received. */
	accept(o: MediaObject): DecodeStep | SkipStep {
		let frame: LocFrame;
		try {
			frame = decodeLoc(o);
		} catch {
			return skip("malformed");
		}
		const keyframe = frame.keyframe ?? o.object === 0n;
		if (this.group !== undefined && o.group < this.group) return skip("late");
		if (!keyframe) {
			if (o.group !== this.group || this.lastObject === undefined) return skip("no-keyframe");
			if (o.object <= this.lastObject) return skip("late");
			if (o.object !== this.lastObject + 1n) {
				this.lastObject = undefined;
				return skip("gap");
			}
		} else if (o.group === this.group && this.lastObject !== undefined && o.object <= this.lastObject) {
			return skip("late");
		}
		const configure =
			!this.configured || (keyframe && frame.config !== undefined && !same(frame.config, this.description));
		if (keyframe && frame.config !== undefined) this.description = frame.config;
		this.configured = true;
		this.group = o.group;
		this.lastObject = o.object;
		const captureMs = wallClockMs(frame);
		return {
			kind: "decode",
			group: o.group,
			object: o.object,
			type: keyframe ? "key" : "delta",
			timestampUs: timestampUs(frame),
			...(captureMs !== undefined && { captureMs }),
			data: frame.data,
			configure,
			...(this.description !== undefined && { description: this.description }),
		};
	}

	/** Starts over at the next keyframe with a fresh configuration, after the decoder failed. */
	reset(): void {
		this.lastObject = undefined;
		this.configured = false;
	}
}

function skip(reason: SkipReason): SkipStep {
	return { kind: "skip", reason };
}

function timestampUs(frame: LocFrame): number {
	if (frame.timestamp === undefined) return 0;
	if (frame.timescale === undefined) return Number(frame.timestamp);
	return Number((frame.timestamp * 1_000_000n) / frame.timescale);
}

function same(a: Uint8Array, b: Uint8Array | undefined): boolean {
	return b !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);
}
