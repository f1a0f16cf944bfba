/**
 * The publisher process of the client benchmark (forked by run.ts with a transport name): it
 * listens, reports how to reach it over IPC, and serves every session until told to close:
 *
 * - MoQT sessions ({@link MOQT}): a SUBSCRIBE for `bulk/<count>` or `paced/<count>/<rate>` is
 *   accepted and answered with that many 4 KiB objects on one subgroup stream (group 0,
 *   subgroup 0), paced ones carrying their send time ({@link SENT_AT}); then PUBLISH_DONE.
 * - Bare sessions ({@link RAW}): each bidirectional stream starts with a command
 *   ({@link decodeCommand}) and is answered with that many 4 KiB records on the same stream,
 *   paced ones starting with their send time; then FIN.
 *
 * @module
 */

import { establishSession, type IncomingSubscribe } from "@moqt/session";
import type { BidiStream, TransportSession } from "@moqt/transport/interface";
import { collectGarbage } from "./gc.js";
import {
	type ControlMessage,
	decodeCommand,
	nowMicros,
	OBJECT_SIZE,
	type PublisherMessage,
	type RunSpec,
	SENT_AT,
	specOfTrackName,
} from "./protocol.js";
import { MOQT, transportNamed } from "./transports.js";

const send = (message: PublisherMessage) => process.send?.(message);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Calls `emit(i)` for i = 0 … count-1, all at once or `rate` per second (catching up after a late timer). */
async function pace(spec: RunSpec, emit: (i: number) => Promise<void>): Promise<void> {
	const start = performance.now();
	for (let i = 0; i < spec.count; ) {
		const due =
			spec.mode === "bulk"
				? spec.count
				: Math.min(spec.count, Math.floor(((performance.now() - start) * spec.rate) / 1000) + 1);
		for (; i < due; i++) await emit(i);
		if (i < spec.count) await sleep(start + (i * 1000) / spec.rate - performance.now());
	}
}

async function serveSubscribe(request: IncomingSubscribe): Promise<void> {
	const spec = specOfTrackName(new TextDecoder().decode(request.message.trackName));
	if (spec === undefined) {
		request.reject(0x10, "unknown run");
		return;
	}
	const track = request.accept();
	const subgroup = track.openSubgroup({ groupId: 0n, subgroupId: 0n });
	const payload = new Uint8Array(OBJECT_SIZE).fill(0x5a);
	await pace(spec, (i) =>
		subgroup.writeObject({
			objectId: BigInt(i),
			payload,
			...(spec.mode === "paced" && { properties: [{ type: SENT_AT, value: BigInt(nowMicros()) }] }),
		}),
	);
	await subgroup.end();
	track.close();
}

async function serveRawStream(stream: BidiStream): Promise<void> {
	let head = new Uint8Array(0);
	while (head.byteLength < 9) {
		const chunk = await stream.readable.read();
		if (chunk === undefined) return;
		head = Buffer.concat([head, chunk]);
	}
	const spec = decodeCommand(head.subarray(0, 9));
	await pace(spec, async () => {
		// A fresh record per write: the same allocation a MoQT object costs its sender.
		const record = new Uint8Array(OBJECT_SIZE).fill(0x5a);
		if (spec.mode === "paced") new DataView(record.buffer).setBigUint64(0, BigInt(nowMicros()));
		await stream.writable.write(record);
	});
	await stream.writable.finish();
}

async function serve(session: TransportSession): Promise<void> {
	if (session.protocol === MOQT) {
		const moqt = await establishSession(session, { role: "server" });
		moqt.handlers.onSubscribe = (request) => serveSubscribe(request);
		await moqt.closed;
		return;
	}
	for await (const stream of session.incomingBidi) void serveRawStream(stream).catch(() => stream.writable.reset(1));
}

const name = process.argv[2];
if (name === undefined || !process.send) throw new Error("usage: forked by bench/run.ts with a transport name");
try {
	const { server, info } = await transportNamed(name).listen();
	process.on("message", (message: ControlMessage) => {
		if (message.type === "close") void server.close().finally(() => process.disconnect());
		else if (message.type === "cpu") {
			const { user, system } = process.cpuUsage();
			send({ type: "cpu", micros: user + system });
		} else if (message.type === "gc") {
			collectGarbage();
			send({ type: "collected" });
		}
	});
	// The subscriber process is gone (it ended, or crashed without closing us): so are we.
	process.on("disconnect", () => process.exit(0));
	send({ type: "ready", info });
	for await (const request of server.requests) {
		void request
			.accept()
			.then(serve)
			.catch(() => {});
	}
} catch (error) {
	send({ type: "error", message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
	process.disconnect();
}
