/**
 * Low Overhead Media Container packaging (draft-ietf-moq-loc, editor's copy of 2026-07; §2
 * "Payload Format", §2.2 "MOQ Object Mapping", §2.3 "LOC Properties", §6 "IANA Considerations").
 *
 * A LOC object is a MOQT object whose payload is the codec bitstream exactly as WebCodecs hands it
 * over (the "internal data" of an EncodedVideoChunk / EncodedAudioChunk: VP8/VP9/AV1 frames as
 * they are, H.264/H.265 in the "canonical" length-prefixed form with the parameter sets in the
 * Video Config, or in Annex B form with them in-band) and whose metadata travels as MOQT Object
 * Properties (Key-Value-Pairs, even types carrying a vi64, odd types bytes):
 *
 * | Type | Property            | Value                                                   |
 * |-----:|:--------------------|:--------------------------------------------------------|
 * | 0x08 | TIMESCALE           | vi64: Timestamp units per second                        |
 * | 0x09 | VIDEO_FRAME_MARKING | 1–3 bytes, RFC 9626 (see `frame-marking.ts`)            |
 * | 0x0C | AUDIO_LEVEL         | vi64 ≤ 0xFF: RFC 6464 §3 V bit and level (−dBov)        |
 * | 0x0D | VIDEO_CONFIG        | bytes: the VideoDecoderConfig `description` (avcC, …)  |
 * | 0x0F | AUDIO_CONFIG        | bytes: the AudioDecoderConfig `description`            |
 * | 0x10 | TIMESTAMP           | vi64: media time in Timescale units, or, without a     |
 * |      |                     | Timescale, wall-clock µs since the Unix epoch          |
 *
 * Reconciling the code points: draft-ietf-moq-transport-19 §15.8 lists *provisional* LOC types
 * TIMESTAMP 0x06, TIMESCALE 0x08, VIDEO_FRAME_MARKING 0x0A, AUDIO_LEVEL 0x0C, VIDEO_CONFIG 0x0D.
 * Two of those cannot be right and the LOC draft has since moved them: 0x06 is already
 * SUBGROUP_DELIVERY_TIMEOUT in the same MOQT table, and 0x0A is even, so its value would be a
 * single integer where frame marking is a byte string (0x0A is also the Secure Objects "private
 * properties" type). This module follows the LOC editor's copy (TIMESTAMP 0x10, frame marking
 * 0x09) and never reads 0x06 or 0x0A as LOC metadata, since a relay may legitimately add 0x06.
 *
 * LOC Private Properties (carried inside the payload, encrypted with Secure Objects) exist only
 * together with end-to-end encryption, which this demo does not do: the MOQT payload is the LOC
 * Payload, untouched, and every property is a public one.
 *
 * Unknown property types (transport properties such as PRIOR_GROUP_ID_GAP, application ones) are
 * ignored when decoding, as MOQT requires.
 *
 * @module
 */

import type { KeyValuePair } from "@moqt/wire";
import { FormatError } from "../errors.js";
import { decodeFrameMarking, encodeFrameMarking, type FrameMarking, simpleFrameMarking } from "./frame-marking.js";

/** LOC property types (draft-ietf-moq-loc §6 "MOQ Properties Registry"). */
export const LocPropertyType = {
	TIMESCALE: 0x08n,
	VIDEO_FRAME_MARKING: 0x09n,
	AUDIO_LEVEL: 0x0cn,
	VIDEO_CONFIG: 0x0dn,
	AUDIO_CONFIG: 0x0fn,
	TIMESTAMP: 0x10n,
} as const;

/** The audio level of a frame (RFC 6464 §3). */
export interface AudioLevel {
	/** V: the frame contains voice. */
	readonly voiceActivity: boolean;
	/** The level in −dBov, 0 (loudest) to 127 (silence). */
	readonly level: number;
}

/** One media frame with its LOC metadata; every field but `data` is optional, as in LOC. */
export interface LocFrame {
	/** TIMESTAMP: in `timescale` units, or wall-clock µs since the Unix epoch without one. */
	readonly timestamp?: bigint;
	/** TIMESCALE: units per second of `timestamp`; makes it media time rather than wall-clock. */
	readonly timescale?: bigint;
	/**
	 * Whether the frame is independently decodable. Encoding: shorthand for a non-scalable
	 * `frameMarking` (ignored when `frameMarking` is given, which must then agree). Decoding: the
	 * frame marking's I bit, `undefined` when the object has no frame marking.
	 */
	readonly keyframe?: boolean;
	/** VIDEO_FRAME_MARKING, in full. */
	readonly frameMarking?: FrameMarking;
	/** VIDEO_CONFIG: the decoder configuration "extradata" (WebCodecs `description`). */
	readonly config?: Uint8Array;
	/** AUDIO_CONFIG: the audio decoder configuration (WebCodecs `description`). */
	readonly audioConfig?: Uint8Array;
	/** AUDIO_LEVEL. */
	readonly audioLevel?: AudioLevel;
	/** The LOC Payload: the codec bitstream of one EncodedVideoChunk / EncodedAudioChunk. */
	readonly data: Uint8Array;
}

/** A LOC frame as MOQT object fields: the properties and the payload. */
export interface LocObject {
	/** MOQT Object Properties, in ascending type order. */
	readonly properties: KeyValuePair[];
	/** MOQT Object Payload: the LOC Payload. */
	readonly payload: Uint8Array;
}

/** The largest vi64 (draft-ietf-moq-transport-19 §1.4.1). */
const MAX_VI64 = 0xffff_ffff_ffff_ffffn;

/** Packages a frame: its metadata as LOC properties, its bitstream as the payload. */
export function encodeLoc(frame: LocFrame): LocObject {
	const properties: KeyValuePair[] = [];
	const { TIMESCALE, VIDEO_FRAME_MARKING, AUDIO_LEVEL, VIDEO_CONFIG, AUDIO_CONFIG, TIMESTAMP } = LocPropertyType;
	if (frame.timescale !== undefined) {
		if (frame.timescale === 0n) throw new FormatError("invalid-loc", "a Timescale of 0");
		properties.push({ type: TIMESCALE, value: checkVi64("Timescale", frame.timescale) });
	}
	const marking = frameMarkingOf(frame);
	if (marking !== undefined) properties.push({ type: VIDEO_FRAME_MARKING, value: encodeFrameMarking(marking) });
	if (frame.audioLevel !== undefined) properties.push({ type: AUDIO_LEVEL, value: encodeAudioLevel(frame.audioLevel) });
	if (frame.config !== undefined) properties.push({ type: VIDEO_CONFIG, value: frame.config });
	if (frame.audioConfig !== undefined) properties.push({ type: AUDIO_CONFIG, value: frame.audioConfig });
	if (frame.timestamp !== undefined) {
		properties.push({ type: TIMESTAMP, value: checkVi64("Timestamp", frame.timestamp) });
	}
	return { properties, payload: frame.data };
}

/**
 * Unpacks a LOC object. Throws {@link FormatError} when a LOC property appears twice or its value
 * has the wrong shape; ignores every other property.
 */
export function decodeLoc(object: {
	readonly properties?: readonly KeyValuePair[];
	readonly payload: Uint8Array;
}): LocFrame {
	let timestamp: bigint | undefined;
	let timescale: bigint | undefined;
	let frameMarking: FrameMarking | undefined;
	let config: Uint8Array | undefined;
	let audioConfig: Uint8Array | undefined;
	let audioLevel: AudioLevel | undefined;
	const seen = new Set<bigint>();
	for (const p of object.properties ?? []) {
		if (!isLocType(p.type)) continue;
		if (seen.has(p.type)) throw new FormatError("invalid-loc", `LOC property 0x${p.type.toString(16)} appears twice`);
		seen.add(p.type);
		switch (p.type) {
			case LocPropertyType.TIMESTAMP:
				timestamp = integerValue(p, "Timestamp");
				break;
			case LocPropertyType.TIMESCALE:
				timescale = integerValue(p, "Timescale");
				if (timescale === 0n) throw new FormatError("invalid-loc", "a Timescale of 0");
				break;
			case LocPropertyType.VIDEO_FRAME_MARKING:
				frameMarking = decodeFrameMarking(bytesValue(p, "Video Frame Marking"));
				break;
			case LocPropertyType.AUDIO_LEVEL:
				audioLevel = decodeAudioLevel(integerValue(p, "Audio Level"));
				break;
			case LocPropertyType.VIDEO_CONFIG:
				config = bytesValue(p, "Video Config");
				break;
			case LocPropertyType.AUDIO_CONFIG:
				audioConfig = bytesValue(p, "Audio Config");
				break;
		}
	}
	return {
		...(timestamp !== undefined && { timestamp }),
		...(timescale !== undefined && { timescale }),
		...(frameMarking !== undefined && { keyframe: frameMarking.independent, frameMarking }),
		...(config !== undefined && { config }),
		...(audioConfig !== undefined && { audioConfig }),
		...(audioLevel !== undefined && { audioLevel }),
		data: object.payload,
	};
}

/**
 * The frame's capture time in wall-clock milliseconds since the Unix epoch, which LOC gives only
 * for a Timestamp without a Timescale; `undefined` for media time or no timestamp.
 */
export function wallClockMs(frame: LocFrame): number | undefined {
	if (frame.timestamp === undefined || frame.timescale !== undefined) return undefined;
	return Number(frame.timestamp) / 1000;
}

function frameMarkingOf(frame: LocFrame): FrameMarking | undefined {
	if (frame.frameMarking === undefined) {
		return frame.keyframe === undefined ? undefined : simpleFrameMarking(frame.keyframe);
	}
	if (frame.keyframe !== undefined && frame.keyframe !== frame.frameMarking.independent) {
		throw new FormatError("invalid-loc", "keyframe disagrees with the frame marking's I bit");
	}
	return frame.frameMarking;
}

function encodeAudioLevel(a: AudioLevel): bigint {
	if (!Number.isInteger(a.level) || a.level < 0 || a.level > 127) {
		throw new FormatError("invalid-loc", `audio level ${a.level} is not an integer in 0..127`);
	}
	return BigInt((a.voiceActivity ? 0x80 : 0) | a.level);
}

function decodeAudioLevel(v: bigint): AudioLevel {
	// LOC carries the RFC 6464 byte "in the least significant 8 bits"; anything above is not it.
	if (v > 0xffn) throw new FormatError("invalid-loc", `Audio Level ${v} does not fit in 8 bits`);
	const byte = Number(v);
	return { voiceActivity: (byte & 0x80) !== 0, level: byte & 0x7f };
}

function isLocType(type: bigint): boolean {
	switch (type) {
		case LocPropertyType.TIMESCALE:
		case LocPropertyType.VIDEO_FRAME_MARKING:
		case LocPropertyType.AUDIO_LEVEL:
		case LocPropertyType.VIDEO_CONFIG:
		case LocPropertyType.AUDIO_CONFIG:
		case LocPropertyType.TIMESTAMP:
			return true;
		default:
			return false;
	}
}

// The wire codec guarantees parity for pairs it decoded; these checks cover pairs built by hand.
function integerValue(p: KeyValuePair, name: string): bigint {
	if (typeof p.value !== "bigint") throw new FormatError("invalid-loc", `${name} must be an integer`);
	return p.value;
}

function bytesValue(p: KeyValuePair, name: string): Uint8Array {
	if (typeof p.value === "bigint") throw new FormatError("invalid-loc", `${name} must be bytes`);
	return p.value;
}

function checkVi64(name: string, v: bigint): bigint {
	if (v < 0n || v > MAX_VI64) throw new FormatError("invalid-loc", `${name} ${v} does not fit in a vi64`);
	return v;
}
