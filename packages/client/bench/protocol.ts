/**
 * What the two benchmark processes agree on: the runs the subscriber asks for, how it asks over
 * MoQT (the track name) and over a bare stream (a 9-byte command), the timestamp the paced runs
 * carry, and the IPC messages of the publisher process.
 *
 * @module
 */

import type { ServerInfo } from "./transports.js";

/** Object payload size: 4 KiB. */
export const OBJECT_SIZE = 4096;

/** What the publisher sends. */
export interface RunSpec {
	/** "bulk": as fast as backpressure allows; "paced": `rate` objects per second. */
	readonly mode: "bulk" | "paced";
	/** Objects (or, bare, 4 KiB records) to send. */
	readonly count: number;
	/** Objects per second ("paced" only). */
	readonly rate: number;
}

/** The track a MoQT subscriber asks for to start a run: `bulk/<count>` or `paced/<count>/<rate>`. */
export function trackNameOf(spec: RunSpec): string {
	return spec.mode === "bulk" ? `bulk/${spec.count}` : `paced/${spec.count}/${spec.rate}`;
}

/** The run a track name asks for, or undefined. */
export function specOfTrackName(name: string): RunSpec | undefined {
	const [mode, count, rate] = name.split("/");
	if (mode === "bulk" && count !== undefined) return { mode, count: Number(count), rate: 0 };
	if (mode === "paced" && count !== undefined && rate !== undefined) {
		return { mode, count: Number(count), rate: Number(rate) };
	}
	return undefined;
}

/** The command a bare-stream subscriber writes first on its bidirectional stream. */
export function encodeCommand(spec: RunSpec): Uint8Array {
	const bytes = new Uint8Array(9);
	const view = new DataView(bytes.buffer);
	view.setUint8(0, spec.mode === "bulk" ? 1 : 2);
	view.setUint32(1, spec.count);
	view.setUint32(5, spec.rate);
	return bytes;
}

/** The run a bare-stream command asks for. */
export function decodeCommand(bytes: Uint8Array): RunSpec {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	return { mode: view.getUint8(0) === 1 ? "bulk" : "paced", count: view.getUint32(1), rate: view.getUint32(5) };
}

/**
 * The object property carrying the send time of a paced object, in microseconds since the epoch:
 * 0x78, in the range draft-19 §15.7 (IANA "Properties") reserves for application-specific use,
 * even (a varint value). Bare records carry the same time in their first 8 bytes.
 */
export const SENT_AT = 0x78n;

/**
 * Microseconds since the epoch, comparable between processes on one machine: both processes'
 * `performance.timeOrigin` come from the system clock, `performance.now()` adds a monotonic
 * sub-millisecond offset.
 */
export function nowMicros(): number {
	return Math.round((performance.timeOrigin + performance.now()) * 1000);
}

/** Messages from the publisher process. */
export type PublisherMessage =
	| { readonly type: "ready"; readonly info: ServerInfo }
	| { readonly type: "cpu"; readonly micros: number }
	| { readonly type: "collected" }
	| { readonly type: "error"; readonly message: string };

/**
 * Messages to the publisher process: close; report the CPU time used so far (user + system, µs);
 * collect garbage (answered with "collected").
 */
export type ControlMessage = { readonly type: "close" } | { readonly type: "cpu" } | { readonly type: "gc" };
