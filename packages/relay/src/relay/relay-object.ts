/**
 * What the relay passes from an upstream subscription to its downstream subscribers: one
 * {@link RelayObject} per object received, shared by every subscriber (the payload is the view
 * the session decoded, never copied), plus markers for the end of an upstream subgroup stream so
 * downstream streams end in step with it (draft-ietf-moq-transport-19 §9.4 "Subscriber
 * Interactions": "A relay MUST NOT reorder or drop objects received on a multi-object stream";
 * §11.4.3 "Closing Subgroup Streams"; -14 §8.3, §10.4.3).
 *
 * Markers travel through the same per-subscriber queue lane as the objects of their subgroup, so
 * a FIN goes out after the objects before it, and a dropped group takes its markers along.
 *
 * @module
 */

import type { ReceivedObject } from "@moqt/session";
import { type Draft, type ForwardingPreference, type KeyValuePair, ObjectStatus } from "@moqt/wire";
import type { QueueableObject } from "../subscriber-queue.js";

/**
 * - "object": an object of a subgroup stream;
 * - "datagram": an object that came in a datagram;
 * - "fin": the upstream subgroup stream ended with FIN (end the downstream stream);
 * - "reset": it was reset (`resetCode`, in `draft`'s table): reset the downstream stream.
 */
export type RelayObjectKind = "object" | "datagram" | "fin" | "reset";

/** An object (or subgroup marker) on its way to downstream subscribers. */
export interface RelayObject extends QueueableObject {
	readonly kind: RelayObjectKind;
	readonly groupId: bigint;
	/** Undefined for datagrams. */
	readonly subgroupId: bigint | undefined;
	readonly objectId: bigint;
	/** Resolved: the header's, else the track's default, else 128. */
	readonly publisherPriority: number;
	readonly forwardingPreference: ForwardingPreference;
	readonly status: ObjectStatus;
	/** In the encoding of `draft`; empty when none. */
	readonly properties: readonly KeyValuePair[];
	readonly payload: Uint8Array;
	/** When it reached the relay (ms, the relay's clock): delivery timeouts count from here. */
	readonly receivedAt: number;
	/** The draft of the upstream session it came from. */
	readonly draft: Draft;
	/** The track's object sequence number of the first object of its upstream subgroup stream. */
	readonly subgroupStart: number;
	/** Datagrams: the END_OF_GROUP flag. "fin": the stream's header said End of Group. */
	readonly endOfGroup: boolean;
	/** "reset": the upstream reset code (in `draft`'s table). */
	readonly resetCode: number;
}

/** Markers carry no payload; one shared empty view. */
const EMPTY_PAYLOAD = new Uint8Array(0);

/** The default Publisher Priority (draft-19 §12.4: "If omitted ... 128"). */
const DEFAULT_PRIORITY = 128;

/** A received object as the relay forwards it. */
export function relayObject(
	o: ReceivedObject,
	draft: Draft,
	receivedAt: number,
	subgroupStart: number,
	defaultPriority: number | undefined,
): RelayObject {
	return {
		kind: o.forwarding === "datagram" ? "datagram" : "object",
		groupId: o.groupId,
		subgroupId: o.forwarding === "datagram" ? undefined : o.subgroupId,
		objectId: o.objectId,
		publisherPriority: o.publisherPriority ?? defaultPriority ?? DEFAULT_PRIORITY,
		forwardingPreference: o.forwarding === "datagram" ? "datagram" : "subgroup",
		status: o.status,
		properties: o.properties,
		payload: o.payload,
		receivedAt,
		draft,
		subgroupStart,
		endOfGroup: o.endOfGroup === true,
		resetCode: 0,
	};
}

/** A marker that the upstream stream of a subgroup ended. */
export function subgroupMarker(
	kind: "fin" | "reset",
	at: {
		readonly groupId: bigint;
		readonly subgroupId: bigint;
		readonly lastObjectId: bigint;
		readonly publisherPriority: number;
		/** The track sequence number of the subgroup's first object. */
		readonly start: number;
	},
	draft: Draft,
	receivedAt: number,
	endOfGroup: boolean,
	resetCode: number,
): RelayObject {
	return {
		kind,
		groupId: at.groupId,
		subgroupId: at.subgroupId,
		objectId: at.lastObjectId,
		publisherPriority: at.publisherPriority,
		forwardingPreference: "subgroup",
		status: ObjectStatus.NORMAL,
		properties: [],
		payload: EMPTY_PAYLOAD,
		receivedAt,
		draft,
		subgroupStart: at.start,
		endOfGroup,
		resetCode,
	};
}
