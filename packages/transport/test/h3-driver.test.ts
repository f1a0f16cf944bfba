/**
 * The HTTP/3 driver's own behaviour, with hand-rolled peers: WebTransport error codes as the
 * application sees them (draft-ietf-webtrans-http3 §"Resetting Data Streams", §"Session
 * Termination"), streams and datagrams that reach the server before their session is accepted
 * (§"Buffering Incoming Streams and Datagrams"), and a client facing a server that breaks the
 * rules (§"Application Protocol Negotiation"; RFC 9114 §8.1 connection errors).
 */

import { afterEach, describe, expect, it } from "vitest";
import { generateCertificate } from "../src/cert/certificate.js";
import { StreamError, TransportError } from "../src/errors.js";
import {
	connectH3,
	encodeDatagram,
	encodeUniStreamType,
	encodeVarint,
	encodeWebTransportUniHeader,
	H3ErrorCode,
	listenH3,
	streamErrorFromQuic,
	webTransportCodeToHttp,
} from "../src/h3/index.js";
import type { QuicServer } from "../src/quic/index.js";
import type { TransportServer } from "../src/types.js";
import { concat, connectHeaders, rawH3, readUntilFailed } from "./h3/raw-client.js";
import { nextPeer, rawH3Server, responseHeaders } from "./h3/raw-server.js";

const certificate = generateCertificate();
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("WebTransport error codes as the application sees them", () => {
	it("maps HTTP/3 codes of the application range back to 32-bit codes", () => {
		for (const code of [0, 1, 0x1d, 0x1e, 0x1f, 1000, 0xffffffff]) {
			const error = streamErrorFromQuic(new StreamError("reset", webTransportCodeToHttp(code)));
			expect(error).toMatchObject({ kind: "reset", errorCode: code });
		}
		expect(streamErrorFromQuic(new StreamError("stop-sending", webTransportCodeToHttp(42)))).toMatchObject({
			kind: "stop-sending",
			errorCode: 42,
		});
	});

	it("reports codes outside the application range without a code, and WT_SESSION_GONE as the session's end", () => {
		expect(streamErrorFromQuic(new StreamError("reset", H3ErrorCode.H3_NO_ERROR))).toMatchObject({
			kind: "reset",
			errorCode: undefined,
		});
		expect(streamErrorFromQuic(new StreamError("stop-sending", H3ErrorCode.WT_SESSION_GONE))).toMatchObject({
			kind: "session-closed",
		});
		expect(streamErrorFromQuic(new StreamError("reset", undefined))).toMatchObject({
			kind: "reset",
			errorCode: undefined,
		});
		const other = new Error("unrelated");
		expect(streamErrorFromQuic(other)).toBe(other);
		const local = new StreamError("local", 7);
		expect(streamErrorFromQuic(local)).toBe(local);
	});
});

describe("the server holds what arrives before a session is accepted", () => {
	it("delivers a stream and a datagram that came before the CONNECT, after accept()", async () => {
		const server = await listenH3({ host: "127.0.0.1", cert: certificate.cert, key: certificate.key });
		cleanups.push(() => server.close());
		const raw = await rawH3(server.address.port, certificate.sha256);
		cleanups.push(() => raw.quic.close());
		// Session 0 does not exist yet: stream and datagram can only be held.
		const early = await raw.quic.openUni();
		await early.write(concat(encodeWebTransportUniHeader(0n), encoder.encode("early data")));
		await early.finish();
		expect(raw.quic.datagrams.send(encodeDatagram(0n, encoder.encode("early datagram")))).toBe(true);
		await processed(raw.quic);
		const connect = await raw.quic.openBidi();
		expect(connect.id).toBe(0n);
		await connect.writable.write(connectHeaders(server.address.port, "/moq"));

		const session = await (await nextRequest(server)).accept();
		const { value: stream } = await session.incomingUni[Symbol.asyncIterator]().next();
		if (!stream) throw new Error("the held stream was not delivered");
		let text = "";
		for await (const chunk of stream) text += decoder.decode(chunk);
		expect(text).toBe("early data");
		const { value: datagram } = await session.datagrams.incoming[Symbol.asyncIterator]().next();
		expect(datagram && decoder.decode(datagram)).toBe("early datagram");
	});
});

describe("connectH3 against a server that breaks the rules", () => {
	async function start(): Promise<QuicServer> {
		const server = await rawH3Server(certificate);
		cleanups.push(() => server.close());
		return server;
	}

	it("refuses a WT-Protocol it did not offer, resetting the CONNECT stream with WT_ALPN_ERROR", async () => {
		const server = await start();
		const connecting = connectH3(`https://127.0.0.1:${server.address.port}/moq`, {
			certificateHashes: [certificate.sha256],
			protocols: ["moqt-19"],
		});
		const peer = await nextPeer(server);
		await peer.connect.writable.write(
			responseHeaders([
				{ name: ":status", value: "200" },
				{ name: "wt-protocol", value: '"moqt-99"' },
			]),
		);
		const refused = await connecting.then(
			() => undefined,
			(error: unknown) => error,
		);
		expect(TransportError.isInstance(refused) && refused.message).toMatch(/moqt-99/);
		expect(await readUntilFailed(peer.connect.readable)).toMatchObject({
			kind: "reset",
			errorCode: H3ErrorCode.WT_ALPN_ERROR,
		});
	});

	it("closes the connection with H3_ID_ERROR when a stream names a session it never opened", async () => {
		const server = await start();
		const connecting = connectH3(`https://127.0.0.1:${server.address.port}/moq`, {
			certificateHashes: [certificate.sha256],
		});
		const peer = await nextPeer(server);
		await peer.connect.writable.write(responseHeaders([{ name: ":status", value: "200" }]));
		const session = await connecting;
		const stray = await peer.quic.openUni();
		await stray.write(encodeWebTransportUniHeader(4n));
		expect(await session.closed).toMatchObject({
			code: H3ErrorCode.H3_ID_ERROR,
			remote: false,
			transportError: "transport-error",
		});
		expect(await peer.quic.closed).toMatchObject({ code: H3ErrorCode.H3_ID_ERROR, remote: true });
	});

	it("ends the session, not cleanly, when the server resets the CONNECT stream", async () => {
		const server = await start();
		const connecting = connectH3(`https://127.0.0.1:${server.address.port}/moq`, {
			certificateHashes: [certificate.sha256],
		});
		const peer = await nextPeer(server);
		await peer.connect.writable.write(responseHeaders([{ name: ":status", value: "200" }]));
		const session = await connecting;
		const reading = session.incomingUni[Symbol.asyncIterator]().next();
		peer.connect.writable.reset(H3ErrorCode.H3_REQUEST_CANCELLED);
		expect(await session.closed).toMatchObject({ code: 0, remote: true, transportError: "transport-error" });
		expect(await reading).toEqual({ done: true, value: undefined });
		await expect(session.openUni()).rejects.toMatchObject({ code: "closed" });
	});
});

async function nextRequest(server: TransportServer) {
	const { value, done } = await server.requests[Symbol.asyncIterator]().next();
	if (done) throw new Error("the server closed");
	return value;
}

/**
 * Waits until the server has processed everything this client sent so far: a stream of an
 * unknown type, sent last, is answered with STOP_SENDING (RFC 9114 §6.2), and the server reads
 * all of a turn's packets before it sends anything.
 */
async function processed(quic: Awaited<ReturnType<typeof rawH3>>["quic"]): Promise<void> {
	const probe = await quic.openUni();
	// 0x21 is a reserved stream type (0x1f * N + 0x21).
	await probe.write(concat(encodeUniStreamType(0x21), encodeVarint(0)));
	const stopped = await probe.closed.then(
		() => undefined,
		(error: unknown) => error,
	);
	expect(stopped).toMatchObject({ kind: "stop-sending", errorCode: H3ErrorCode.H3_STREAM_CREATION_ERROR });
}
