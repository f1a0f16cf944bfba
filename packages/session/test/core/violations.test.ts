/**
 * Messages in the wrong place or state, and the closed session: each draft's code, a single
 * close, and nothing accepted afterwards.
 */

import { type ControlMessage, TerminationCode } from "@moqt/wire";
import { describe, expect, it } from "vitest";
import { SessionError } from "../../src/core/index.js";
import { b, DRAFTS, ns, one, Pair, Peer, trace } from "./pair.js";

const track = { trackNamespace: ns("v"), trackName: b("t") };

describe.each(DRAFTS)("draft-%i violations", (draft) => {
	const streams = draft >= 17;

	it("a message for a request that never existed closes the session", () => {
		const peer = new Peer(draft, "client").completeSetup();
		const messages: ControlMessage[] = streams
			? []
			: [
					{ type: "PUBLISH_DONE", requestId: 9n, statusCode: 0, streamCount: 0n, reasonPhrase: "" },
					{ type: "UNSUBSCRIBE", requestId: 8n },
					{ type: "FETCH_CANCEL", requestId: 9n },
				];
		for (const m of messages) {
			const fresh = new Peer(draft, "client").completeSetup();
			fresh.feed(0, m);
			expect(fresh.closed()?.code, m.type).toBe(TerminationCode.PROTOCOL_VIOLATION);
		}
		expect(peer.closed()).toBeUndefined();
	});

	it("a message of a request's peer sent by the wrong side closes the session", () => {
		// UNSUBSCRIBE for our own SUBSCRIBE (we are its subscriber, not its publisher).
		if (streams) return;
		const p = new Pair(draft);
		const id = p.client.subscribe(track, p.now);
		p.drive();
		p.inject("client", 0, { type: "UNSUBSCRIBE", requestId: id });
		expect(one(p.take("client"), "closed").code).toBe(TerminationCode.PROTOCOL_VIOLATION);
	});

	if (streams) {
		it("a request stream must begin with a request", () => {
			const peer = new Peer(draft, "server").completeSetup();
			peer.feed(peer.core.channelOpened(0), { type: "REQUEST_UPDATE", requestId: 0n });
			expect(peer.closed()?.code).toBe(TerminationCode.PROTOCOL_VIOLATION);
		});

		it("the control stream carries only SETUP and GOAWAY", () => {
			const peer = new Peer(draft, "server").completeSetup();
			peer.feed(0, { type: "SUBSCRIBE", requestId: 0n, ...track });
			expect(peer.closed()?.code).toBe(TerminationCode.PROTOCOL_VIOLATION);
		});

		it("a message that does not belong on a request's stream closes the session", () => {
			const p = new Pair(draft);
			const id = p.client.subscribe(track, p.now);
			p.drive();
			p.inject("server", p.channelOf("server", id), { type: "NAMESPACE", trackNamespaceSuffix: ns("x") });
			expect(one(p.take("server"), "closed").code).toBe(TerminationCode.PROTOCOL_VIOLATION);
		});

		it("a message on a stream we forgot is late data and ignored", () => {
			const p = new Pair(draft);
			const id = p.client.subscribe(track, p.now);
			p.drive();
			const ch = p.channelOf("client", id);
			p.server.respond(id, { kind: "error", code: 0x4 }, p.now);
			p.drive();
			p.take("client");
			p.inject("client", ch, { type: "SUBSCRIBE_OK", trackAlias: 1n });
			expect(p.take("client")).toEqual([]);
			expect(p.client.state).toBe("ready");
		});
	} else {
		it("a message from another draft's vocabulary on the control stream closes the session", () => {
			const peer = new Peer(draft, "server").completeSetup();
			// NAMESPACE belongs on a SUBSCRIBE_NAMESPACE stream (draft-16) or does not exist (draft-14).
			const m: ControlMessage =
				draft === 16
					? { type: "NAMESPACE", trackNamespaceSuffix: ns("x") }
					: { type: "SUBSCRIBE_NAMESPACE_OK", requestId: 1n };
			peer.feed(0, m);
			expect(peer.closed()?.code).toBe(TerminationCode.PROTOCOL_VIOLATION);
		});
	}

	it("a closed session closes once, accepts no input and refuses commands", () => {
		const p = new Pair(draft);
		const id = p.client.subscribe(track, p.now);
		p.drive();
		p.take("client");
		p.take("server");
		p.takeSent("client");
		p.client.close(TerminationCode.NO_ERROR, "done", p.now);
		p.client.close(TerminationCode.INTERNAL_ERROR, "again", p.now);
		p.drive();
		expect(trace(p.takeSent("client"))).toEqual(["close:0"]);
		expect(one(p.take("client"), "closed")).toEqual({ kind: "closed", code: 0, reason: "done", remote: false });
		expect(one(p.take("server"), "closed")).toEqual({ kind: "closed", code: 0, reason: "done", remote: true });
		for (const core of [p.client, p.server]) {
			expect(core.state).toBe("closed");
			expect(core.stats()).toMatchObject({ requests: 0, channels: 0, subscriptions: 0, timers: 0, draining: 0 });
			expect(core.pollTimeout()).toBeUndefined();
		}
		let error: unknown;
		try {
			p.client.subscribe(track, p.now);
		} catch (e) {
			error = e;
		}
		expect(error).toBeInstanceOf(SessionError);
		expect(error).toMatchObject({ code: "closed", terminationCode: 0 });
		expect(() => p.client.respond(id, { kind: "ok" }, p.now)).toThrow(SessionError);
		// Input after the close is ignored.
		p.client.receive(0, { type: "GOAWAY", newSessionUri: "" }, p.now);
		expect(p.client.pollEvent()).toBeUndefined();
		expect(p.client.pollTransmit()).toBeUndefined();
	});
});
