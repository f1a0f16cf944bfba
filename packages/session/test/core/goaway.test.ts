/**
 * GOAWAY: the session's (every draft) and one request's (drafts 18 and 19), their rules, the
 * refusal of new requests, and the timeouts after which the sender closes or resets.
 */

import { TerminationCode } from "@moqt/wire";
import { describe, expect, it } from "vitest";
import { SessionError } from "../../src/core/index.js";
import { b, DRAFTS, messagesOf, ns, one, Pair, Peer } from "./pair.js";

const track = { trackNamespace: ns("g"), trackName: b("t") };

describe.each(DRAFTS)("draft-%i GOAWAY", (draft) => {
	const timed = draft >= 18;

	it("from the server tells the client where to go, and stops its new requests", () => {
		const p = new Pair(draft);
		p.take("client");
		const sub = p.client.subscribe(track, p.now);
		p.drive();
		p.server.goaway(p.now, { newSessionUri: "moqt://next.example/", timeout: 5000 });
		p.drive();
		const sent = messagesOf(p.takeSent("server")).at(-1)!;
		expect(sent).toEqual({
			type: "GOAWAY",
			newSessionUri: "moqt://next.example/",
			...(timed && { timeout: 5000n }),
			// draft-18: the smallest client Request ID not yet seen (the SUBSCRIBE, 0, was seen).
			...(draft === 18 && { requestId: 2n }),
		});
		expect(one(p.take("client"), "goaway")).toEqual({
			kind: "goaway",
			newSessionUri: "moqt://next.example/",
			timeout: timed ? 5000n : undefined,
			requestId: undefined,
			peerRequestId: draft === 18 ? 2n : undefined,
		});
		expect(() => p.client.subscribe({ ...track, trackName: b("u") }, p.now)).toThrow(
			expect.objectContaining({ code: "going-away" }),
		);
		expect(() =>
			p.client.fetch(
				{
					fetchType: {
						type: 1,
						...track,
						startLocation: { group: 0n, object: 0n },
						endLocation: { group: 1n, object: 0n },
					},
				},
				p.now,
			),
		).toThrow(SessionError);
		// Existing requests go on: they can be answered and updated.
		p.server.respond(sub, { kind: "subscribe-ok" }, p.now);
		p.drive();
		one(p.take("client"), "subscribe-ok");
		expect(() => p.client.requestUpdate(sub, { subscriberPriority: 2 }, p.now)).not.toThrow();
	});

	it("from a client carries no URI", () => {
		const p = new Pair(draft);
		p.take("server");
		expect(() => p.client.goaway(p.now, { newSessionUri: "moqt://x/" })).toThrow(SessionError);
		p.client.goaway(p.now);
		p.drive();
		expect(one(p.take("server"), "goaway").newSessionUri).toBe("");
		expect(() => p.client.goaway(p.now)).toThrow(/already/);
	});

	it("received twice, or with a URI by a server, closes the session", () => {
		const goaway = (uri: string) =>
			({
				type: "GOAWAY",
				newSessionUri: uri,
				...(timed && { timeout: 0n }),
				...(draft === 18 && { requestId: 0n }),
			}) as const;
		const client = new Peer(draft, "client").completeSetup();
		client.feed(0, goaway("moqt://a/"));
		expect(client.closed()).toBeUndefined();
		client.feed(0, goaway(""));
		expect(client.closed()?.code).toBe(TerminationCode.PROTOCOL_VIOLATION);

		const server = new Peer(draft, "server").completeSetup();
		server.feed(0, { ...goaway("moqt://a/"), ...(draft === 18 && { requestId: 1n }) });
		expect(server.closed()?.code).toBe(TerminationCode.PROTOCOL_VIOLATION);
	});

	it("closes the session with GOAWAY_TIMEOUT when requests are still open at its timeout", () => {
		const p = new Pair(draft);
		p.client.subscribe(track, p.now);
		p.drive();
		p.server.goaway(p.now, { timeout: 1000 });
		p.drive();
		p.take("server");
		p.advance(999);
		expect(p.server.state).toBe("ready");
		p.advance(1);
		expect(one(p.take("server"), "closed")).toMatchObject({ code: TerminationCode.GOAWAY_TIMEOUT, remote: false });
		expect(one(p.take("client"), "closed")).toMatchObject({ code: TerminationCode.GOAWAY_TIMEOUT, remote: true });
	});

	it("closes with NO_ERROR at its timeout when nothing is open", () => {
		const p = new Pair(draft);
		p.server.goaway(p.now, { timeout: 10 });
		p.advance(10);
		expect(one(p.take("server"), "closed").code).toBe(TerminationCode.NO_ERROR);
	});

	it("makes drafts 18 and 19 refuse the peer's new requests with GOING_AWAY", () => {
		// The client's core stops its own new requests after a GOAWAY: play a client that did not.
		const server = new Peer(draft, "server").completeSetup();
		server.core.goaway(0);
		server.transmits();
		server.feed(server.requestChannel(), { type: "SUBSCRIBE", requestId: 0n, ...track });
		if (timed) {
			expect(messagesOf(server.transmits())[0]).toMatchObject({ type: "REQUEST_ERROR", errorCode: 0x6 });
			expect(server.events()).toEqual([]);
		} else {
			// drafts 14 and 16 have no GOING_AWAY code: the application decides.
			expect(one(server.events(), "request").requestId).toBe(0n);
		}
	});

	if (draft === 18) {
		it("draft-18: its Request ID must have our parity and be present", () => {
			const wrong = new Peer(18, "client").completeSetup();
			wrong.feed(0, { type: "GOAWAY", newSessionUri: "", timeout: 0n, requestId: 1n });
			expect(wrong.closed()?.code).toBe(TerminationCode.INVALID_REQUEST_ID);
			const missing = new Peer(18, "client").completeSetup();
			missing.feed(0, { type: "GOAWAY", newSessionUri: "", timeout: 0n });
			expect(missing.closed()?.code).toBe(TerminationCode.PROTOCOL_VIOLATION);
		});
	}

	if (timed) {
		it("on one request stream moves that request, then resets it with GOING_AWAY at its timeout", () => {
			const p = new Pair(draft);
			p.take("client");
			const sub = p.client.subscribe(track, p.now);
			p.drive();
			p.server.respond(sub, { kind: "subscribe-ok" }, p.now);
			p.drive();
			p.take("client");
			p.take("server");
			expect(p.server.goawayRequest(sub, p.now, { newSessionUri: "moqt://b/", timeout: 200 })).toBe(true);
			p.drive();
			expect(one(p.take("client"), "goaway")).toMatchObject({
				requestId: sub,
				newSessionUri: "moqt://b/",
				timeout: 200n,
			});
			expect(p.client.stats().requests).toBe(1);
			expect(() => p.server.goawayRequest(sub, p.now)).toThrow(/already/);
			p.advance(200);
			expect(one(p.take("server"), "request-ended")).toMatchObject({
				requestId: sub,
				cause: "timeout",
				code: 0x4,
				source: "local",
			});
			expect(one(p.take("client"), "request-ended")).toMatchObject({ requestId: sub, cause: "cancelled", code: 0x4 });
			expect(p.server.stats().requests).toBe(0);
			expect(p.client.stats().requests).toBe(0);
		});

		it("on a request stream twice, or with a Request ID, closes the session", () => {
			const p = new Pair(draft);
			const sub = p.client.subscribe(track, p.now);
			p.drive();
			const ch = p.channelOf("client", sub);
			p.inject("client", ch, { type: "GOAWAY", newSessionUri: "", timeout: 0n });
			expect(p.client.state).toBe("ready");
			p.inject("client", ch, { type: "GOAWAY", newSessionUri: "", timeout: 0n });
			expect(one(p.take("client"), "closed").code).toBe(TerminationCode.PROTOCOL_VIOLATION);
			if (draft === 18) {
				const q = new Pair(draft);
				const s2 = q.client.subscribe(track, q.now);
				q.drive();
				q.inject("client", q.channelOf("client", s2), {
					type: "GOAWAY",
					newSessionUri: "",
					timeout: 0n,
					requestId: 0n,
				});
				expect(one(q.take("client"), "closed").code).toBe(TerminationCode.PROTOCOL_VIOLATION);
			}
		});
	} else {
		it("exists only for the session before draft-18", () => {
			const p = new Pair(draft);
			const sub = p.client.subscribe(track, p.now);
			p.drive();
			expect(() => p.server.goawayRequest(sub, p.now)).toThrow(SessionError);
		});
	}
});
