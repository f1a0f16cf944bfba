/**
 * The value of the LOC Video Frame Marking property (draft-ietf-moq-loc §2.3.2.2 "Video Frame
 * Marking"): the frame-marking bits of RFC 9626 (Video Frame Marking RTP Header Extension) §3,
 * without the RTP extension's own ID/length byte, which the MOQT Key-Value-Pair length replaces.
 *
 * ```
 *  0 1 2 3 4 5 6 7   0 1 2 3 4 5 6 7   0 1 2 3 4 5 6 7
 * +-+-+-+-+-+-+-+-+ +-+-+-+-+-+-+-+-+ +-+-+-+-+-+-+-+-+
 * |S|E|I|D|B| TID | |      LID      | |   TL0PICIDX   |
 * +-+-+-+-+-+-+-+-+ +-+-+-+-+-+-+-+-+ +-+-+-+-+-+-+-+-+
 *   always            scalable only     when known
 * ```
 *
 * A non-scalable stream sends the first byte alone with B and TID zero (RFC 9626 §3.1); a
 * scalable one adds the Layer ID and, when it tracks it, TL0PICIDX (§3.2). LOC allows "1-4
 * bytes", but RFC 9626 defines no fourth byte, so a longer value is rejected rather than guessed.
 *
 * @module
 */

import { FormatError } from "../errors.js";

/** The frame-marking flags and layer identifiers of one video frame (RFC 9626 §3). */
export interface FrameMarking {
	/** S: the object starts the frame (always true in LOC, one frame per object). */
	readonly startOfFrame: boolean;
	/** E: the object ends the frame (always true in LOC). */
	readonly endOfFrame: boolean;
	/** I: the frame decodes without any other frame (a keyframe / IDR). */
	readonly independent: boolean;
	/** D: no other frame depends on this one, so it can be dropped. */
	readonly discardable: boolean;
	/** B: base-layer sync, the frame depends only on the base temporal layer. */
	readonly baseLayerSync: boolean;
	/** TID: temporal layer, 0–7. */
	readonly temporalId: number;
	/** LID: spatial / quality layer, 0–255; absent for a non-scalable stream. */
	readonly layerId?: number;
	/** TL0PICIDX: the running index of base temporal layer frames, 0–255; needs `layerId`. */
	readonly tl0PicIdx?: number;
}

/** The marking of a frame of a non-scalable stream, which is all a simple encoder knows. */
export function simpleFrameMarking(keyframe: boolean): FrameMarking {
	return {
		startOfFrame: true,
		endOfFrame: true,
		independent: keyframe,
		discardable: false,
		baseLayerSync: false,
		temporalId: 0,
	};
}

/** Serializes a frame marking into 1, 2 or 3 bytes. Throws {@link FormatError} on a field out of range. */
export function encodeFrameMarking(m: FrameMarking): Uint8Array {
	checkRange("TID", m.temporalId, 7);
	if (m.layerId !== undefined) checkRange("LID", m.layerId, 255);
	if (m.tl0PicIdx !== undefined) {
		if (m.layerId === undefined) throw new FormatError("invalid-loc", "frame marking TL0PICIDX needs a LID");
		checkRange("TL0PICIDX", m.tl0PicIdx, 255);
	}
	const first =
		(m.startOfFrame ? 0x80 : 0) |
		(m.endOfFrame ? 0x40 : 0) |
		(m.independent ? 0x20 : 0) |
		(m.discardable ? 0x10 : 0) |
		(m.baseLayerSync ? 0x08 : 0) |
		m.temporalId;
	if (m.layerId === undefined) return Uint8Array.of(first);
	if (m.tl0PicIdx === undefined) return Uint8Array.of(first, m.layerId);
	return Uint8Array.of(first, m.layerId, m.tl0PicIdx);
}

/** Parses a frame marking of 1 to 3 bytes. Throws {@link FormatError} on any other length. */
export function decodeFrameMarking(b: Uint8Array): FrameMarking {
	const first = b[0];
	if (first === undefined || b.length > 3) {
		throw new FormatError("invalid-loc", `a frame marking of ${b.length} bytes (RFC 9626 defines 1 to 3)`);
	}
	const marking: FrameMarking = {
		startOfFrame: (first & 0x80) !== 0,
		endOfFrame: (first & 0x40) !== 0,
		independent: (first & 0x20) !== 0,
		discardable: (first & 0x10) !== 0,
		baseLayerSync: (first & 0x08) !== 0,
		temporalId: first & 0x07,
	};
	const layerId = b[1];
	if (layerId === undefined) return marking;
	const tl0PicIdx = b[2];
	return tl0PicIdx === undefined ? { ...marking, layerId } : { ...marking, layerId, tl0PicIdx };
}

function checkRange(name: string, value: number, max: number): void {
	if (!Number.isInteger(value) || value < 0 || value > max) {
		throw new FormatError("invalid-loc", `frame marking ${name} ${value} is not an integer in 0..${max}`);
	}
}
