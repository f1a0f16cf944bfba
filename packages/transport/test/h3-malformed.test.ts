/**
 * Malformed HTTP/3 against the live server: a hand-rolled client on `connectQuic` (ALPN "h3")
 * sends bad frames (RFC 9114 §7.1, §7.2, §6.2.1), bad QPACK (RFC 9204 §2.2, §4.5), oversize
 * header sections (RFC 9114 §4.2.2) and WebTransport streams for sessions that do not exist
 * (draft-ietf-webtrans-http3 §"Unidirectional streams", §"Buffering Incoming Streams and
 * Datagrams", §"Session Termination"). Each must close the connection, or the stream, with the
 * RFC's error code, while a well-behaved client's session on the same server keeps working.
 */

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateCertificate } from "../src/cert/certificate.js";
import {
	clientSettings,
	connectH3,
	encodeFrame,
	encodeGoawayFrame,
	encodeHeadersFrame,
	encodeSettingsFrame,
	encodeUniStreamType,
	encodeVarint,
	encodeWebTransportUniHeader,
	FrameType,
	H3ErrorCode,
	listenH3,
	SettingId,
	StreamType,
} from "../src/h3/index.js";
import type { TransportServer, TransportSession } from "../src/types.js";
import {
	concat,
	connectHeaders,
	type RawH3,
	rawH3,
	readStatus,
	readUntilFailed,
	writeUntilStopped,
} from "./h3/raw-client.js";

const certificate = generateCertificate();
const encoder = new TextEncoder();
const decoder = new TextDecoder();

let server: TransportServer;
let good: TransportSession;
const served: TransportSession[] = [];

/** Echoes every bidirectional stream of a session. */
async function echo(session: TransportSession): Promise<void> {
	for await (const stream of session.incomingBidi) {
		void (async () => {
			for await (const chunk of stream.readable) await stream.writable.write(chunk);
			await stream.writable.finish();
		})().catch(() => {});
	}
}

async function roundTrip(session: TransportSession, text: string): Promise<string> {
	const stream = await session.openBidi();
	await stream.writable.write(encoder.encode(text));
	await stream.writable.finish();
	let reply = "";
	for await (const chunk of stream.readable) reply += decoder.decode(chunk);
	return reply;
}

/** The server still serves: the established session echoes, and a new client gets a session. */
async function expectStillServing(): Promise<void> {
	expect(await roundTrip(good, "still here")).toBe("still here");
	const fresh = await connectH3(`https://127.0.0.1:${server.address.port}/moq`, {
		certificateHashes: [certificate.sha256],
	});
	expect(await roundTrip(fresh, "newcomer")).toBe("newcomer");
	fresh.close();
}

/** The error `closed` rejects with (it must reject). */
async function failure(closed: Promise<void>): Promise<unknown> {
	return closed.then(
		() => new Error("the stream closed cleanly"),
		(error: unknown) => error,
	);
}

/** Connects a raw client, lets `misbehave` send its bytes, and returns how the server closed it. */
async function closedBy(misbehave: (raw: RawH3) => Promise<void>): Promise<{ code: number; remote: boolean }> {
	const raw = await rawH3(server.address.port, certificate.sha256);
	await misbehave(raw);
	const { code, remote } = await raw.quic.closed;
	return { code, remote };
}

beforeAll(async () => {
	server = await listenH3({ host: "127.0.0.1", cert: certificate.cert, key: certificate.key, paths: ["/moq"] });
	void (async () => {
		for await (const request of server.requests) {
			const session = await request.accept();
			served.push(session);
			void echo(session);
		}
	})();
	good = await connectH3(`https://127.0.0.1:${server.address.port}/moq`, { certificateHashes: [certificate.sha256] });
});

afterAll(async () => {
	good?.close();
	await server?.close();
});

describe("malformed HTTP/3 against listenH3", () => {
	it("a DATA frame on the control stream closes the connection with H3_FRAME_UNEXPECTED", async () => {
		const closed = await closedBy(async ({ control }) => {
			await control.write(encodeFrame(FrameType.DATA, Uint8Array.of(1)));
		});
		expect(closed).toEqual({ code: H3ErrorCode.H3_FRAME_UNEXPECTED, remote: true });
		await expectStillServing();
	});

	it("a control stream that does not start with SETTINGS closes with H3_MISSING_SETTINGS", async () => {
		const raw = await rawH3(server.address.port, certificate.sha256, encodeGoawayFrame(0n));
		expect(await raw.quic.closed).toMatchObject({ code: H3ErrorCode.H3_MISSING_SETTINGS, remote: true });
		await expectStillServing();
	});

	it("a second control stream closes the connection with H3_STREAM_CREATION_ERROR", async () => {
		const closed = await closedBy(async ({ quic }) => {
			const second = await quic.openUni();
			await second.write(concat(encodeUniStreamType(StreamType.CONTROL), encodeSettingsFrame(clientSettings())));
		});
		expect(closed).toEqual({ code: H3ErrorCode.H3_STREAM_CREATION_ERROR, remote: true });
		await expectStillServing();
	});

	it("a frame cut off by FIN closes the connection with H3_FRAME_ERROR", async () => {
		const closed = await closedBy(async ({ quic }) => {
			const request = await quic.openBidi();
			const frame = connectHeaders(server.address.port, "/moq");
			await request.writable.write(frame.subarray(0, frame.length - 3));
			await request.writable.finish();
		});
		expect(closed).toEqual({ code: H3ErrorCode.H3_FRAME_ERROR, remote: true });
		await expectStillServing();
	});

	it("a HEADERS frame over the frame size limit closes the connection with H3_EXCESSIVE_LOAD", async () => {
		const closed = await closedBy(async ({ quic }) => {
			const request = await quic.openBidi();
			// Only the frame header: the declared length alone is over the 64 KiB limit.
			await request.writable.write(concat(encodeVarint(FrameType.HEADERS), encodeVarint(1 << 20)));
		});
		expect(closed).toEqual({ code: H3ErrorCode.H3_EXCESSIVE_LOAD, remote: true });
		await expectStillServing();
	});

	it("a field section referencing the dynamic table closes with QPACK_DECOMPRESSION_FAILED", async () => {
		const closed = await closedBy(async ({ quic }) => {
			const request = await quic.openBidi();
			// Required Insert Count 1, Base 0, then an indexed field line: our table has capacity 0.
			await request.writable.write(encodeHeadersFrame(Uint8Array.of(0x01, 0x00, 0x80)));
		});
		expect(closed).toEqual({ code: H3ErrorCode.QPACK_DECOMPRESSION_FAILED, remote: true });
		await expectStillServing();
	});

	it("a static table index that does not exist closes with QPACK_DECOMPRESSION_FAILED", async () => {
		const closed = await closedBy(async ({ quic }) => {
			const request = await quic.openBidi();
			// Indexed field line, static, index 63 + 36 = 99: the table ends at 98 (RFC 9204 Appendix A).
			await request.writable.write(encodeHeadersFrame(Uint8Array.of(0x00, 0x00, 0xff, 0x24)));
		});
		expect(closed).toEqual({ code: H3ErrorCode.QPACK_DECOMPRESSION_FAILED, remote: true });
		await expectStillServing();
	});

	it("an oversize header section resets the request with H3_EXCESSIVE_LOAD; the connection lives on", async () => {
		const raw = await rawH3(server.address.port, certificate.sha256);
		const big = await raw.quic.openBidi();
		const filler = { name: "x-filler", value: "a".repeat(20_000) };
		await big.writable.write(connectHeaders(server.address.port, "/moq", [filler]));
		const reset = await readUntilFailed(big.readable);
		expect(reset).toMatchObject({ kind: "reset", errorCode: H3ErrorCode.H3_EXCESSIVE_LOAD });
		// The server stops reading it too. quiche forgets a stream once both halves are done, and
		// with it the STOP_SENDING code, so only the kind is certain here.
		expect(await writeUntilStopped(big.writable)).toMatchObject({ kind: "stop-sending" });
		// The same connection still gets a session.
		const accepted = served.length;
		const request = await raw.quic.openBidi();
		await request.writable.write(connectHeaders(server.address.port, "/moq"));
		expect(await readStatus(request.readable)).toBe("200");
		expect(served.length).toBe(accepted + 1);
		raw.quic.close();
		await expectStillServing();
	});

	it("a WebTransport stream whose session ID is not a request stream closes with H3_ID_ERROR", async () => {
		const closed = await closedBy(async ({ quic }) => {
			const uni = await quic.openUni();
			// 0x54, then session ID 2: a unidirectional stream ID, never a session.
			await uni.write(concat(encodeUniStreamType(StreamType.WEBTRANSPORT), encodeVarint(2)));
		});
		expect(closed).toEqual({ code: H3ErrorCode.H3_ID_ERROR, remote: true });
		await expectStillServing();
	});

	it("a WebTransport stream for a refused session is stopped with WT_SESSION_GONE", async () => {
		const raw = await rawH3(server.address.port, certificate.sha256);
		const request = await raw.quic.openBidi();
		await request.writable.write(connectHeaders(server.address.port, "/not-served"));
		expect(await readStatus(request.readable)).toBe("404");
		const uni = await raw.quic.openUni();
		await uni.write(encodeWebTransportUniHeader(request.id as bigint));
		// Nothing more is written: an idle stream keeps the STOP_SENDING code until it is seen.
		expect(await failure(uni.closed)).toMatchObject({ kind: "stop-sending", errorCode: H3ErrorCode.WT_SESSION_GONE });
		raw.quic.close();
		await expectStillServing();
	});

	it("WebTransport streams for a session that never comes are refused with WT_BUFFERED_STREAM_REJECTED", async () => {
		const raw = await rawH3(server.address.port, certificate.sha256);
		// Client bidirectional stream 400 is never opened: the server may only hold streams naming
		// it, within its limits (16 streams), and must refuse the 17th.
		const streams = await Promise.all(Array.from({ length: 17 }, () => raw.quic.openUni()));
		for (const stream of streams) await stream.write(encodeWebTransportUniHeader(400n));
		const first = await Promise.race(streams.map((stream) => failure(stream.closed)));
		expect(first).toMatchObject({ kind: "stop-sending", errorCode: H3ErrorCode.WT_BUFFERED_STREAM_REJECTED });
		raw.quic.close();
		await expectStillServing();
	});

	it("a CONNECT from a client without SETTINGS_H3_DATAGRAM is reset with H3_MESSAGE_ERROR", async () => {
		const settings = new Map(clientSettings());
		settings.delete(SettingId.H3_DATAGRAM);
		const raw = await rawH3(server.address.port, certificate.sha256, encodeSettingsFrame(settings));
		const request = await raw.quic.openBidi();
		await request.writable.write(connectHeaders(server.address.port, "/moq"));
		expect(await readUntilFailed(request.readable)).toMatchObject({
			kind: "reset",
			errorCode: H3ErrorCode.H3_MESSAGE_ERROR,
		});
		raw.quic.close();
		await expectStillServing();
	});
});
