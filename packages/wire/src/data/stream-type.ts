/**
 * Unidirectional stream types: what the first integer of a stream says it carries
 * (draft-ietf-moq-transport-14 §10 / -16 §10 "Data Streams and Datagrams", -18/-19 §3.4
 * "Unidirectional Stream Types"):
 *
 * | type          | drafts | stream                                     |
 * |---------------|--------|--------------------------------------------|
 * | 0x05          | all    | FETCH_HEADER                               |
 * | 0b0XX1XXXX    | all    | SUBGROUP_HEADER (per-draft set: `subgroup-header.ts`) |
 * | 0x2F00        | -17+   | SETUP: the peer's unidirectional control stream |
 * | 0x132B3E28    | -17+   | PADDING (-18/-19 §11.5.1), discarded        |
 *
 * Up to -16 the control stream is bidirectional, so a unidirectional stream is always a data
 * stream. An unknown type closes the session with PROTOCOL_VIOLATION.
 *
 * @module
 */

import { type Codec, codecFor } from "../codec.js";
import { WireError } from "../errors.js";
import { Reader, SHORT } from "../reader.js";
import type { Draft } from "../version.js";
import { isSubgroupHeaderType } from "./subgroup-header.js";

/** Unidirectional stream type codes other than the SUBGROUP_HEADER flag set. */
export const StreamType = {
	FETCH_HEADER: 0x05,
	/** draft-17+: the control stream starts with the SETUP message, whose type is the stream type. */
	SETUP: 0x2f00,
	/** draft-17+. */
	PADDING: 0x132b3e28,
} as const;

/** What a unidirectional stream carries. */
export type StreamKind = "subgroup" | "fetch" | "padding" | "control";

/** The outcome of {@link detectStreamType}. */
export type StreamTypeResult =
	| { readonly kind: "need-more" }
	| {
			readonly kind: StreamKind;
			/** The stream type code. */
			readonly type: number;
			/** Bytes the type takes at the start of the stream. */
			readonly length: number;
	  };

/** The kind of stream a type code announces in the draft; throws "unknown-message" otherwise. */
export function streamKind(type: number, c: Codec, offset = 0): StreamKind {
	if (type === StreamType.FETCH_HEADER) return "fetch";
	if (isSubgroupHeaderType(type, c)) return "subgroup";
	if (c.moqtVarint) {
		if (type === StreamType.SETUP) return "control";
		if (type === StreamType.PADDING) return "padding";
	}
	throw new WireError("unknown-message", `unknown stream type 0x${type.toString(16)} in draft-${c.draft}`, { offset });
}

/**
 * Reads the type at the start of a unidirectional stream and tells what the stream carries.
 * Returns "need-more" while the type is incomplete; throws {@link WireError} for an unknown type.
 * A "control" stream (-17+) is handed whole, type included, to the control stream decoder: the
 * type is the SETUP message's own type.
 */
export function detectStreamType(bytes: Uint8Array, draft: Draft | Codec): StreamTypeResult {
	const c = typeof draft === "number" ? codecFor(draft) : draft;
	const r = new Reader(bytes, c.moqtVarint);
	let type: number;
	try {
		// Saturating: a type beyond 2^53 is simply unknown.
		type = r.varintSaturated();
	} catch (e) {
		if (e === SHORT) return { kind: "need-more" };
		throw e;
	}
	return { kind: streamKind(type, c), type, length: r.pos };
}
