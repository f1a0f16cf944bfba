import { describe, expect, it } from "vitest";
import { H3Connection } from "./connection.js";
import type { H3Action } from "./connection-types.js";
import { H3ErrorCode } from "./errors.js";
import { encodeFrame, encodeGoawayFrame, encodeHeadersFrame, encodeSettingsFrame, FrameDecoder } from "./frames.js";
import { decodeFieldSection, encodeFieldSection, type HeaderField } from "./qpack.js";
import { serverSettings } from "./settings.js";
import { concat, hex } from "./test-helpers.js";

const f = (name: string, value: string): HeaderField => ({ name, value });

function control(settings: Map<bigint, bigint>): Uint8Array {
	return concat(hex("00"), encodeSettingsFrame(settings));
}

/** A started client that has the server's SETTINGS. */
function client(settings: Map<bigint, bigint> = new Map(serverSettings())): H3Connection {
	const conn = new H3Connection({ role: "client" });
	conn.start();
	conn.receive(3n, control(settings), false);
	return conn;
}

/** The request fields the client wrote on a stream. */
function requestOn(actions: H3Action[], streamId: bigint): HeaderField[] {
	const d = new FrameDecoder({ kind: "request" });
	for (const a of actions) {
		if (a.type !== "write" || a.streamId !== streamId) continue;
		for (const frame of d.push(a.data)) if (frame.type === "headers") return decodeFieldSection(frame.block);
	}
	throw new Error(`no HEADERS written on stream ${streamId}`);
}

function respond(fields: HeaderField[]): Uint8Array {
	return encodeHeadersFrame(encodeFieldSection(fields));
}

function closeCode(actions: H3Action[]): number | undefined {
	const close = actions.find((a) => a.type === "close-connection");
	return close?.type === "close-connection" ? close.code : undefined;
}

describe("H3Connection client: CONNECT by server generation", () => {
	it("uses webtransport-h3 with a draft-15 server", () => {
		const { actions } = client().connect({ authority: "a:1", path: "/x", protocols: ["moqt-16"] });
		expect(requestOn(actions, 0n)).toEqual([
			f(":method", "CONNECT"),
			f(":scheme", "https"),
			f(":authority", "a:1"),
			f(":path", "/x"),
			f(":protocol", "webtransport-h3"),
			f("wt-available-protocols", '"moqt-16"'),
		]);
	});

	it("uses webtransport and the draft-02 marker with an aiomoqt-like server", () => {
		const conn = client(
			new Map([
				[0x08n, 1n],
				[0x33n, 1n],
				[0x14e9cd29n, 1n],
				[0x2b603742n, 1n],
			]),
		);
		const fields = requestOn(conn.connect({ authority: "a", path: "/", protocols: ["moqt-16"] }).actions, 0n);
		expect(fields).toContainEqual(f(":protocol", "webtransport"));
		expect(fields).toContainEqual(f("sec-webtransport-http3-draft02", "1"));
		expect(fields).toContainEqual(f("wt-available-protocols", '"moqt-16"'));
	});

	it("skips interim responses and takes the final one", () => {
		const conn = client();
		conn.connect({ authority: "a", path: "/" });
		expect(conn.receive(0n, respond([f(":status", "103")]), false)).toEqual([]);
		expect(
			conn.receive(0n, respond([f(":status", "200"), f("sec-webtransport-http3-draft", "draft02")]), false),
		).toEqual([{ type: "session-ready", sessionId: 0n, protocol: undefined }]);
	});

	it("resets the CONNECT stream on a malformed response", () => {
		const conn = client();
		conn.connect({ authority: "a", path: "/" });
		expect(conn.receive(0n, respond([f("x", "1")]), false)).toEqual([
			{ type: "reset-stream", streamId: 0n, code: H3ErrorCode.H3_MESSAGE_ERROR, reliableSize: 0 },
			{ type: "stop-sending", streamId: 0n, code: H3ErrorCode.H3_MESSAGE_ERROR },
			{ type: "session-refused", sessionId: 0n, status: undefined, reason: "missing or invalid :status undefined" },
		]);
	});

	it("holds server streams that beat the response, and delivers them once established", () => {
		const conn = client();
		conn.connect({ authority: "a", path: "/" });
		expect(conn.receive(1n, hex("4041 00 aa"), false)).toEqual([]);
		expect(conn.receive(0n, respond([f(":status", "200")]), false)).toEqual([
			{ type: "session-ready", sessionId: 0n, protocol: undefined },
			{ type: "incoming-stream", sessionId: 0n, streamId: 1n, bidi: true },
			{ type: "stream-data", streamId: 1n, data: hex("aa"), fin: false },
		]);
	});
	it("holds datagrams that beat the response", () => {
		const conn = client();
		conn.connect({ authority: "a", path: "/" });
		expect(conn.receiveDatagram(hex("00 0102"))).toEqual([]);
		// A datagram for a session that does not exist is dropped.
		expect(conn.receiveDatagram(hex("07 0102"))).toEqual([]);
		expect(conn.receive(0n, respond([f(":status", "200")]), false)).toEqual([
			{ type: "session-ready", sessionId: 0n, protocol: undefined },
			{ type: "datagram", sessionId: 0n, payload: hex("0102") },
		]);
	});
});

describe("H3Connection client: connection errors", () => {
	const settings = control(new Map(serverSettings()));
	it.each([
		[
			"a server bidi stream that is not WebTransport",
			[
				[3n, settings],
				[1n, hex("01 00")],
			],
			"H3_STREAM_CREATION_ERROR",
		],
		["a push stream", [[7n, hex("01 00")]], "H3_ID_ERROR"],
		["MAX_PUSH_ID from a server", [[3n, concat(settings, encodeFrame(0x0d, hex("00")))]], "H3_FRAME_UNEXPECTED"],
		["GOAWAY with a push-like ID", [[3n, concat(settings, encodeGoawayFrame(1n))]], "H3_ID_ERROR"],
		["GOAWAY with a growing ID", [[3n, concat(settings, encodeGoawayFrame(4n), encodeGoawayFrame(8n))]], "H3_ID_ERROR"],
		["a stream for a session never opened", [[7n, hex("4054 08")]], "H3_ID_ERROR"],
		["SETTINGS_WT_ENABLED above 1", [[3n, control(new Map([[0x2c7cf000n, 2n]]))]], "H3_SETTINGS_ERROR"],
	] as [string, [bigint, Uint8Array][], keyof typeof H3ErrorCode][])("closes on %s", (_, inputs, code) => {
		const conn = new H3Connection({ role: "client" });
		conn.start();
		const actions = inputs.flatMap(([id, bytes]) => conn.receive(id, bytes, false));
		expect(closeCode(actions)).toBe(H3ErrorCode[code]);
	});

	it("closes on PUSH_PROMISE, as it never allowed pushes", () => {
		const conn = client();
		conn.connect({ authority: "a", path: "/" });
		expect(closeCode(conn.receive(0n, encodeFrame(0x05, hex("00 0000")), false))).toBe(H3ErrorCode.H3_ID_ERROR);
	});

	it("refuses sessions at or above a GOAWAY's ID", () => {
		const conn = client();
		conn.connect({ authority: "a", path: "/" });
		conn.connect({ authority: "a", path: "/" });
		const actions = conn.receive(3n, encodeGoawayFrame(4n), false);
		expect(actions).toEqual([
			{ type: "goaway", id: 4n },
			{ type: "reset-stream", streamId: 4n, code: H3ErrorCode.H3_REQUEST_CANCELLED, reliableSize: 0 },
			{ type: "stop-sending", streamId: 4n, code: H3ErrorCode.H3_REQUEST_CANCELLED },
			{ type: "session-refused", sessionId: 4n, status: undefined, reason: "the server sent GOAWAY" },
		]);
	});
});
