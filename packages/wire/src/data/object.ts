/**
 * The data-plane object model shared by subgroup streams, fetch streams and datagrams
 * (draft-ietf-moq-transport-14 §10.2.1 "Canonical Object Properties", -16 §10.2.1 "Canonical
 * Object Properties", -18 §11.2.1 "Object Header", -19 §11.2.1 "Object Header").
 *
 * One {@link MoqtObject} shape serves every draft and every carrier, so a relay can take an object
 * off a subgroup stream of one draft and write it to a fetch stream or a datagram of another:
 *
 * - IDs are `bigint`; a decoder always resolves them to absolute values (deltas, implicit
 *   subgroup IDs and "same as prior" flags are the codec's business, not the model's).
 * - `publisherPriority` is `undefined` when the sender used DEFAULT_PRIORITY (-16+): the object
 *   inherits the priority of the subscription, which only the session knows.
 * - `properties` are the object's extension headers (-14, -16) / properties (-18, -19) in wire
 *   order, `undefined` when there are none. An Immutable Extensions / Properties pair (type 0x0B)
 *   keeps its value as the raw bytes received, so a relay forwards them verbatim (see
 *   `properties.ts`).
 * - `payload` is a view into the bytes decoded, not a copy.
 *
 * A relay forwards an object by handing the decoded object to the encoder of the downstream
 * stream or datagram (the encoders take the same shape), passing its properties through
 * `propertiesForDraft` when the downstream session speaks another draft.
 *
 * Object Status values per draft: Normal 0x0, End of Group 0x3, End of Track 0x4 everywhere, and
 * Object Does Not Exist 0x1 in draft-14 only (-15 removed it: a gap implies non-existence).
 * Properties are allowed on every object but Does Not Exist in -14, and only on Normal objects
 * from -16 (-14 §10.2.1.2 "Object Extension Header", -16 §10.2.1.2, -18/-19 §11.2.1.2 "Object
 * Properties"; the status values: -14/-16 §10.2.1.1, -18/-19 §11.2.1.1 "Object Status").
 *
 * @module
 */

import type { Codec } from "../codec.js";
import { WireError } from "../errors.js";
import { type KeyValuePair, ObjectStatus } from "../types.js";

/** How an object travels (the Object Forwarding Preference). */
export const ForwardingPreference = {
	SUBGROUP: "subgroup",
	DATAGRAM: "datagram",
} as const;
/** An Object Forwarding Preference. */
export type ForwardingPreference = (typeof ForwardingPreference)[keyof typeof ForwardingPreference];

/** An object, as carried on a subgroup stream, a fetch stream or in a datagram. */
export interface MoqtObject {
	readonly groupId: bigint;
	/**
	 * The subgroup; `undefined` for objects with the Datagram forwarding preference. On a draft-14
	 * fetch stream a datagram object carries its Object ID here (draft-14 §10.4.4), since that
	 * draft cannot tell the preferences apart on a fetch stream.
	 */
	readonly subgroupId?: bigint;
	readonly objectId: bigint;
	/** 0–255, lower is more urgent; `undefined` inherits the subscription's (DEFAULT_PRIORITY). */
	readonly publisherPriority?: number;
	/** `undefined` where the wire does not say (draft-14 fetch streams). */
	readonly forwardingPreference?: ForwardingPreference;
	/** Object Status; Normal when absent. */
	readonly status?: ObjectStatus;
	/** Extension headers (-14, -16) / properties (-18+), in wire order; absent when none. */
	readonly properties?: readonly KeyValuePair[];
	/** The payload; empty unless the status is Normal. */
	readonly payload: Uint8Array;
}

/** An empty payload, shared (never written to). */
export const EMPTY_PAYLOAD: Uint8Array = new Uint8Array(0);

/** The largest Group / Object ID a draft can carry: 2^62-1 with QUIC varints, 2^64-1 from -17. */
export function maxId(c: Codec): bigint {
	return c.moqtVarint ? 0xffffffffffffffffn : 0x3fffffffffffffffn;
}

/** True when `status` is an Object Status value of the draft. */
export function isObjectStatus(status: number, c: Codec): status is ObjectStatus {
	switch (status) {
		case ObjectStatus.NORMAL:
		case ObjectStatus.END_OF_GROUP:
		case ObjectStatus.END_OF_TRACK:
			return true;
		case ObjectStatus.DOES_NOT_EXIST:
			return c.draft === 14;
		default:
			return false;
	}
}

/** True when an object with this status may carry properties in the draft. */
export function propertiesAllowed(status: ObjectStatus, c: Codec): boolean {
	// draft-14 §10.2.1.2 forbids them on Does Not Exist only; -16+ allow them on Normal only.
	return c.draft === 14 ? status !== ObjectStatus.DOES_NOT_EXIST : status === ObjectStatus.NORMAL;
}

/** Reads an Object Status value and rejects those the draft does not define. */
export function checkObjectStatus(status: number, c: Codec, offset: number): ObjectStatus {
	if (!isObjectStatus(status, c)) {
		throw new WireError("invalid-value", `Object Status ${status} is not defined in draft-${c.draft}`, { offset });
	}
	return status;
}

/**
 * Throws when properties ride on an object whose status forbids them: "malformed" (a
 * PROTOCOL_VIOLATION) when decoding, "invalid-value" when encoding.
 */
export function checkPropertiesAllowed(
	status: ObjectStatus,
	properties: readonly KeyValuePair[] | undefined,
	c: Codec,
	offset = -1,
): void {
	if (properties !== undefined && properties.length > 0 && !propertiesAllowed(status, c)) {
		throw new WireError(
			offset < 0 ? "invalid-value" : "malformed",
			`draft-${c.draft} forbids properties on an object with status ${status}`,
			{ offset },
		);
	}
}

/**
 * Checks an object before encoding: a status the draft knows, no payload unless Normal, a payload
 * within `maxObjectPayload`, and properties only where allowed.
 */
export function checkObjectForEncoding(o: MoqtObject, c: Codec): ObjectStatus {
	const status = o.status ?? ObjectStatus.NORMAL;
	if (!isObjectStatus(status, c)) {
		throw new WireError("unsupported", `draft-${c.draft} has no Object Status ${status}`);
	}
	if (status !== ObjectStatus.NORMAL && o.payload.length > 0) {
		throw new WireError("invalid-value", `an object with status ${status} must have an empty payload`);
	}
	if (o.payload.length > c.limits.maxObjectPayload) {
		throw new WireError("too-large", `object payload of ${o.payload.length} bytes exceeds the limit`);
	}
	checkPropertiesAllowed(status, o.properties, c);
	return status;
}
