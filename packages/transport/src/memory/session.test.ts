import { afterEach, describe, expect, it, vi } from "vitest";
import { StreamError, TransportError } from "../errors.js";
import { createMemoryPair } from "./session.js";

/** Lets every queued microtask (zero-latency delivery) run. */
async function flush(): Promise<void> {
	for (let i = 0; i < 20; i++) await Promise.resolve();
}

function settled<T>(promise: Promise<T>): { readonly done: boolean } {
	const state = { done: false };
	promise.then(
		() => {
			state.done = true;
		},
		() => {
			state.done = true;
		},
	);
	return state;
}

describe("createMemoryPair", () => {
	afterEach(() => {
		vi.useRealTimers();
	});

	it("numbers streams as QUIC does (RFC 9000 §2.1)", async () => {
		const [client, server] = createMemoryPair();
		const ids = [
			(await client.openBidi()).id,
			(await client.openBidi()).id,
			(await server.openBidi()).id,
			(await server.openBidi()).id,
			(await client.openUni()).id,
			(await client.openUni()).id,
			(await server.openUni()).id,
			(await server.openUni()).id,
		];
		expect(ids).toEqual([0n, 4n, 1n, 5n, 2n, 6n, 3n, 7n]);
	});

	it("makes an opener wait for stream credit, granted when a stream closes", async () => {
		const [client, server] = createMemoryPair({ maxBidiStreams: 2 });
		const first = await client.openBidi();
		await client.openBidi();
		const third = client.openBidi();
		const state = settled(third);
		await flush();
		expect(state.done).toBe(false);
		// Closing both directions of the first stream returns its credit.
		await first.writable.finish();
		const remote = (await server.incomingBidi[Symbol.asyncIterator]().next()).value;
		expect(await remote?.readable.read()).toBeUndefined();
		await remote?.writable.finish();
		expect((await third).id).toBe(8n);
	});

	it("delivers after the configured latency, in order", async () => {
		vi.useFakeTimers();
		const [client, server] = createMemoryPair({ latency: 50 });
		const send = await client.openUni();
		await send.write(Uint8Array.of(1));
		await send.write(Uint8Array.of(2));
		const incoming = server.incomingUni[Symbol.asyncIterator]().next();
		const state = settled(incoming);
		await vi.advanceTimersByTimeAsync(49);
		expect(state.done).toBe(false);
		await vi.advanceTimersByTimeAsync(1);
		const stream = (await incoming).value;
		expect(await stream?.read()).toEqual(Uint8Array.of(1));
		expect(await stream?.read()).toEqual(Uint8Array.of(2));
	});

	it("holds writes once more than streamBufferSize bytes are unread", async () => {
		const [client, server] = createMemoryPair({ streamBufferSize: 100 });
		const send = await client.openUni();
		await send.write(new Uint8Array(60));
		await send.write(new Uint8Array(40));
		const held = send.write(new Uint8Array(1));
		const state = settled(held);
		await flush();
		expect(state.done).toBe(false);
		const receive = (await server.incomingUni[Symbol.asyncIterator]().next()).value;
		expect((await receive?.read())?.byteLength).toBe(60);
		await flush();
		expect(state.done).toBe(true);
	});

	it("loses datagrams by a seeded PRNG: the same seed loses the same ones", async () => {
		const survivors = async (seed: number) => {
			const [client, server] = createMemoryPair({ datagramLoss: 0.3, seed });
			for (let i = 0; i < 1000; i++) expect(client.datagrams.send(Uint8Array.of(i & 0xff, i >> 8))).toBe(true);
			client.close();
			const received: number[] = [];
			for await (const datagram of server.datagrams.incoming) received.push(datagram[0]! | (datagram[1]! << 8));
			return received;
		};
		const first = await survivors(7);
		expect(await survivors(7)).toEqual(first);
		expect(await survivors(8)).not.toEqual(first);
		expect(first.length).toBeGreaterThan(600);
		expect(first.length).toBeLessThan(800);
	});

	it("delivers datagrams that arrived before a close", async () => {
		const [client, server] = createMemoryPair();
		for (let i = 0; i < 3; i++) client.datagrams.send(Uint8Array.of(i));
		client.close();
		const received: number[] = [];
		for await (const datagram of server.datagrams.incoming) received.push(datagram[0]!);
		expect(received).toEqual([0, 1, 2]);
	});

	it("refuses datagrams over maxDatagramSize", () => {
		const [client] = createMemoryPair({ maxDatagramSize: 10 });
		expect(client.datagrams.maxSize).toBe(10);
		expect(client.datagrams.send(new Uint8Array(11))).toBe(false);
		expect(client.datagrams.send(new Uint8Array(10))).toBe(true);
	});

	it("keeps the first three datagrams when nobody reads", async () => {
		const [client, server] = createMemoryPair({ datagramQueueSize: 3 });
		for (let i = 0; i < 5; i++) client.datagrams.send(Uint8Array.of(i));
		await flush();
		const incoming = server.datagrams.incoming[Symbol.asyncIterator]();
		const received = [];
		for (let i = 0; i < 3; i++) received.push((await incoming.next()).value?.[0]);
		expect(received).toEqual([0, 1, 2]);
		client.datagrams.send(Uint8Array.of(9));
		expect((await incoming.next()).value).toEqual(Uint8Array.of(9));
	});

	it("truncates close reasons to 1024 bytes of UTF-8", async () => {
		const [client, server] = createMemoryPair();
		client.close({ code: 3, reason: "é".repeat(600) });
		const closed = await server.closed;
		expect(closed.code).toBe(3);
		expect(closed.reason).toBe("é".repeat(512));
	});

	it("disconnect() ends both sides with a transport error and no close", async () => {
		const [client, server] = createMemoryPair();
		const stream = await client.openUni();
		client.disconnect("idle-timeout");
		const expected = { code: 0, reason: "", remote: true, transportError: "idle-timeout" };
		expect(await client.closed).toEqual(expected);
		expect(await server.closed).toEqual(expected);
		await expect(stream.write(Uint8Array.of(1))).rejects.toSatisfy(
			(error) => StreamError.isInstance(error) && error.kind === "session-closed",
		);
		expect(client.datagrams.send(Uint8Array.of(1))).toBe(false);
	});

	it("rejects opens waiting for credit when the session closes", async () => {
		const [client] = createMemoryPair({ maxUniStreams: 0 });
		const waiting = client.openUni();
		client.close();
		await expect(waiting).rejects.toSatisfy((error) => TransportError.isInstance(error) && error.code === "closed");
	});

	it("ignores a reset after the FIN was acknowledged", async () => {
		const [client, server] = createMemoryPair();
		const send = await client.openUni();
		await send.write(Uint8Array.of(5));
		await send.finish();
		await send.closed;
		send.reset(9);
		const receive = (await server.incomingUni[Symbol.asyncIterator]().next()).value;
		expect(await receive?.read()).toEqual(Uint8Array.of(5));
		expect(await receive?.read()).toBeUndefined();
	});

	it("sends STOP_SENDING with code 0 when a for-await over a stream is left early", async () => {
		const [client, server] = createMemoryPair();
		const send = await client.openUni();
		await send.write(Uint8Array.of(1));
		const receive = (await server.incomingUni[Symbol.asyncIterator]().next()).value;
		for await (const _chunk of receive ?? []) break;
		await expect(send.closed).rejects.toSatisfy(
			(error) => StreamError.isInstance(error) && error.kind === "stop-sending" && error.errorCode === 0,
		);
	});
});
