/**
 * The shapes the data plane hands to the session driver and the application: objects as received,
 * the sink interface that takes them with backpressure, and objects as written by a publisher
 * (draft-ietf-moq-transport-14/-16 §10 and -18/-19 §11 "Data Streams and Datagrams").
 *
 * Backpressure contract of an {@link ObjectSink}: the router pushes only while `full` is false,
 * and while it is true it stops reading the streams that feed the sink (QUIC flow control then
 * holds the peer back) and waits on `ready()`. A sink therefore holds at most its own limit plus
 * one object.
 *
 * @module
 */

import type { FetchEndOfRange, KeyValuePair, ObjectStatus } from "@moqt/wire";

/** How an object reached us. */
export type Forwarding = "subgroup" | "datagram" | "fetch";

/** An object as delivered to the application, whatever carried it. */
export interface ReceivedObject {
	readonly groupId: bigint;
	/** The Subgroup ID; undefined for objects with the Datagram forwarding preference. */
	readonly subgroupId: bigint | undefined;
	readonly objectId: bigint;
	/** Object Status (Normal for objects with a payload). */
	readonly status: ObjectStatus;
	/**
	 * The Publisher Priority: the header's, or when the header inherits it (DEFAULT_PRIORITY,
	 * -16+) the sink's {@link ObjectSink.defaultPublisherPriority}; undefined if neither says.
	 */
	readonly publisherPriority: number | undefined;
	/** Object extension headers (-14/-16) / properties (-18/-19) in wire order; empty when none. */
	readonly properties: readonly KeyValuePair[];
	/** The payload: a view into received memory, valid as long as the object is kept. */
	readonly payload: Uint8Array;
	readonly forwarding: Forwarding;
	/** Datagrams only: the END_OF_GROUP flag (no object of this group has a larger Object ID). */
	readonly endOfGroup?: boolean;
}

/** What a fetch sink receives: objects and End of Range markers (-16+), in stream order. */
export type FetchItemReceived = ReceivedObject | FetchEndOfRange;

/** How a sink's whole sequence ended: cleanly, or with an error. */
export interface SinkEnd {
	/** Absent for a clean end (a fetch stream's FIN). */
	readonly error?: Error;
}

/** How one subgroup stream that fed a sink ended. */
export interface SubgroupStreamEnd {
	readonly groupId: bigint;
	/** Undefined only when the stream carried no object and gave its Subgroup ID implicitly. */
	readonly subgroupId: bigint | undefined;
	/**
	 * "fin": every object of the subgroup from the subscription's start arrived (-19 §11.4.3);
	 * "reset": the publisher reset the stream (`code`); "stopped": we stopped reading it (the sink
	 * closed, the alias was cancelled, the router closed); "error": the stream was malformed or
	 * the session ended.
	 */
	readonly kind: "fin" | "reset" | "stopped" | "error";
	readonly code?: number;
	/** The header's END_OF_GROUP bit: with a FIN, the last object received is the group's last. */
	readonly endOfGroup: boolean;
	/** Objects delivered from this stream. */
	readonly objects: number;
}

/**
 * Where the router delivers objects: an application queue ({@link ObjectQueue}) or a driver's
 * adapter around one.
 */
export interface ObjectSink<T = ReceivedObject> {
	/**
	 * Takes an item. The router calls it only while {@link full} is false; the return value is
	 * false when the sink became full (or is closed).
	 */
	push(item: T): boolean;
	/** True while the sink wants no more items; the router then waits on {@link ready}. */
	readonly full: boolean;
	/** True once the sink takes nothing more (ended, or its consumer left): the router stops its streams. */
	readonly closed: boolean;
	/** Resolves once the sink has room or is closed (at once if it already has or is). */
	ready(): Promise<void>;
	/** No more items: called by the router when the fetch stream feeding the sink ends. */
	end(info?: SinkEnd): void;
	/** A subgroup stream that fed this sink ended (subscription sinks; for stream accounting). */
	streamEnded?(info: SubgroupStreamEnd): void;
	/** The priority objects inherit when their header carries none (DEFAULT_PRIORITY, -16+). */
	readonly defaultPublisherPriority?: number;
}

/** An object as a publisher writes it to a subgroup stream. */
export interface OutgoingObject {
	readonly objectId: bigint;
	/** Empty unless the status is Normal; default empty. */
	readonly payload?: Uint8Array;
	readonly properties?: readonly KeyValuePair[];
	/** Default Normal. */
	readonly status?: ObjectStatus;
	/**
	 * When the object's first byte was received from upstream or provided by the application
	 * (clock milliseconds): where the object delivery timeout starts. Default: now.
	 */
	readonly receivedAt?: number;
}

/** An object as a publisher sends it in a datagram. */
export interface OutgoingDatagram extends OutgoingObject {
	readonly groupId: bigint;
	/** Default: the track's default publisher priority (omitted on the wire from -16). */
	readonly publisherPriority?: number;
	/** END_OF_GROUP: no object of this group has a larger Object ID (Normal objects only). */
	readonly endOfGroup?: boolean;
}

/**
 * Delivery timeouts in milliseconds; 0 or absent means none. Draft-14 and -16 have one
 * DELIVERY_TIMEOUT, given as `object`; -18/-19 have OBJECT_DELIVERY_TIMEOUT (`object`) and
 * SUBGROUP_DELIVERY_TIMEOUT (`subgroup`).
 */
export interface DeliveryTimeouts {
	readonly object?: number;
	readonly subgroup?: number;
}
