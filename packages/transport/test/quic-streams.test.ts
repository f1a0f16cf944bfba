/**
 * Stream and session behaviour specific to the raw QUIC adapter (the shared conformance suite
 * covers the rest): sendOrder reaching quiche's scheduler, STOP_SENDING seen on a stream nobody
 * writes to, QUIC stream ID numbering (RFC 9000 §2.1), close code checks, datagrams turned off.
 */

import { afterEach, describe, expect, it } from "vitest";
import { StreamError } from "../src/errors.js";
import type { QuicServer } from "../src/quic/index.js";
import type { ReceiveStream, TransportSession } from "../src/types.js";
import { connectPair, readAll, startServer } from "./quic-fixtures.js";

describe("raw QUIC streams", () => {
	const cleanups: (() => Promise<void> | void)[] = [];
	afterEach(async () => {
		for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
	});
	async function pair(
		serverOptions: Parameters<typeof startServer>[0] = {},
	): Promise<{ client: TransportSession; server: TransportSession; listener: QuicServer }> {
		const listener = await startServer(serverOptions);
		cleanups.push(() => listener.close());
		const { client, server } = await connectPair(listener);
		cleanups.push(() => client.close());
		return { client, server, listener };
	}

	it("sends the stream with the higher sendOrder first", async () => {
		const { client, server } = await pair();
		const size = 512 * 1024;
		// Both writes land in quiche before the first packet leaves, so only priority decides.
		const low = await client.openUni({ sendOrder: -5 });
		const high = await client.openUni({ sendOrder: 100 });
		await low.write(new Uint8Array(size).fill(1));
		await high.write(new Uint8Array(size).fill(2));
		await low.finish();
		await high.finish();
		const finished: number[] = [];
		const incoming = server.incomingUni[Symbol.asyncIterator]();
		const readers: Promise<void>[] = [];
		for (let i = 0; i < 2; i++) {
			const stream = (await incoming.next()).value as ReceiveStream;
			readers.push(readAll(stream).then((data) => void finished.push(data[0] ?? 0)));
		}
		await Promise.all(readers);
		expect(finished).toEqual([2, 1]);
	});

	it("makes writes wait once the connection's streams together hold connectionWriteBuffer bytes", async () => {
		// The server grants little credit, so quiche soon takes nothing more and the bytes stay in
		// the client's stream buffers.
		const window = 64 * 1024;
		const listener = await startServer({
			connectionWindow: window,
			streamWindow: window,
			connectionReadBuffer: window,
			streamReadBuffer: window,
		});
		cleanups.push(() => listener.close());
		const { client, server } = await connectPair(listener, { connectionWriteBuffer: 2 * window });
		cleanups.push(() => client.close());
		const size = 100 * 1024;
		const streams = await Promise.all(Array.from({ length: 4 }, () => client.openUni()));
		const resolved = new Set<number>();
		const writes = streams.map((stream, i) =>
			stream.write(new Uint8Array(size).fill(i)).then(() => void resolved.add(i)),
		);
		await new Promise((resolve) => setTimeout(resolve, 200));
		// Each stream holds less than its own 256 KiB mark: only the connection's bound holds them.
		expect(resolved.size).toBeLessThan(streams.length);
		const finished = streams.map((stream) => stream.finish());
		const incoming = server.incomingUni[Symbol.asyncIterator]();
		// Read every stream at once: with so little credit, one unread stream would hold the others.
		const readers: Promise<number>[] = [];
		for (let i = 0; i < streams.length; i++) {
			const stream = (await incoming.next()).value as ReceiveStream;
			readers.push(readAll(stream).then((data) => data.byteLength));
		}
		const received = await Promise.all(readers);
		await Promise.all([...writes, ...finished]);
		expect(resolved.size).toBe(streams.length);
		expect(received).toEqual([size, size, size, size]);
	});

	it("numbers streams as RFC 9000 §2.1 says, on both sides", async () => {
		const { client, server } = await pair();
		expect((await client.openBidi()).id).toBe(0n);
		expect((await client.openBidi()).id).toBe(4n);
		expect((await client.openUni()).id).toBe(2n);
		expect((await server.openBidi()).id).toBe(1n);
		expect((await server.openUni()).id).toBe(3n);
		expect((await server.openUni()).id).toBe(7n);
	});

	it("fails an idle writer on STOP_SENDING without it writing again", async () => {
		const { client, server } = await pair();
		const local = await client.openBidi();
		await local.writable.write(Uint8Array.of(1));
		const remote = (await server.incomingBidi[Symbol.asyncIterator]().next()).value;
		if (!remote) throw new Error("no stream");
		await remote.readable.read();
		remote.readable.stopSending(77);
		const error = await local.writable.closed.then(
			() => undefined,
			(reason: unknown) => reason,
		);
		expect(StreamError.isInstance(error) && [error.kind, error.errorCode]).toEqual(["stop-sending", 77]);
		// The other direction is unaffected.
		await remote.writable.write(Uint8Array.of(2));
		await remote.writable.finish();
		expect(Array.from(await readAll(local.readable))).toEqual([2]);
	});

	it("refuses invalid close codes, and ends every stream at close", async () => {
		const { client, server } = await pair();
		expect(() => client.close({ code: -1 })).toThrow(RangeError);
		expect(() => client.close({ code: 2 ** 62 })).toThrow(RangeError);
		const stream = await client.openUni();
		await stream.write(Uint8Array.of(1));
		server.close({ code: 2 ** 40, reason: "big code" });
		expect(await client.closed).toEqual({ code: 2 ** 40, reason: "big code", remote: true });
		await expect(stream.write(Uint8Array.of(2))).rejects.toSatisfy(
			(error: unknown) => StreamError.isInstance(error) && error.kind === "session-closed",
		);
		expect(client.datagrams.maxSize).toBe(0);
		expect(client.datagrams.send(Uint8Array.of(1))).toBe(false);
	});

	it("offers no datagrams when one side turned them off", async () => {
		const { client, server } = await pair({ datagrams: false });
		expect(client.datagrams.maxSize).toBe(0);
		expect(client.datagrams.send(Uint8Array.of(1))).toBe(false);
		expect(server.datagrams.maxSize).toBeGreaterThan(1000);
		expect(server.datagrams.send(Uint8Array.of(1))).toBe(true);
	});
});
