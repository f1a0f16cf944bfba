import { describe, expect, it } from "vitest";
import { type AppEvent, Pair } from "./connection-pair.test-support.js";
import { webTransportCodeToHttp } from "./error-mapping.js";
import { H3ErrorCode } from "./errors.js";
import { encodeHeadersFrame } from "./frames.js";
import { encodeFieldSection } from "./qpack.js";

const text = (s: string) => new TextEncoder().encode(s);
const str = (b: Uint8Array) => new TextDecoder().decode(b);

/** A pair with an established session (client offered moqt-16 and moq-00, server chose moqt-16). */
function established(byteByByte = false): { pair: Pair; sessionId: bigint } {
	const pair = new Pair().start();
	pair.byteByByte = byteByByte;
	pair.deliver();
	const { sessionId, actions } = pair.client.connect({
		authority: "relay.example:443",
		path: "/moq",
		origin: "https://app.example",
		protocols: ["moqt-16", "moq-00"],
	});
	pair.take("client", actions);
	pair.deliver();
	pair.take("server", pair.server.acceptSession(sessionId, { protocol: "moqt-16" }));
	pair.deliver();
	pair.clear();
	return { pair, sessionId };
}

function streamData(events: AppEvent[], streamId: bigint): { data: string; fin: boolean } {
	let data = "";
	let fin = false;
	for (const e of events) {
		if (e.type === "stream-data" && e.streamId === streamId) {
			data += str(e.data);
			fin ||= e.fin;
		}
	}
	return { data, fin };
}

describe("H3Connection: session establishment", () => {
	it.each([false, true])("negotiates a draft-15 session with a protocol (byte by byte: %s)", (byteByByte) => {
		const pair = new Pair().start();
		pair.byteByByte = byteByByte;
		pair.deliver();
		expect(pair.events.client.map((e) => e.type)).toEqual(["settings"]);
		expect(pair.events.server.map((e) => e.type)).toEqual(["settings"]);
		const { sessionId, actions } = pair.client.connect({
			authority: "relay.example:443",
			path: "/moq?room=1",
			origin: "https://app.example",
			protocols: ["moqt-16", "moq-00"],
		});
		expect(sessionId).toBe(0n);
		pair.take("client", actions);
		pair.deliver();
		const request = pair.events.server.at(-1);
		expect(request).toEqual({
			type: "session-request",
			sessionId: 0n,
			request: {
				authority: "relay.example:443",
				path: "/moq?room=1",
				origin: "https://app.example",
				protocols: ["moqt-16", "moq-00"],
				draft02: false,
				upgrade: "webtransport-h3",
			},
		});
		pair.take("server", pair.server.acceptSession(0n, { protocol: "moqt-16" }));
		pair.deliver();
		expect(pair.events.client.at(-1)).toEqual({ type: "session-ready", sessionId: 0n, protocol: "moqt-16" });
	});

	it("holds the CONNECT until the server's SETTINGS arrive", () => {
		const pair = new Pair().start();
		pair.deliver("server"); // the server has the client's SETTINGS, the client has nothing yet
		const { actions } = pair.client.connect({ authority: "a", path: "/" });
		expect(actions).toEqual([]);
		pair.deliver("client");
		// The server's SETTINGS released the CONNECT.
		expect(pair.actions.client.some((a) => a.type === "write" && a.streamId === 0n)).toBe(true);
		pair.deliver();
		expect(pair.events.server.some((e) => e.type === "session-request")).toBe(true);
	});

	it("refuses with an HTTP status", () => {
		const pair = new Pair().start();
		pair.deliver();
		const { sessionId, actions } = pair.client.connect({ authority: "a", path: "/nope" });
		pair.take("client", actions);
		pair.deliver();
		pair.take("server", pair.server.rejectSession(sessionId, 404));
		pair.deliver();
		expect(pair.events.client.at(-1)).toEqual({
			type: "session-refused",
			sessionId,
			status: 404,
			reason: "the server answered 404",
		});
		expect(() => pair.server.acceptSession(sessionId)).toThrow(/closed/);
	});

	it("refuses a session when the server does not offer WebTransport", () => {
		const pair = new Pair().start();
		pair.deliver("server");
		// Instead of the server's SETTINGS, an HTTP/3-only set arrives: H3_DATAGRAM and nothing else.
		const control = pair.client.receive(3n, Uint8Array.of(0x00, 0x04, 0x02, 0x33, 0x01), false);
		expect(control.map((a) => a.type)).toEqual(["settings"]);
		const { sessionId, actions } = pair.client.connect({ authority: "a", path: "/" });
		expect(actions).toEqual([
			{ type: "session-refused", sessionId, status: undefined, reason: "server did not enable extended CONNECT" },
		]);
	});

	it("refuses a protocol the client did not offer with WT_ALPN_ERROR", () => {
		const pair = new Pair().start();
		pair.deliver();
		const { sessionId, actions } = pair.client.connect({ authority: "a", path: "/", protocols: ["moqt-16"] });
		pair.take("client", actions);
		// A server answering "moq-00" (built by hand: our server would not do it).
		const headers = encodeFieldSection([
			{ name: ":status", value: "200" },
			{ name: "wt-protocol", value: '"moq-00"' },
		]);
		const response = pair.client.receive(sessionId, encodeHeadersFrame(headers), false);
		expect(response).toContainEqual({
			type: "reset-stream",
			streamId: sessionId,
			code: H3ErrorCode.WT_ALPN_ERROR,
			reliableSize: 0,
		});
		expect(response.at(-1)).toMatchObject({ type: "session-refused", status: 200 });
	});

	it("rejects sessions beyond the limit with H3_REQUEST_REJECTED", () => {
		const pair = new Pair().start();
		pair.deliver();
		pair.take("client", pair.client.connect({ authority: "a", path: "/1" }).actions);
		pair.take("client", pair.client.connect({ authority: "a", path: "/2" }).actions);
		pair.deliver();
		expect(pair.events.server.filter((e) => e.type === "session-request")).toHaveLength(1);
		expect(pair.actions.server).toContainEqual({
			type: "reset-stream",
			streamId: 4n,
			code: H3ErrorCode.H3_REQUEST_REJECTED,
			reliableSize: 0,
		});
		expect(pair.events.client.at(-1)).toMatchObject({ type: "session-refused", sessionId: 4n });
	});
});

describe("H3Connection: streams and datagrams", () => {
	it.each([false, true])("carries streams both ways (byte by byte: %s)", (byteByByte) => {
		const { pair, sessionId } = established(byteByByte);
		const uni = pair.client.openStream(sessionId, false);
		const bidi = pair.client.openStream(sessionId, true);
		expect([uni.streamId, bidi.streamId]).toEqual([6n, 4n]);
		pair.take("client", uni.actions);
		pair.take("client", bidi.actions);
		pair.take("client", [{ type: "write", streamId: uni.streamId, data: text("hello "), fin: false }]);
		pair.take("client", [{ type: "write", streamId: uni.streamId, data: text("server"), fin: true }]);
		pair.take("client", [{ type: "write", streamId: bidi.streamId, data: text("ping"), fin: false }]);
		pair.deliver();
		expect(pair.events.server).toContainEqual({ type: "incoming-stream", sessionId, streamId: 6n, bidi: false });
		expect(pair.events.server).toContainEqual({ type: "incoming-stream", sessionId, streamId: 4n, bidi: true });
		expect(streamData(pair.events.server, 6n)).toEqual({ data: "hello server", fin: true });
		expect(streamData(pair.events.server, 4n)).toEqual({ data: "ping", fin: false });
		// The server answers on the bidi stream and opens its own streams.
		pair.take("server", [{ type: "write", streamId: 4n, data: text("pong"), fin: true }]);
		const sUni = pair.server.openStream(sessionId, false);
		const sBidi = pair.server.openStream(sessionId, true);
		expect([sUni.streamId, sBidi.streamId]).toEqual([7n, 1n]);
		pair.take("server", sUni.actions);
		pair.take("server", sBidi.actions);
		pair.take("server", [{ type: "write", streamId: 7n, data: text("news"), fin: true }]);
		pair.take("server", [{ type: "write", streamId: 1n, data: text("q"), fin: false }]);
		pair.deliver();
		expect(streamData(pair.events.client, 4n)).toEqual({ data: "pong", fin: true });
		expect(streamData(pair.events.client, 7n)).toEqual({ data: "news", fin: true });
		expect(streamData(pair.events.client, 1n)).toEqual({ data: "q", fin: false });
		expect(pair.events.client).toContainEqual({ type: "incoming-stream", sessionId, streamId: 1n, bidi: true });
	});

	it("carries datagrams both ways", () => {
		const { pair, sessionId } = established();
		pair.take("client", pair.client.sendDatagram(sessionId, text("c2s")));
		pair.take("server", pair.server.sendDatagram(sessionId, text("s2c")));
		pair.deliver();
		expect(pair.events.server).toEqual([{ type: "datagram", sessionId, payload: text("c2s") }]);
		expect(pair.events.client).toEqual([{ type: "datagram", sessionId, payload: text("s2c") }]);
		expect(pair.client.sendDatagram(40n, text("x"))).toEqual([]);
	});

	it("maps stream reset and STOP_SENDING codes through the WebTransport range", () => {
		const { pair, sessionId } = established();
		const bidi = pair.client.openStream(sessionId, true);
		pair.take("client", bidi.actions);
		pair.take("client", pair.client.resetStream(bidi.streamId, 0xffffffff));
		pair.take("client", pair.client.stopSending(bidi.streamId, 42));
		expect(pair.actions.client).toContainEqual({
			type: "reset-stream",
			streamId: bidi.streamId,
			code: webTransportCodeToHttp(0xffffffff),
			reliableSize: 3, // 0x4041 and session ID 0
		});
		pair.deliver();
		expect(pair.events.server).toContainEqual({ type: "stream-reset", streamId: bidi.streamId, code: 0xffffffff });
		expect(pair.events.server).toContainEqual({ type: "stream-stop-sending", streamId: bidi.streamId, code: 42 });
	});

	it("reports a reset with a code outside the application range as having no code", () => {
		const { pair, sessionId } = established();
		const uni = pair.client.openStream(sessionId, false);
		pair.take("client", uni.actions);
		pair.deliver();
		expect(pair.server.receiveReset(uni.streamId, H3ErrorCode.H3_NO_ERROR)).toEqual([
			{ type: "stream-reset", streamId: uni.streamId, code: undefined },
		]);
	});

	it("refuses to open streams on a session that is not established", () => {
		const pair = new Pair().start();
		expect(() => pair.client.openStream(0n, true)).toThrow(/unknown/);
	});
});

describe("H3Connection: session termination", () => {
	it("closes with WT_CLOSE_SESSION and ends the session's streams", () => {
		const { pair, sessionId } = established();
		const uni = pair.client.openStream(sessionId, false);
		pair.take("client", uni.actions);
		pair.deliver();
		pair.clear();
		pair.take("client", pair.client.closeSession(sessionId, 7, "done here"));
		expect(pair.events.client).toEqual([
			{ type: "session-closed", sessionId, code: 7, reason: "done here", remote: false, clean: true },
		]);
		expect(pair.actions.client).toContainEqual({
			type: "reset-stream",
			streamId: uni.streamId,
			code: H3ErrorCode.WT_SESSION_GONE,
			reliableSize: 3, // 0x4054 and session ID 0
		});
		pair.deliver();
		expect(pair.events.server).toContainEqual({
			type: "session-closed",
			sessionId,
			code: 7,
			reason: "done here",
			remote: true,
			clean: true,
		});
		// The server answered with FIN and stopped the session's stream.
		expect(pair.actions.server).toContainEqual({
			type: "write",
			streamId: sessionId,
			data: new Uint8Array(0),
			fin: true,
		});
		expect(pair.actions.server).toContainEqual({
			type: "stop-sending",
			streamId: uni.streamId,
			code: H3ErrorCode.WT_SESSION_GONE,
		});
		expect(pair.server.sendDatagram(sessionId, text("late"))).toEqual([]);
	});

	it("treats FIN on the CONNECT stream as a close with code 0", () => {
		const { pair, sessionId } = established();
		pair.take("client", [{ type: "write", streamId: sessionId, data: new Uint8Array(0), fin: true }]);
		pair.deliver();
		expect(pair.events.server).toEqual([
			{ type: "session-closed", sessionId, code: 0, reason: "", remote: true, clean: true },
		]);
	});

	it("ends the session uncleanly when the CONNECT stream is reset", () => {
		const { pair, sessionId } = established();
		pair.take("server", pair.server.receiveReset(sessionId, H3ErrorCode.H3_REQUEST_CANCELLED));
		expect(pair.events.server).toEqual([
			{ type: "session-closed", sessionId, code: 0, reason: "CONNECT stream reset", remote: true, clean: false },
		]);
	});

	it("passes WT_DRAIN_SESSION on", () => {
		const { pair, sessionId } = established();
		pair.take("server", pair.server.drainSession(sessionId));
		pair.deliver();
		expect(pair.events.client).toEqual([{ type: "session-draining", sessionId }]);
	});

	it("ends every session when the connection closes", () => {
		const { pair, sessionId } = established();
		expect(pair.client.connectionClosed()).toEqual([
			{ type: "session-closed", sessionId, code: 0, reason: "connection closed", remote: true, clean: false },
		]);
		expect(pair.client.closed).toBe(true);
		expect(pair.client.receive(3n, new Uint8Array(1), false)).toEqual([]);
	});

	it("lets the client cancel a session before the answer", () => {
		const pair = new Pair().start();
		pair.deliver();
		const { sessionId, actions } = pair.client.connect({ authority: "a", path: "/" });
		pair.take("client", actions);
		pair.deliver();
		pair.clear();
		pair.take("client", pair.client.closeSession(sessionId));
		expect(pair.events.client).toEqual([{ type: "session-refused", sessionId, status: undefined, reason: "" }]);
		pair.deliver();
		expect(pair.events.server).toEqual([
			{ type: "session-closed", sessionId, code: 0, reason: "CONNECT stream reset", remote: true, clean: false },
		]);
	});
});

describe("H3Connection: GOAWAY", () => {
	it("stops new sessions after a server's GOAWAY", () => {
		const { pair, sessionId } = established();
		pair.take("server", pair.server.goaway());
		pair.deliver();
		expect(pair.events.client).toEqual([{ type: "goaway", id: sessionId + 4n }]);
		expect(() => pair.client.connect({ authority: "a", path: "/" })).toThrow(/GOAWAY/);
		// The established session carries on.
		pair.take("client", pair.client.sendDatagram(sessionId, text("still here")));
		pair.deliver();
		expect(pair.events.server.at(-1)).toMatchObject({ type: "datagram" });
	});
});
