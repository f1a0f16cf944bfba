/**
 * PUBLISH_BLOCKED (draft-ietf-moq-transport-18 §10.20) and PUBLISH_SKIPPED (-19 §10.20), type
 * 0xF: on a SUBSCRIBE_TRACKS stream, the publisher will not send a PUBLISH for a track under the
 * subscribed prefix. -19 renamed the message and kept its layout: Track Namespace Suffix (the
 * fields after SUBSCRIBE_TRACKS's Track Namespace Prefix, possibly none), Track Name.
 *
 * The model follows the spec's names: two message types, each in the one draft that defines it,
 * with the same fields, so translating is renaming the type. Neither exists in -14 or -16, where
 * 0xF is TRACK_STATUS_ERROR (-14) or unassigned (-16).
 *
 * @module
 */

import type { Codec } from "../codec.js";
import { readNamespace, readTrackName, writeNamespace, writeTrackName } from "../fields.js";
import type { MessageCodec } from "../message-codec.js";
import type { Reader } from "../reader.js";
import type { TrackNamespace } from "../types.js";
import type { Writer } from "../writer.js";

/** The fields of PUBLISH_BLOCKED and PUBLISH_SKIPPED. */
export interface SkippedTrack {
	/** The namespace fields after the SUBSCRIBE_TRACKS prefix (0–32 fields). */
	readonly trackNamespaceSuffix: TrackNamespace;
	readonly trackName: Uint8Array;
}

/** PUBLISH_BLOCKED (draft-18). */
export interface PublishBlocked extends SkippedTrack {
	readonly type: "PUBLISH_BLOCKED";
}

/** PUBLISH_SKIPPED (draft-19). */
export interface PublishSkipped extends SkippedTrack {
	readonly type: "PUBLISH_SKIPPED";
}

function encode(w: Writer, m: SkippedTrack, c: Codec): void {
	writeNamespace(w, c, m.trackNamespaceSuffix, { prefix: true });
	writeTrackName(w, c, m.trackNamespaceSuffix, m.trackName);
}

function decode(r: Reader, c: Codec): SkippedTrack {
	const trackNamespaceSuffix = readNamespace(r, c, { prefix: true });
	return { trackNamespaceSuffix, trackName: readTrackName(r, c, trackNamespaceSuffix) };
}

/** The PUBLISH_BLOCKED codec. */
export const publishBlocked: MessageCodec<PublishBlocked> = {
	type: "PUBLISH_BLOCKED",
	codes: { 18: 0xf },
	encode,
	decode: (r, c) => ({ type: "PUBLISH_BLOCKED", ...decode(r, c) }),
};

/** The PUBLISH_SKIPPED codec. */
export const publishSkipped: MessageCodec<PublishSkipped> = {
	type: "PUBLISH_SKIPPED",
	codes: { 19: 0xf },
	encode,
	decode: (r, c) => ({ type: "PUBLISH_SKIPPED", ...decode(r, c) }),
};
