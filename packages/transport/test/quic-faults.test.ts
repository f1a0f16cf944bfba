/**
 * Bad input and misbehaving peers against the raw QUIC server, on loopback: garbage datagrams
 * (random, Initial-shaped, replayed and corrupted packets of a live connection), a client that
 * opens more streams than allowed and sends more than the server reads, a client that vanishes,
 * and a peer that never reads. Each time the server keeps serving everyone else, and nothing
 * escapes as an unhandled rejection or exception.
 */

import { randomBytes } from "node:crypto";
import { createSocket, type Socket } from "node:dgram";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { StreamError } from "../src/errors.js";
import { connectQuic, type QuicServer } from "../src/quic/index.js";
import type { TransportSession } from "../src/types.js";
import { ALPN, connectPair, readAll, startServer } from "./quic-fixtures.js";
import { UdpRelay } from "./quic-relay.js";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** One echo round trip on a new bidirectional stream: proves the session still works. */
async function echo(client: TransportSession, server: TransportSession, text: string): Promise<string> {
	const stream = await client.openBidi();
	await stream.writable.write(encoder.encode(text));
	await stream.writable.finish();
	const incoming = server.incomingBidi[Symbol.asyncIterator]();
	const remote = (await incoming.next()).value;
	if (!remote) throw new Error("no stream");
	await remote.writable.write(await readAll(remote.readable));
	await remote.writable.finish();
	return decoder.decode(await readAll(stream.readable));
}

/** A datagram round trip between two sessions: a few packets each way, to let frames in flight land. */
async function ping(from: TransportSession, to: TransportSession): Promise<void> {
	const incoming = to.datagrams.incoming[Symbol.asyncIterator]();
	for (;;) {
		from.datagrams.send(Uint8Array.of(1));
		const arrived = await Promise.race([incoming.next(), new Promise((resolve) => setTimeout(resolve, 50))]);
		if (arrived) return;
	}
}

/** Resolves when `read()` of `progress` stops changing across several round trips. */
async function stalled(progress: () => number, from: TransportSession, to: TransportSession): Promise<number> {
	let last = -1;
	for (let still = 0; still < 5; ) {
		await ping(from, to);
		await ping(to, from);
		still = progress() === last ? still + 1 : 0;
		last = progress();
	}
	return last;
}

describe("raw QUIC server under faults", () => {
	const escaped: unknown[] = [];
	const onEscape = (error: unknown) => escaped.push(error);
	beforeAll(() => {
		process.on("unhandledRejection", onEscape);
		process.on("uncaughtException", onEscape);
	});
	afterAll(() => {
		process.off("unhandledRejection", onEscape);
		process.off("uncaughtException", onEscape);
		expect(escaped).toEqual([]);
	});

	const cleanups: (() => Promise<void> | void)[] = [];
	afterEach(async () => {
		for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
	});
	async function server(options: Parameters<typeof startServer>[0] = {}): Promise<QuicServer> {
		const started = await startServer(options);
		cleanups.push(() => started.close());
		return started;
	}
	async function rawSocket(): Promise<Socket> {
		const socket = createSocket("udp4");
		await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
		cleanups.push(() => new Promise<void>((resolve) => socket.close(() => resolve())));
		return socket;
	}

	it("drops garbage datagrams and corrupted packets, answers unknown IDs with resets, and keeps serving", async () => {
		const s = await server();
		const relay = await UdpRelay.start({ host: "127.0.0.1", port: s.address.port });
		cleanups.push(() => relay.close());
		const captured: Buffer[] = [];
		relay.onClientPacket = (packet) => {
			if (((packet[0] ?? 0) & 0x80) === 0 && captured.length < 50) captured.push(packet);
		};
		const requests = s.requests[Symbol.asyncIterator]();
		const client = await connectQuic({ host: "127.0.0.1", port: relay.port }, { alpn: [ALPN], insecure: true });
		cleanups.push(() => client.close());
		const request = await requests.next();
		if (request.done) throw new Error("no request");
		const session = await request.value.accept();
		expect(await echo(client, session, "before")).toBe("before");
		expect(captured.length).toBeGreaterThan(0);

		const attacker = await rawSocket();
		const replies: Buffer[] = [];
		attacker.on("message", (reply) => replies.push(reply));
		const send = (datagram: Uint8Array) => attacker.send(datagram, s.address.port, "127.0.0.1");
		send(new Uint8Array(0));
		for (let i = 0; i < 200; i++) send(randomBytes(1 + ((i * 97) % 1400)));
		for (let i = 0; i < 50; i++) {
			// Initial-shaped: long header, version 1, an 8..20-byte DCID, then noise, at full size.
			const initial = randomBytes(1200);
			initial[0] = 0xc0 | ((initial[0] ?? 0) & 0x0f);
			initial.writeUInt32BE(1, 1);
			initial[5] = 8 + (i % 13);
			send(initial);
			// Unknown versions too small for Version Negotiation, and other long header types.
			const other = randomBytes(100);
			other[0] = 0x80 | (other[0] ?? 0);
			send(other);
		}
		for (const packet of captured) {
			send(packet); // a replay from a stranger's address
			const corrupted = Buffer.from(packet);
			corrupted[corrupted.length - 1] = (corrupted[corrupted.length - 1] ?? 0) ^ 0xff;
			send(corrupted);
			send(packet.subarray(0, 20));
		}
		// Short header packets of unknown connections get a Stateless Reset; wait for one.
		while (!replies.some((reply) => reply.length <= 43 && ((reply[0] ?? 0) & 0xc0) === 0x40))
			await ping(client, session);

		expect(await echo(client, session, "after")).toBe("after");
		expect(s.connectionCount).toBe(1);
		const { client: second, server: secondSession } = await connectPair(s);
		cleanups.push(() => second.close());
		expect(await echo(second, secondSession, "newcomer")).toBe("newcomer");
	});

	it("holds a client to its stream limit and read budget while serving others", async () => {
		const window = 256 * 1024;
		const s = await server({
			maxIncomingBidiStreams: 8,
			streamWindow: 64 * 1024,
			connectionWindow: window,
			maxStreamWindow: 64 * 1024,
			maxConnectionWindow: window,
			streamReadBuffer: 64 * 1024,
			connectionReadBuffer: window,
		});
		const writeBuffer = 64 * 1024;
		const { client, server: session } = await connectPair(s, { streamWriteBuffer: writeBuffer });
		cleanups.push(() => client.close());

		// 40 streams wanted at once; the server takes none of them for now.
		let opened = 0;
		let written = 0;
		const chunk = new Uint8Array(16 * 1024);
		const greedy = Array.from({ length: 40 }, async () => {
			const stream = await client.openBidi();
			opened++;
			for (let i = 0; i < 32; i++) {
				await stream.writable.write(chunk);
				written += chunk.length;
			}
			await stream.writable.finish();
			return readAll(stream.readable);
		});
		await stalled(() => opened * 1e9 + written, client, session);
		expect(opened).toBe(8);
		// Flow control plus the server's read-ahead, plus what the client itself may buffer.
		expect(written).toBeLessThanOrEqual(2 * window + 8 * (writeBuffer + chunk.length));

		const { client: other, server: otherSession } = await connectPair(s);
		cleanups.push(() => other.close());
		expect(await echo(other, otherSession, "still here")).toBe("still here");

		// Now serve them: every stream completes as credit returns.
		const serving = (async () => {
			for await (const stream of session.incomingBidi) {
				void (async () => {
					const data = await readAll(stream.readable);
					await stream.writable.write(encoder.encode(String(data.length)));
					await stream.writable.finish();
				})();
			}
		})();
		const replies = await Promise.all(greedy);
		expect(replies.map((reply) => decoder.decode(reply))).toEqual(Array(40).fill(String(32 * chunk.length)));
		session.close();
		await serving;
	});

	it("ends the session of a client that vanishes, by idle timeout, and keeps serving", async () => {
		const s = await server({ idleTimeout: 400 });
		const relay = await UdpRelay.start({ host: "127.0.0.1", port: s.address.port });
		cleanups.push(() => relay.close());
		const requests = s.requests[Symbol.asyncIterator]();
		const client = await connectQuic({ host: "127.0.0.1", port: relay.port }, { alpn: [ALPN], insecure: true });
		cleanups.push(() => client.close());
		const request = await requests.next();
		if (request.done) throw new Error("no request");
		const session = await request.value.accept();
		const stream = await session.openUni();
		await stream.write(encoder.encode("are you there?"));
		relay.mode = "drop";
		expect(await session.closed).toMatchObject({ remote: true, transportError: "idle-timeout" });
		await expect(stream.write(encoder.encode("hello?"))).rejects.toSatisfy(
			(error: unknown) => StreamError.isInstance(error) && error.kind === "session-closed",
		);
		const { client: other, server: otherSession } = await connectPair(s);
		cleanups.push(() => other.close());
		expect(await echo(other, otherSession, "next")).toBe("next");
	});

	it("stalls a writer whose peer never reads, and fails it when the peer leaves", async () => {
		const s = await server();
		const { client, server: session } = await connectPair(s);
		const stream = await session.openUni();
		let written = 0;
		const chunk = new Uint8Array(64 * 1024);
		const writing = (async () => {
			for (;;) {
				await stream.write(chunk);
				written += chunk.length;
			}
		})();
		const reached = await stalled(() => written, session, client);
		// The client's stream window and read-ahead (1 MiB each by default) and the server's own
		// write buffer (256 KiB); quiche grows the window only for a reader that keeps up.
		expect(reached).toBeLessThanOrEqual(4 * 1024 * 1024);
		expect(reached).toBeGreaterThan(0);

		const { client: other, server: otherSession } = await connectPair(s);
		cleanups.push(() => other.close());
		expect(await echo(other, otherSession, "unaffected")).toBe("unaffected");

		client.close({ code: 9, reason: "bored" });
		await expect(writing).rejects.toSatisfy(
			(error: unknown) => StreamError.isInstance(error) && error.kind === "session-closed",
		);
		expect(await session.closed).toMatchObject({ code: 9, reason: "bored", remote: true });
	});
});
