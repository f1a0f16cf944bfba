/**
 * What the benchmark's processes agree on: the track, the object layout, the clock, and the IPC
 * messages between the orchestrator (run.ts), the publisher (publisher.ts) and the subscriber
 * hosts (subscribers.ts).
 *
 * Objects are numbered by one sequence: object `seq` is group `seq / GROUP_OBJECTS`, object
 * `seq % GROUP_OBJECTS`, so a subscriber can tell exactly which objects it missed from the IDs
 * alone. The send time travels as an object property, so latency needs no payload parsing.
 *
 * @module
 */

import type { HistogramData } from "./histogram.js";

const utf8 = new TextEncoder();

/** The benchmark track's namespace and name. */
export const NAMESPACE = [utf8.encode("bench")];
export const TRACK = utf8.encode("objects");
/** The draft every session speaks (the newest). */
export const DRAFT = 19;

/** Payload size: 1 KiB. */
export const OBJECT_SIZE = 1024;
/** Objects per group (one subgroup stream each): one group per second at 500 objects/s, like a GOP. */
export const GROUP_OBJECTS = 500;

/**
 * The object property carrying the send time in microseconds since the epoch: 0x78, in the range
 * draft-19 reserves for application use, even (a varint value).
 */
export const SENT_AT = 0x78n;

/**
 * Microseconds since the epoch, comparable between processes of one machine: every process's
 * `performance.timeOrigin` comes from the same system clock, `performance.now()` adds a
 * monotonic sub-millisecond offset.
 */
export function nowMicros(): number {
	return Math.round((performance.timeOrigin + performance.now()) * 1000);
}

/** The sequence number of the object at `group`/`object`. */
export function seqOf(group: bigint, object: bigint): number {
	return Number(group) * GROUP_OBJECTS + Number(object);
}

/** How a process reaches the server it subscribes from (the relay, or the publisher itself). */
export interface Endpoint {
	/** `moqt://127.0.0.1:PORT/bench` (raw QUIC) or `https://127.0.0.1:PORT/bench` (WebTransport over HTTP/3). */
	readonly url: string;
	/** SHA-256 of the server's self-signed certificate, hex. */
	readonly hash: string;
}

/** The objects measured: sequence numbers [start, end). */
export interface Window {
	readonly start: number;
	readonly end: number;
}

// Publisher.

/** Messages to the publisher. */
export type ToPublisher =
	/** Tell the parent when objects `window.start` and `window.end - 1` are sent. */
	| { readonly type: "window"; readonly window: Window }
	/** Report the sequence number of the next object. */
	| { readonly type: "seq" }
	| { readonly type: "close" };

/** Messages from the publisher. */
export type FromPublisher =
	/** Publishing (relay mode: the namespace is published; direct mode: listening at `endpoint`). */
	| { readonly type: "ready"; readonly endpoint?: Endpoint }
	| { readonly type: "seq"; readonly seq: number }
	/** Object `seq` was just written (the window's first or last), at `micros`. */
	| { readonly type: "sent"; readonly seq: number; readonly micros: number }
	| { readonly type: "error"; readonly message: string };

// Subscriber hosts.

/** Messages to a subscriber host. */
export type ToSubscribers =
	/** Connect `count` sessions (`concurrency` at a time), no subscription yet: answered by "connected". */
	| {
			readonly type: "connect";
			readonly endpoint: Endpoint;
			readonly count: number;
			readonly concurrency: number;
	  }
	/** Every session subscribes, all at once: answered by "subscribed". */
	| { readonly type: "subscribe" }
	/** Record these objects (sent before the window starts). */
	| { readonly type: "window"; readonly window: Window }
	/** The window was sent: answer "done" once every subscriber has its last object, or after `graceMs`. */
	| { readonly type: "collect"; readonly graceMs: number }
	| { readonly type: "close" };

/** What one host measured over the window. */
export interface HostReport {
	/** Objects of the window each subscriber received (distinct sequence numbers). */
	readonly received: readonly number[];
	/** Runs of consecutive missing objects, over all subscribers. */
	readonly gaps: number;
	/** Objects received twice, or with a wrong payload size. */
	readonly anomalies: number;
	/** Subscriptions that ended or failed during the run. */
	readonly failures: readonly string[];
	readonly latency: HistogramData;
}

/** Messages from a subscriber host. */
export type FromSubscribers =
	/** Every session is set up (QUIC handshake and MoQT setup), in `ms`. */
	| { readonly type: "connected"; readonly ms: number }
	/** Every session has its SUBSCRIBE_OK, `ms` after the SUBSCRIBEs went out. */
	| { readonly type: "subscribed"; readonly ms: number }
	| { readonly type: "done"; readonly report: HostReport }
	| { readonly type: "error"; readonly message: string };
