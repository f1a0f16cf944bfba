import { describe, expect, it } from "vitest";
import { encodeCapsule } from "./capsules.js";
import { H3Connection } from "./connection.js";
import type { H3Action, H3ConnectionOptions } from "./connection-types.js";
import { H3ErrorCode } from "./errors.js";
import { encodeFrame, encodeGoawayFrame, encodeHeadersFrame, encodeSettingsFrame, FrameDecoder } from "./frames.js";
import { decodeFieldSection, encodeFieldSection, type HeaderField } from "./qpack.js";
import { concat, hex } from "./test-helpers.js";
import { ByteWriter } from "./varint.js";

const text = (s: string) => new TextEncoder().encode(s);
const f = (name: string, value: string): HeaderField => ({ name, value });

// Chromium 156: H3_DATAGRAM and ENABLE_WEBTRANSPORT (draft-02), plus a GREASE setting.
const CHROMIUM_SETTINGS = new Map([
	[0x33n, 1n],
	[0x2b603742n, 1n],
	[0x1fn * 0x2345n + 0x21n, 7n],
]);
const CLIENT_CONTROL = concat(hex("00"), encodeSettingsFrame(CHROMIUM_SETTINGS));
const CHROMIUM_CONNECT: HeaderField[] = [
	f(":method", "CONNECT"),
	f(":protocol", "webtransport"),
	f(":scheme", "https"),
	f(":authority", "localhost:4443"),
	f(":path", "/moq"),
	f("sec-webtransport-http3-draft02", "1"),
	f("origin", "https://localhost:8080"),
];

function headers(fields: HeaderField[]): Uint8Array {
	return encodeHeadersFrame(encodeFieldSection(fields, { huffman: "always" }));
}

function dataFrame(payload: Uint8Array): Uint8Array {
	return encodeFrame(0, payload);
}

function server(options?: Partial<H3ConnectionOptions>): H3Connection {
	const conn = new H3Connection({ ...options, role: "server" });
	conn.start();
	return conn;
}

/** A server with Chromium's session 0 requested (not yet answered). */
function requested(options?: Partial<H3ConnectionOptions>): H3Connection {
	const conn = server(options);
	conn.receive(2n, CLIENT_CONTROL, false);
	conn.receive(0n, headers(CHROMIUM_CONNECT), false);
	return conn;
}

/** The response fields the server wrote on a stream. */
function responseOn(actions: H3Action[], streamId: bigint): HeaderField[] {
	const d = new FrameDecoder({ kind: "request" });
	for (const a of actions) {
		if (a.type !== "write" || a.streamId !== streamId) continue;
		for (const frame of d.push(a.data)) if (frame.type === "headers") return decodeFieldSection(frame.block);
	}
	throw new Error(`no HEADERS written on stream ${streamId}`);
}

function closeCode(actions: H3Action[]): number | undefined {
	const close = actions.find((a) => a.type === "close-connection");
	return close?.type === "close-connection" ? close.code : undefined;
}

describe("H3Connection server: a Chromium draft-02 session", () => {
	it("starts with a control stream carrying its SETTINGS", () => {
		const [write] = new H3Connection({ role: "server" }).start();
		expect(write).toMatchObject({ type: "write", streamId: 3n, fin: false });
		if (write?.type !== "write") throw new Error("expected a write");
		expect(write.data[0]).toBe(0x00);
		const frames = new FrameDecoder({ kind: "control" }).push(write.data.subarray(1));
		expect(frames[0]?.type === "settings" && frames[0].settings.get(0x2b603742n)).toBe(1n);
	});

	it("takes the Huffman-coded CONNECT and answers with the draft-02 header", () => {
		const conn = server();
		expect(conn.receive(2n, CLIENT_CONTROL, false)).toEqual([{ type: "settings", settings: CHROMIUM_SETTINGS }]);
		expect(conn.receive(0n, headers(CHROMIUM_CONNECT), false)).toEqual([
			{
				type: "session-request",
				sessionId: 0n,
				request: {
					authority: "localhost:4443",
					path: "/moq",
					origin: "https://localhost:8080",
					protocols: [],
					draft02: true,
					upgrade: "webtransport",
				},
			},
		]);
		const accepted = conn.acceptSession(0n);
		expect(responseOn(accepted, 0n)).toEqual([f(":status", "200"), f("sec-webtransport-http3-draft", "draft02")]);
	});

	it("receives streams, datagrams and the close capsule", () => {
		const conn = requested();
		conn.acceptSession(0n);
		expect(conn.receive(6n, concat(hex("4054 00"), text("abc")), true)).toEqual([
			{ type: "incoming-stream", sessionId: 0n, streamId: 6n, bidi: false },
			{ type: "stream-data", streamId: 6n, data: text("abc"), fin: true },
		]);
		expect(conn.receive(4n, hex("4041"), false)).toEqual([]);
		expect(conn.receive(4n, concat(hex("00"), text("x")), false)).toEqual([
			{ type: "incoming-stream", sessionId: 0n, streamId: 4n, bidi: true },
			{ type: "stream-data", streamId: 4n, data: text("x"), fin: false },
		]);
		expect(conn.receiveDatagram(concat(hex("00"), text("d")))).toEqual([
			{ type: "datagram", sessionId: 0n, payload: text("d") },
		]);
		const close = encodeCapsule({ type: "close-session", code: 3, reason: "bye" });
		const actions = conn.receive(0n, dataFrame(close), false);
		expect(actions).toEqual([
			{ type: "session-closed", sessionId: 0n, code: 3, reason: "bye", remote: true, clean: true },
			{ type: "write", streamId: 0n, data: new Uint8Array(0), fin: true },
			{ type: "stop-sending", streamId: 6n, code: H3ErrorCode.WT_SESSION_GONE },
			{ type: "stop-sending", streamId: 4n, code: H3ErrorCode.WT_SESSION_GONE },
			{ type: "reset-stream", streamId: 4n, code: H3ErrorCode.WT_SESSION_GONE, reliableSize: 0 },
		]);
		// A stream that arrives afterwards for the closed session is refused.
		expect(conn.receive(10n, hex("4054 00 ff"), false)).toEqual([
			{ type: "stop-sending", streamId: 10n, code: H3ErrorCode.WT_SESSION_GONE },
		]);
	});

	it("answers with the chosen protocol", () => {
		const conn = server();
		conn.receive(2n, CLIENT_CONTROL, false);
		const [request] = conn.receive(0n, headers([...CHROMIUM_CONNECT, f("wt-available-protocols", '"moqt-16"')]), false);
		expect(request?.type === "session-request" && request.request.protocols).toEqual(["moqt-16"]);
		expect(() => conn.acceptSession(0n, { protocol: "moq-00" })).toThrow(RangeError);
		expect(responseOn(conn.acceptSession(0n, { protocol: "moqt-16" }), 0n)).toContainEqual(
			f("wt-protocol", '"moqt-16"'),
		);
	});
});

describe("H3Connection server: ordering and buffering", () => {
	it("holds a CONNECT until the client's SETTINGS arrive", () => {
		const conn = server();
		expect(conn.receive(0n, headers(CHROMIUM_CONNECT), false)).toEqual([]);
		expect(conn.receive(2n, CLIENT_CONTROL, false).map((a) => a.type)).toEqual(["settings", "session-request"]);
	});

	it("holds streams, datagrams and capsules that arrive before the session is accepted", () => {
		const conn = server();
		// A stream and a datagram for session 0 before its CONNECT, the rest of the stream later.
		expect(conn.receive(6n, concat(hex("4054 00"), text("early ")), false)).toEqual([]);
		expect(conn.receiveDatagram(concat(hex("00"), text("dgram")))).toEqual([]);
		conn.receive(2n, CLIENT_CONTROL, false);
		const capsule = encodeCapsule({ type: "datagram", payload: text("capsule") });
		expect(conn.receive(0n, concat(headers(CHROMIUM_CONNECT), dataFrame(capsule)), false).map((a) => a.type)).toEqual([
			"session-request",
		]);
		expect(conn.receive(6n, text("bird"), true)).toEqual([]);
		const accepted = conn.acceptSession(0n).filter((a) => a.type !== "write");
		expect(accepted).toEqual([
			{ type: "incoming-stream", sessionId: 0n, streamId: 6n, bidi: false },
			{ type: "stream-data", streamId: 6n, data: text("early "), fin: false },
			{ type: "stream-data", streamId: 6n, data: text("bird"), fin: true },
			{ type: "datagram", sessionId: 0n, payload: text("dgram") },
			{ type: "datagram", sessionId: 0n, payload: text("capsule") },
		]);
	});

	it("refuses streams beyond the buffer limit with WT_BUFFERED_STREAM_REJECTED", () => {
		const conn = server({ maxBufferedStreams: 1, maxBufferedBytes: 8 });
		expect(conn.receive(6n, hex("4054 00 01"), false)).toEqual([]);
		expect(conn.receive(4n, hex("4041 00"), false)).toEqual([
			{ type: "stop-sending", streamId: 4n, code: H3ErrorCode.WT_BUFFERED_STREAM_REJECTED },
			{ type: "reset-stream", streamId: 4n, code: H3ErrorCode.WT_BUFFERED_STREAM_REJECTED, reliableSize: 0 },
		]);
		// The held stream goes over the byte budget.
		expect(conn.receive(6n, new Uint8Array(8), false)).toEqual([
			{ type: "stop-sending", streamId: 6n, code: H3ErrorCode.WT_BUFFERED_STREAM_REJECTED },
		]);
	});

	it("refuses held streams when the session is rejected", () => {
		const conn = requested();
		conn.receive(6n, hex("4054 00 01"), false);
		const rejected = conn.rejectSession(0n, 403);
		expect(rejected).toContainEqual({ type: "stop-sending", streamId: 6n, code: H3ErrorCode.WT_SESSION_GONE });
		expect(responseOn(rejected, 0n)).toEqual([f(":status", "403")]);
		expect(rejected).toContainEqual({ type: "stop-sending", streamId: 0n, code: H3ErrorCode.H3_NO_ERROR });
	});

	it("reports a CONNECT stream that ends before the answer as closed", () => {
		const conn = requested();
		expect(conn.receive(0n, new Uint8Array(0), true)).toEqual([
			{ type: "session-closed", sessionId: 0n, code: 0, reason: "", remote: true, clean: true },
			{ type: "reset-stream", streamId: 0n, code: H3ErrorCode.WT_SESSION_GONE, reliableSize: 0 },
		]);
		expect(() => conn.acceptSession(0n)).toThrow(/closed/);
	});
});

describe("H3Connection server: refusing requests", () => {
	it("resets a request whose field section is over the limit with H3_EXCESSIVE_LOAD", () => {
		const conn = server({ maxFieldSectionSize: 200 });
		conn.receive(2n, CLIENT_CONTROL, false);
		const big = [...CHROMIUM_CONNECT, f("x-padding", "p".repeat(200))];
		expect(conn.receive(0n, headers(big), false)).toEqual([
			{ type: "reset-stream", streamId: 0n, code: H3ErrorCode.H3_EXCESSIVE_LOAD, reliableSize: 0 },
			{ type: "stop-sending", streamId: 0n, code: H3ErrorCode.H3_EXCESSIVE_LOAD },
		]);
		expect(conn.closed).toBe(false);
	});

	it("ends a pending session whose early capsules overflow the buffer budget", () => {
		const conn = requested({ maxBufferedBytes: 16 });
		const capsule = encodeCapsule({ type: "datagram", payload: new Uint8Array(20) });
		const actions = conn.receive(0n, dataFrame(capsule), false);
		expect(actions[0]).toEqual({
			type: "reset-stream",
			streamId: 0n,
			code: H3ErrorCode.H3_EXCESSIVE_LOAD,
			reliableSize: 0,
		});
		expect(actions.at(-1)).toMatchObject({ type: "session-closed", sessionId: 0n, clean: false });
	});

	it("answers a plain GET with 405", () => {
		const conn = server();
		conn.receive(2n, CLIENT_CONTROL, false);
		const get = [f(":method", "GET"), f(":scheme", "https"), f(":authority", "a"), f(":path", "/")];
		const actions = conn.receive(0n, headers(get), true);
		expect(responseOn(actions, 0n)).toEqual([f(":status", "405")]);
		expect(actions).toContainEqual({ type: "stop-sending", streamId: 0n, code: H3ErrorCode.H3_NO_ERROR });
	});

	it("answers a malformed CONNECT with 400", () => {
		const conn = server();
		conn.receive(2n, CLIENT_CONTROL, false);
		const actions = conn.receive(0n, headers([...CHROMIUM_CONNECT, f("Bad", "x")]), false);
		expect(responseOn(actions, 0n)).toEqual([f(":status", "400")]);
	});

	it("resets sessions from a client without H3_DATAGRAM as malformed", () => {
		const conn = server();
		conn.receive(2n, concat(hex("00"), encodeSettingsFrame(new Map([[0x2b603742n, 1n]]))), false);
		expect(conn.receive(0n, headers(CHROMIUM_CONNECT), false)).toEqual([
			{ type: "reset-stream", streamId: 0n, code: H3ErrorCode.H3_MESSAGE_ERROR, reliableSize: 0 },
			{ type: "stop-sending", streamId: 0n, code: H3ErrorCode.H3_MESSAGE_ERROR },
		]);
	});

	it("resets a request stream that ends before its HEADERS", () => {
		const conn = server();
		expect(conn.receive(0n, hex("01"), true)).toEqual([
			{ type: "close-connection", code: H3ErrorCode.H3_FRAME_ERROR, reason: "stream ended inside a frame" },
		]);
		const other = server();
		expect(other.receive(0n, new Uint8Array(0), true)).toEqual([
			{ type: "reset-stream", streamId: 0n, code: H3ErrorCode.H3_REQUEST_INCOMPLETE, reliableSize: 0 },
		]);
	});

	it("refuses requests after its GOAWAY", () => {
		const conn = requested();
		const goaway = conn.goaway();
		expect(goaway).toEqual([{ type: "write", streamId: 3n, data: encodeGoawayFrame(4n), fin: false }]);
		expect(conn.receive(4n, headers(CHROMIUM_CONNECT), false)).toEqual([
			{ type: "reset-stream", streamId: 4n, code: H3ErrorCode.H3_REQUEST_REJECTED, reliableSize: 0 },
			{ type: "stop-sending", streamId: 4n, code: H3ErrorCode.H3_REQUEST_REJECTED },
		]);
		// WebTransport streams are not requests: the session's streams still come in.
		conn.acceptSession(0n);
		expect(conn.receive(8n, hex("4041 00"), false)[0]).toMatchObject({ type: "incoming-stream", streamId: 8n });
	});
});

describe("H3Connection server: capsule errors end the session, not the connection", () => {
	function closeWith(payload: Uint8Array): H3Action[] {
		const conn = requested();
		conn.acceptSession(0n);
		return conn.receive(0n, dataFrame(payload), false);
	}

	it("rejects a close reason over 1024 bytes", () => {
		const value = new ByteWriter().u32(1).bytes(new Uint8Array(1025).fill(0x61)).finish();
		const capsule = new ByteWriter().varint(0x2843).varint(value.length).bytes(value).finish();
		expect(closeWith(capsule)).toEqual([
			{ type: "reset-stream", streamId: 0n, code: H3ErrorCode.H3_MESSAGE_ERROR, reliableSize: 0 },
			{ type: "stop-sending", streamId: 0n, code: H3ErrorCode.H3_MESSAGE_ERROR },
			{
				type: "session-closed",
				sessionId: 0n,
				code: 0,
				reason: "capsule 0x2843 of 1029 bytes exceeds 1028",
				remote: false,
				clean: false,
			},
		]);
	});

	it("rejects data after WT_CLOSE_SESSION", () => {
		const close = encodeCapsule({ type: "close-session", code: 0, reason: "" });
		const actions = closeWith(concat(close, encodeCapsule({ type: "drain-session" })));
		expect(actions).toContainEqual({
			type: "reset-stream",
			streamId: 0n,
			code: H3ErrorCode.H3_MESSAGE_ERROR,
			reliableSize: 0,
		});
	});

	it("rejects WT_MAX_STREAM_DATA, which HTTP/3 prohibits", () => {
		const capsule = new ByteWriter().varint(0x190b4d3e).varint(2).varint(0).varint(0).finish();
		expect(closeWith(capsule)[0]).toEqual({
			type: "reset-stream",
			streamId: 0n,
			code: H3ErrorCode.H3_MESSAGE_ERROR,
			reliableSize: 0,
		});
	});

	it("ignores flow control capsules and unknown capsules", () => {
		const capsules = concat(
			encodeCapsule({ type: "max-data", maximum: 1000n }),
			encodeCapsule({ type: "max-streams", bidi: true, maximum: 10n }),
			encodeCapsule({ type: "streams-blocked", bidi: false, maximum: 1n }),
			new ByteWriter().varint(0x29).varint(1).u8(0).finish(),
		);
		expect(closeWith(capsules)).toEqual([]);
	});

	it("rejects a CONNECT stream that ends inside a capsule", () => {
		const conn = requested();
		conn.acceptSession(0n);
		expect(conn.receive(0n, dataFrame(hex("00 05 01")), true)[0]).toEqual({
			type: "reset-stream",
			streamId: 0n,
			code: H3ErrorCode.H3_MESSAGE_ERROR,
			reliableSize: 0,
		});
	});
});

describe("H3Connection server: connection errors", () => {
	it.each([
		["a control stream that does not start with SETTINGS", [[2n, hex("00 0701 00")]], "H3_MISSING_SETTINGS"],
		[
			"a second control stream",
			[
				[2n, CLIENT_CONTROL],
				[6n, CLIENT_CONTROL],
			],
			"H3_STREAM_CREATION_ERROR",
		],
		["a second SETTINGS", [[2n, concat(CLIENT_CONTROL, encodeSettingsFrame(new Map()))]], "H3_FRAME_UNEXPECTED"],
		["duplicate settings", [[2n, hex("00 0404 3301 3301")]], "H3_SETTINGS_ERROR"],
		["an HTTP/2 frame on the control stream", [[2n, concat(CLIENT_CONTROL, hex("0800"))]], "H3_FRAME_UNEXPECTED"],
		["CANCEL_PUSH", [[2n, concat(CLIENT_CONTROL, hex("030100"))]], "H3_ID_ERROR"],
		["a push stream from a client", [[6n, hex("01 00")]], "H3_STREAM_CREATION_ERROR"],
		[
			"a second QPACK encoder stream",
			[
				[6n, hex("02")],
				[10n, hex("02")],
			],
			"H3_STREAM_CREATION_ERROR",
		],
		["a dynamic table insert", [[6n, hex("02 c0")]], "QPACK_ENCODER_STREAM_ERROR"],
		["a Section Acknowledgment", [[6n, hex("03 80")]], "QPACK_DECODER_STREAM_ERROR"],
		["a dynamic reference in HEADERS", [[0n, hex("01 03 0000 80")]], "QPACK_DECOMPRESSION_FAILED"],
		["DATA before HEADERS", [[0n, hex("00 01 00")]], "H3_FRAME_UNEXPECTED"],
		["PUSH_PROMISE from a client", [[0n, hex("05 01 00")]], "H3_FRAME_UNEXPECTED"],
		["a session ID that is not a client bidi stream", [[6n, hex("4054 02")]], "H3_ID_ERROR"],
		["WT_STREAM after HEADERS", [[0n, concat(headers(CHROMIUM_CONNECT), hex("4041 00"))]], "H3_FRAME_ERROR"],
	] as [string, [bigint, Uint8Array][], keyof typeof H3ErrorCode][])("closes on %s", (_, inputs, code) => {
		const conn = server();
		const actions = inputs.flatMap(([id, bytes]) => conn.receive(id, bytes, false));
		expect(closeCode(actions)).toBe(H3ErrorCode[code]);
		expect(conn.closed).toBe(true);
	});

	it("closes when a critical stream ends or is reset", () => {
		expect(closeCode(server().receive(2n, CLIENT_CONTROL, true))).toBe(H3ErrorCode.H3_CLOSED_CRITICAL_STREAM);
		const reset = server();
		reset.receive(2n, CLIENT_CONTROL, false);
		expect(closeCode(reset.receiveReset(2n, 0))).toBe(H3ErrorCode.H3_CLOSED_CRITICAL_STREAM);
		const encoder = server();
		encoder.receive(6n, hex("02"), false);
		expect(closeCode(encoder.receive(6n, new Uint8Array(0), true))).toBe(H3ErrorCode.H3_CLOSED_CRITICAL_STREAM);
		expect(closeCode(server().receiveStopSending(3n, 0))).toBe(H3ErrorCode.H3_CLOSED_CRITICAL_STREAM);
	});

	it("closes on a malformed datagram", () => {
		expect(closeCode(server().receiveDatagram(hex("40")))).toBe(H3ErrorCode.H3_DATAGRAM_ERROR);
	});

	it("ends open sessions and then ignores everything", () => {
		const conn = requested();
		conn.acceptSession(0n);
		expect(conn.receive(2n, hex("0800"), false)).toEqual([
			{ type: "close-connection", code: H3ErrorCode.H3_FRAME_UNEXPECTED, reason: "HTTP/2 frame type 0x8" },
			{
				type: "session-closed",
				sessionId: 0n,
				code: 0,
				reason: "HTTP/2 frame type 0x8",
				remote: false,
				clean: false,
			},
		]);
		expect(conn.receive(6n, hex("4054 00 01"), false)).toEqual([]);
		expect(conn.receiveDatagram(hex("00 01"))).toEqual([]);
	});
});

describe("H3Connection server: what it tolerates", () => {
	it("ignores unknown stream types, GREASE frames and QPACK streams that carry nothing harmful", () => {
		const conn = server();
		const grease = new ByteWriter().varint(0x1f * 9 + 0x21).finish();
		expect(conn.receive(6n, concat(grease, hex("ffff")), false)).toEqual([
			{ type: "stop-sending", streamId: 6n, code: H3ErrorCode.H3_STREAM_CREATION_ERROR },
		]);
		expect(conn.receive(6n, hex("00"), true)).toEqual([]);
		expect(conn.receive(2n, concat(CLIENT_CONTROL, encodeFrame(0x1f * 5 + 0x21, hex("00"))), false)).toHaveLength(1);
		expect(conn.receive(10n, hex("02 20"), false)).toEqual([]);
		expect(conn.receive(14n, hex("03 44 40"), false)).toEqual([]);
		expect(conn.receive(2n, encodeFrame(0x0d, hex("05")), false)).toEqual([]);
		expect(conn.closed).toBe(false);
	});

	it("tolerates streams reset or ended before their header", () => {
		const conn = server();
		expect(conn.receive(6n, hex("40"), false)).toEqual([]);
		expect(conn.receiveReset(6n, 0)).toEqual([]);
		expect(conn.receive(10n, hex("40"), true)).toEqual([]);
		expect(conn.closed).toBe(false);
	});

	it("forgets streams QUIC has closed", () => {
		const conn = requested();
		conn.acceptSession(0n);
		conn.receive(6n, hex("4054 00"), true);
		conn.streamClosed(6n);
		// The session close no longer mentions the stream.
		expect(conn.closeSession(0n).filter((a) => a.type === "stop-sending")).toEqual([]);
	});
});
