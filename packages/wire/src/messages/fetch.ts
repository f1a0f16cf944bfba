/**
 * FETCH (type 0x16): a request for a range of already published Objects of a track.
 *
 * - draft-ietf-moq-transport-14 §9.16 FETCH: Request ID, Subscriber Priority (8), Group Order (8),
 *   Fetch Type, [Standalone Fetch], [Joining Fetch], Parameters.
 * - draft-16 §9.16, -18 §10.12, -19 §10.12 FETCH: Request ID, Fetch Type, [Standalone Fetch],
 *   [Joining Fetch], Parameters; priority and group order became the SUBSCRIBER_PRIORITY and
 *   GROUP_ORDER parameters.
 *
 * The three Fetch Types (0x1 Standalone, 0x2 Relative Joining, 0x3 Absolute Joining) and the
 * layout of their structures are the same in every supported draft; another Fetch Type is a
 * PROTOCOL_VIOLATION.
 *
 * End Location keeps the drafts' own encoding, which is the same in all four: "the end Location,
 * plus 1", where an Object of 0 means the entire group. So `{ group: 7n, object: 0n }` asks for
 * all of group 7, and `{ group: 7n, object: 3n }` for group 7 up to and including Object 2. The
 * model does not translate it, because FETCH_OK's End Location uses the same encoding and a
 * relay compares the two. Whether End Location precedes Start Location is not checked here: the
 * drafts answer that with an INVALID_RANGE error, not a session close.
 *
 * Joining Start is the number of groups before the joined subscription's Largest Location
 * (-18/-19: its Joining Location) for a Relative Joining Fetch, or a Group ID for an Absolute
 * one; draft-14 words the absolute case as "Start Location = Joining Start", -16 and later as
 * {Joining Start, 0}: both mean the start of that group.
 *
 * Group Order 0 ("use the publisher's order") exists only as a draft-14 field value. From -16 a
 * FETCH without GROUP_ORDER is served Ascending, and a `groupOrder` of 0 is written as that
 * absence (see `writeParameters`).
 *
 * @module
 */

import type { Codec } from "../codec.js";
import { WireError } from "../errors.js";
import {
	readLocation,
	readNamespace,
	readTrackName,
	writeLocation,
	writeNamespace,
	writeTrackName,
} from "../fields.js";
import type { MessageCodec, Mutable } from "../message-codec.js";
import { type MessageParameters, type ParameterField, readParameters, writeParameters } from "../parameters.js";
import type { Reader } from "../reader.js";
import { GroupOrder, type Location, type TrackNamespace } from "../types.js";
import type { Writer } from "../writer.js";
import { DEFAULT_SUBSCRIBER_PRIORITY } from "./subscribe.js";

/** Fetch Type codes (draft-14 §9.16 "FETCH", the same through -19). */
export const FetchType = {
	STANDALONE: 0x1,
	RELATIVE_JOINING: 0x2,
	ABSOLUTE_JOINING: 0x3,
} as const;
/** A Fetch Type. */
export type FetchType = (typeof FetchType)[keyof typeof FetchType];

/** A Standalone Fetch: a range of one track, independent of any subscription. */
export interface StandaloneFetch {
	readonly type: typeof FetchType.STANDALONE;
	readonly trackNamespace: TrackNamespace;
	readonly trackName: Uint8Array;
	/** The first Object requested. */
	readonly startLocation: Location;
	/** The last Object requested, plus 1; Object 0 means the whole group (see the module doc). */
	readonly endLocation: Location;
}

/** A Relative or Absolute Joining Fetch: the groups up to where a subscription started. */
export interface JoiningFetch {
	readonly type: typeof FetchType.RELATIVE_JOINING | typeof FetchType.ABSOLUTE_JOINING;
	/** The Request ID of the subscription joined. */
	readonly joiningRequestId: bigint;
	/** Groups before the subscription's Largest (Relative), or the first Group ID (Absolute). */
	readonly joiningStart: bigint;
}

/** FETCH. `subscriberPriority` and `groupOrder` are fixed fields in draft-14, parameters later. */
export interface Fetch extends MessageParameters {
	readonly type: "FETCH";
	readonly requestId: bigint;
	/** The Fetch Type and the structure it selects. */
	readonly fetchType: StandaloneFetch | JoiningFetch;
}

/** The fields draft-14 carries in the FETCH body rather than as parameters. */
const FETCH_FIELDS_14: readonly ParameterField[] = ["subscriberPriority", "groupOrder"];

function writeFetchType(w: Writer, c: Codec, f: StandaloneFetch | JoiningFetch): void {
	switch (f.type) {
		case FetchType.STANDALONE:
			w.varint(f.type);
			writeNamespace(w, c, f.trackNamespace);
			writeTrackName(w, c, f.trackNamespace, f.trackName);
			writeLocation(w, f.startLocation);
			writeLocation(w, f.endLocation);
			return;
		case FetchType.RELATIVE_JOINING:
		case FetchType.ABSOLUTE_JOINING:
			w.varint(f.type);
			w.varint(f.joiningRequestId);
			w.varint(f.joiningStart);
			return;
		default:
			throw new WireError("invalid-value", "unknown Fetch Type");
	}
}

function readFetchType(r: Reader, c: Codec): StandaloneFetch | JoiningFetch {
	const at = r.pos;
	const type = r.varint();
	switch (type) {
		case FetchType.STANDALONE: {
			const trackNamespace = readNamespace(r, c);
			const trackName = readTrackName(r, c, trackNamespace);
			const startLocation = readLocation(r);
			return { type, trackNamespace, trackName, startLocation, endLocation: readLocation(r) };
		}
		case FetchType.RELATIVE_JOINING:
		case FetchType.ABSOLUTE_JOINING: {
			const joiningRequestId = r.varintBig();
			return { type, joiningRequestId, joiningStart: r.varintBig() };
		}
		default:
			throw new WireError("invalid-value", `unknown Fetch Type ${type}`, { offset: at });
	}
}

// draft-14 only: Subscriber Priority (8) and Group Order (8), parameters from -15.
function readFetchFields14(r: Reader): { subscriberPriority: number; groupOrder: GroupOrder } {
	const subscriberPriority = r.u8();
	const at = r.pos;
	const order = r.u8();
	// 0x0 asks for the publisher's order; above 0x2 is a protocol error (draft-14 §9.16).
	if (order > GroupOrder.DESCENDING)
		throw new WireError("invalid-value", `invalid Group Order ${order}`, { offset: at });
	return { subscriberPriority, groupOrder: order as GroupOrder };
}

/** The FETCH codec. */
export const fetch: MessageCodec<Fetch> = {
	type: "FETCH",
	codes: { 14: 0x16, 16: 0x16, 18: 0x16, 19: 0x16 },
	encode(w, m, c) {
		w.varint(m.requestId);
		if (c.draft === 14) {
			// draft-14 only: moved into the SUBSCRIBER_PRIORITY and GROUP_ORDER parameters in -15.
			w.u8(m.subscriberPriority ?? DEFAULT_SUBSCRIBER_PRIORITY);
			const order = m.groupOrder ?? GroupOrder.PUBLISHER;
			if (order > GroupOrder.DESCENDING) throw new WireError("invalid-value", `invalid Group Order ${order}`);
			w.u8(order);
		}
		writeFetchType(w, c, m.fetchType);
		writeParameters(w, c, "FETCH", m, c.draft === 14 ? FETCH_FIELDS_14 : []);
	},
	decode(r, c) {
		const requestId = r.varintBig();
		const fields14 = c.draft === 14 ? readFetchFields14(r) : undefined;
		const m: Mutable<Fetch> = { type: "FETCH", requestId, ...fields14, fetchType: readFetchType(r, c) };
		readParameters(r, c, "FETCH", m);
		return m;
	},
};
