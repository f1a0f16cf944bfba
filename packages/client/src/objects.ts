/**
 * Objects as the application sees them: one flat shape whatever carried the object (a subgroup
 * stream, a datagram or a fetch stream; draft-ietf-moq-transport-19 §11 "Data Streams and
 * Datagrams"), with the payload as bytes and helpers to read it as text or JSON. Properties are
 * the drafts' object extension headers (-14/-16) / properties (-18/-19).
 *
 * @module
 */

import type { ReceivedObject } from "@moqt/session";
import type { KeyValuePair, ObjectStatus } from "@moqt/wire";

/** An object of a track, received from a subscription or a fetch. */
export interface TrackObject {
	/** Group ID. */
	readonly group: bigint;
	/** Subgroup ID; undefined for an object sent as a datagram. */
	readonly subgroup: bigint | undefined;
	/** Object ID. */
	readonly object: bigint;
	/** Object Status: NORMAL (0) for objects with a payload, END_OF_GROUP, END_OF_TRACK... (`ObjectStatus`). */
	readonly status: ObjectStatus;
	/** Publisher Priority (0 is the highest), when known. */
	readonly priority: number | undefined;
	/** Object properties (extension headers in drafts 14 and 16), in wire order. */
	readonly properties: readonly KeyValuePair[];
	/** The payload (empty unless the status is NORMAL). */
	readonly payload: Uint8Array;
	/** How the object arrived. */
	readonly forwarding: "subgroup" | "datagram" | "fetch";
	/** A datagram with the END_OF_GROUP flag: no later object of its group exists. */
	readonly endOfGroup: boolean;
}

/** A payload to write: bytes, or a string sent as UTF-8. */
export type PayloadLike = Uint8Array | string;

/** A property to write: an even type carries an integer, an odd type bytes (or a UTF-8 string). */
export interface PropertyLike {
	readonly type: bigint | number;
	readonly value: bigint | number | Uint8Array | string;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** @internal The session's object in the client's shape. */
export function toTrackObject(o: ReceivedObject): TrackObject {
	return {
		group: o.groupId,
		subgroup: o.subgroupId,
		object: o.objectId,
		status: o.status,
		priority: o.publisherPriority,
		properties: o.properties,
		payload: o.payload,
		forwarding: o.forwarding,
		endOfGroup: o.endOfGroup === true,
	};
}

/** The payload decoded as UTF-8. */
export function text(o: { readonly payload: Uint8Array }): string {
	return decoder.decode(o.payload);
}

/** The payload parsed as JSON (UTF-8); throws a SyntaxError when it is not JSON. */
export function json<T = unknown>(o: { readonly payload: Uint8Array }): T {
	return JSON.parse(text(o)) as T;
}

/** The value of the first property of `type`, if the object has one. */
export function property(
	o: { readonly properties: readonly KeyValuePair[] },
	type: bigint | number,
): bigint | Uint8Array | undefined {
	const wanted = BigInt(type);
	return o.properties.find((p) => p.type === wanted)?.value;
}

/** @internal A payload as bytes. */
export function toPayload(payload: PayloadLike | undefined): Uint8Array {
	if (payload === undefined) return new Uint8Array(0);
	return typeof payload === "string" ? encoder.encode(payload) : payload;
}

/** @internal Properties in the wire's shape. */
export function toProperties(properties: readonly (PropertyLike | KeyValuePair)[] | undefined): KeyValuePair[] {
	if (properties === undefined) return [];
	return properties.map(({ type, value }) =>
		typeof value === "number" || typeof value === "bigint"
			? { type: BigInt(type), value: BigInt(value) }
			: { type: BigInt(type), value: typeof value === "string" ? encoder.encode(value) : value },
	);
}
