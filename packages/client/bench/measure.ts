/**
 * The subscriber's measurements, over MoQT and over a bare stream, timed the same way: from the
 * request (SUBSCRIBE, or the stream's command) to the last byte received, so the MoQT overhead
 * shows as the ratio of the two throughputs. Paced runs record each object's latency: receive
 * time minus the send time it carries.
 *
 * @module
 */

import type { MoqtSession } from "@moqt/session";
import type { TransportSession } from "@moqt/transport/interface";
import { encodeCommand, nowMicros, OBJECT_SIZE, type RunSpec, SENT_AT, trackNameOf } from "./protocol.js";

/** What one run measured. */
export interface RunResult {
	readonly seconds: number;
	readonly objects: number;
	readonly bytes: number;
	/** Paced runs: one latency per object, in ms, in arrival order. */
	readonly latencies: readonly number[];
}

const NAMESPACE = [new TextEncoder().encode("bench")];

/** A run over MoQT: SUBSCRIBE to the run's track and read its objects. */
export async function moqtRun(session: MoqtSession, spec: RunSpec): Promise<RunResult> {
	const latencies: number[] = [];
	let objects = 0;
	let bytes = 0;
	const start = performance.now();
	const subscription = await session.subscribe(NAMESPACE, new TextEncoder().encode(trackNameOf(spec)));
	for await (const object of subscription) {
		if (spec.mode === "paced") {
			const sentAt = object.properties.find((p) => p.type === SENT_AT)?.value;
			if (typeof sentAt !== "bigint") throw new Error("a paced object without its send time");
			latencies.push((nowMicros() - Number(sentAt)) / 1000);
		}
		if (object.objectId !== BigInt(objects)) throw new Error(`object ${object.objectId} where ${objects} was due`);
		objects++;
		bytes += object.payload.byteLength;
		if (objects === spec.count) break;
	}
	const seconds = (performance.now() - start) / 1000;
	if (objects !== spec.count) throw new Error(`${objects} of ${spec.count} objects arrived`);
	return { seconds, objects, bytes, latencies };
}

/** A run over a bare stream: the command on a new bidirectional stream, the records back on it. */
export async function rawRun(transport: TransportSession, spec: RunSpec): Promise<RunResult> {
	const latencies: number[] = [];
	let bytes = 0;
	// The bytes of the record being completed (paced runs read its first 8).
	let partial = 0;
	const head = new Uint8Array(8);
	const start = performance.now();
	const stream = await transport.openBidi();
	await stream.writable.write(encodeCommand(spec));
	await stream.writable.finish();
	for (let chunk = await stream.readable.read(); chunk !== undefined; chunk = await stream.readable.read()) {
		bytes += chunk.byteLength;
		if (spec.mode !== "paced") continue;
		for (let offset = 0; offset < chunk.byteLength; ) {
			const take = Math.min(OBJECT_SIZE - partial, chunk.byteLength - offset);
			if (partial < 8) head.set(chunk.subarray(offset, offset + Math.min(take, 8 - partial)), partial);
			partial += take;
			offset += take;
			if (partial === OBJECT_SIZE) {
				const sentAt = new DataView(head.buffer).getBigUint64(0);
				latencies.push((nowMicros() - Number(sentAt)) / 1000);
				partial = 0;
			}
		}
	}
	const seconds = (performance.now() - start) / 1000;
	if (bytes !== spec.count * OBJECT_SIZE) throw new Error(`${bytes} of ${spec.count * OBJECT_SIZE} bytes arrived`);
	return { seconds, objects: bytes / OBJECT_SIZE, bytes, latencies };
}
