/**
 * The client side of the benchmarks: each function measures one figure against a server running
 * {@link serveSession}. Times are wall-clock over loopback, so they include both processes' CPU.
 *
 * @module
 */

import type { ReceiveStream, TransportSession } from "../src/types.js";
import type { BenchAdapter } from "./adapter.js";
import { collectGarbage } from "./gc.js";
import { decodeCount, Op } from "./protocol.js";

/** How much each benchmark moves. */
export interface Sizes {
	readonly bulkBytes: number;
	readonly smallWrites: number;
	readonly roundTrips: number;
	readonly datagrams: number;
	readonly handshakes: number;
}

const MiB = 1024 * 1024;

/** Full runs, for RESULTS.md. */
export const FULL: Sizes = {
	bulkBytes: 256 * MiB,
	smallWrites: 200_000,
	roundTrips: 10_000,
	datagrams: 100_000,
	handshakes: 30,
};
/** Smoke runs (`--quick`). */
export const QUICK: Sizes = {
	bulkBytes: 16 * MiB,
	smallWrites: 10_000,
	roundTrips: 500,
	datagrams: 5_000,
	handshakes: 5,
};

async function readAll(stream: ReceiveStream): Promise<Uint8Array> {
	const chunks: Uint8Array[] = [];
	for await (const chunk of stream) chunks.push(chunk);
	const all = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0));
	let offset = 0;
	for (const chunk of chunks) {
		all.set(chunk, offset);
		offset += chunk.byteLength;
	}
	return all;
}

/** Sends `bytes` bytes to a sink on one new stream in `chunkSize` writes; resolves when the server counted them. */
async function sink(session: TransportSession, bytes: number, chunkSize: number): Promise<void> {
	const stream = await session.openBidi();
	await stream.writable.write(Uint8Array.of(Op.SINK));
	// One buffer for every write: the interface lets the caller reuse it once write() resolves.
	const chunk = new Uint8Array(chunkSize).fill(0x5a);
	for (let sent = 0; sent < bytes; sent += chunkSize) {
		await stream.writable.write(sent + chunkSize <= bytes ? chunk : chunk.subarray(0, bytes - sent));
	}
	await stream.writable.finish();
	const counted = decodeCount(await readAll(stream.readable));
	if (counted !== bytes) throw new Error(`server counted ${counted} bytes of ${bytes}`);
}

/** Bulk throughput in MiB/s over `streams` concurrent streams. */
export async function bulk(session: TransportSession, bytes: number, streams: number): Promise<number> {
	const start = performance.now();
	await Promise.all(Array.from({ length: streams }, () => sink(session, Math.floor(bytes / streams), 64 * 1024)));
	return bytes / MiB / ((performance.now() - start) / 1000);
}

/** 100-byte writes per second on one stream, each write awaited. */
export async function smallWrites(session: TransportSession, count: number): Promise<number> {
	const start = performance.now();
	await sink(session, count * 100, 100);
	return count / ((performance.now() - start) / 1000);
}

/** 100-byte request/response round trips per second on one echo stream. */
export async function roundTrips(session: TransportSession, count: number): Promise<number> {
	const stream = await session.openBidi();
	await stream.writable.write(Uint8Array.of(Op.ECHO));
	const message = new Uint8Array(100).fill(1);
	const start = performance.now();
	for (let i = 0; i < count; i++) {
		await stream.writable.write(message);
		for (let received = 0; received < message.byteLength; ) {
			const chunk = await stream.readable.read();
			if (!chunk) throw new Error("echo stream ended early");
			received += chunk.byteLength;
		}
	}
	const rate = count / ((performance.now() - start) / 1000);
	await stream.writable.finish();
	await readAll(stream.readable);
	return rate;
}

/** Datagrams sent per second (retrying when the send queue is full), and the share the server got. */
export async function datagrams(
	session: TransportSession,
	count: number,
): Promise<{ readonly size: number; readonly perSecond: number; readonly delivered: number }> {
	const size = Math.min(session.datagrams.maxSize, 1000);
	const payload = new Uint8Array(size).fill(7);
	const start = performance.now();
	for (let sent = 0; sent < count; ) {
		if (session.datagrams.send(payload)) sent++;
		else await new Promise((resolve) => setImmediate(resolve));
	}
	const perSecond = count / ((performance.now() - start) / 1000);
	// Let the last datagrams land before asking (a benchmark may wait; tests may not).
	await new Promise((resolve) => setTimeout(resolve, 500));
	const stream = await session.openBidi();
	await stream.writable.write(Uint8Array.of(Op.DATAGRAMS));
	await stream.writable.finish();
	const received = decodeCount(await readAll(stream.readable));
	return { size, perSecond, delivered: received / count };
}

/** Median and 90th percentile of `count` sequential session setups, in milliseconds. */
export async function handshakes(
	adapter: BenchAdapter,
	info: unknown,
	count: number,
): Promise<{ readonly median: number; readonly p90: number }> {
	const times: number[] = [];
	for (let i = 0; i < count; i++) {
		const start = performance.now();
		const session = await adapter.connect(info);
		times.push(performance.now() - start);
		session.close();
		await session.closed;
	}
	times.sort((a, b) => a - b);
	return { median: times[Math.floor(count / 2)] ?? 0, p90: times[Math.floor(count * 0.9)] ?? 0 };
}

/** RSS growth per idle session in KiB, on both sides, with `count` sessions open. */
export async function idleMemory(
	adapter: BenchAdapter,
	info: unknown,
	count: number,
	serverRss: () => Promise<number>,
): Promise<{ readonly client: number; readonly server: number }> {
	collectGarbage();
	const clientBefore = process.memoryUsage().rss;
	const serverBefore = await serverRss();
	const sessions: TransportSession[] = [];
	// In batches, so that handshakes do not pile up beyond what a listener backlog takes.
	for (let opened = 0; opened < count; opened += 25) {
		const batch = Math.min(25, count - opened);
		sessions.push(...(await Promise.all(Array.from({ length: batch }, () => adapter.connect(info)))));
	}
	// Settle: let both sides finish setting the sessions up.
	await new Promise((resolve) => setTimeout(resolve, 1000));
	collectGarbage();
	const client = (process.memoryUsage().rss - clientBefore) / count / 1024;
	const server = ((await serverRss()) - serverBefore) / count / 1024;
	for (const session of sessions) session.close();
	await Promise.all(sessions.map((session) => session.closed));
	return { client, server };
}
