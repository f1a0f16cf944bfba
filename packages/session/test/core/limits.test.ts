/**
 * Request IDs and limits: parity, order and duplicates (INVALID_REQUEST_ID), MAX_REQUEST_ID /
 * REQUESTS_BLOCKED and TOO_MANY_REQUESTS (drafts 14 and 16), the queue of our blocked requests,
 * and the limits on the peer's requests, subscriptions and namespace requests.
 */

import { FetchType, TerminationCode } from "@moqt/wire";
import { describe, expect, it } from "vitest";
import { b, DRAFTS, messagesOf, ns, ofKind, one, Pair, Peer, trace } from "./pair.js";

const track = (name: string) => ({ trackNamespace: ns("l"), trackName: b(name) });

describe.each([14, 16] as const)("draft-%i MAX_REQUEST_ID", (draft) => {
	it("queues requests beyond the peer's limit, says REQUESTS_BLOCKED once, and sends them when it rises", () => {
		const p = new Pair(draft, { serverLimits: { maxIncomingRequests: 2 } });
		expect(p.client.peer?.maxRequestId).toBe(4n);
		p.take("server");
		const ids = ["a", "b", "c", "d"].map((n) => p.client.subscribe(track(n), p.now));
		expect(ids).toEqual([0n, 2n, 4n, 6n]);
		p.drive();
		expect(trace(p.takeSent("client"))).toEqual(["SUBSCRIBE", "SUBSCRIBE", "REQUESTS_BLOCKED"]);
		expect(messagesOf(p.sent.client)).toEqual([]);
		expect(p.client.stats().queued).toBe(2);
		expect(ofKind(p.take("server"), "request").map((e) => e.requestId)).toEqual([0n, 2n]);
		// One request completes: the server grants one more ID, and the client sends one more.
		p.server.respond(0n, { kind: "error", code: 0x4 }, p.now);
		p.drive();
		const serverSent = messagesOf(p.takeSent("server"));
		expect(serverSent.at(-1)).toEqual({ type: "MAX_REQUEST_ID", maxRequestId: 6n });
		// Still blocked at the new limit: one more REQUESTS_BLOCKED, for 6.
		expect(messagesOf(p.takeSent("client"))).toEqual([
			expect.objectContaining({ type: "SUBSCRIBE", requestId: 4n }),
			{ type: "REQUESTS_BLOCKED", maxRequestId: 6n },
		]);
		expect(ofKind(p.take("server"), "request").map((e) => e.requestId)).toEqual([4n]);
		p.server.respond(2n, { kind: "error", code: 0x4 }, p.now);
		p.drive();
		expect(trace(p.takeSent("client"))).toEqual(["SUBSCRIBE"]);
		expect(p.client.stats().queued).toBe(0);
	});

	it("a queued request cancelled before it is sent is still sent, then cancelled", () => {
		const p = new Pair(draft, { serverLimits: { maxIncomingRequests: 1 } });
		p.client.subscribe(track("a"), p.now);
		const second = p.client.subscribe(track("b"), p.now);
		p.drive();
		p.takeSent("client");
		expect(p.client.cancel(second, p.now)).toBe(true);
		expect(p.client.stats()).toMatchObject({ requests: 1, queued: 1 });
		p.server.respond(0n, { kind: "error", code: 0x4 }, p.now);
		p.drive();
		expect(messagesOf(p.takeSent("client"))).toEqual([
			expect.objectContaining({ type: "SUBSCRIBE", requestId: second }),
			{ type: "UNSUBSCRIBE", requestId: second },
		]);
		expect(p.client.stats()).toMatchObject({ requests: 0, queued: 0 });
	});

	it("a queued PUBLISH ended with publishDone is sent, then PUBLISH_DONE", () => {
		const p = new Pair(draft, { serverLimits: { maxIncomingRequests: 1 } });
		p.client.subscribe(track("a"), p.now);
		const pub = p.client.publish({ ...track("b"), trackAlias: 1n }, p.now);
		p.client.publishDone(pub, { statusCode: 0x2 }, p.now);
		p.drive();
		p.takeSent("client");
		p.take("server");
		p.server.respond(0n, { kind: "error", code: 0x4 }, p.now);
		p.drive();
		expect(trace(p.takeSent("client"))).toEqual(["PUBLISH", "PUBLISH_DONE"]);
		const server = p.take("server");
		expect(server.map((e) => e.kind)).toEqual(["request", "publish-done"]);
	});

	it("bounds the queue", () => {
		const p = new Pair(draft, { serverLimits: { maxIncomingRequests: 1 }, clientLimits: { maxQueuedRequests: 1 } });
		p.client.subscribe(track("a"), p.now);
		p.client.subscribe(track("b"), p.now);
		expect(() => p.client.subscribe(track("c"), p.now)).toThrow(expect.objectContaining({ code: "limit" }));
		expect(p.client.stats().requests).toBe(2);
	});

	it("closes with TOO_MANY_REQUESTS when the peer goes past our limit", () => {
		const peer = new Peer(draft, "server", { limits: { maxIncomingRequests: 1 } }).completeSetup();
		peer.feed(0, { type: "SUBSCRIBE", requestId: 0n, ...track("a") });
		expect(peer.closed()).toBeUndefined();
		peer.feed(0, { type: "SUBSCRIBE", requestId: 2n, ...track("b") });
		expect(peer.closed()?.code).toBe(TerminationCode.TOO_MANY_REQUESTS);
	});

	it("closes when MAX_REQUEST_ID does not increase", () => {
		const peer = new Peer(draft, "client").completeSetup({ maxRequestId: 10n });
		peer.feed(0, { type: "MAX_REQUEST_ID", maxRequestId: 12n });
		expect(peer.closed()).toBeUndefined();
		peer.feed(0, { type: "MAX_REQUEST_ID", maxRequestId: 12n });
		expect(peer.closed()?.code).toBe(TerminationCode.PROTOCOL_VIOLATION);
	});

	it("takes REQUESTS_BLOCKED from the peer without closing", () => {
		const peer = new Peer(draft, "server").completeSetup();
		peer.feed(0, { type: "REQUESTS_BLOCKED", maxRequestId: 200n });
		expect(peer.closed()).toBeUndefined();
		expect(peer.events()).toEqual([]);
	});
});

describe.each(DRAFTS)("draft-%i Request IDs", (draft) => {
	it("of the wrong parity close the session with INVALID_REQUEST_ID", () => {
		const peer = new Peer(draft, "server").completeSetup();
		peer.feed(peer.requestChannel(), { type: "SUBSCRIBE", requestId: 1n, ...track("a") });
		expect(peer.closed()?.code).toBe(TerminationCode.INVALID_REQUEST_ID);
	});

	it("used twice close the session with INVALID_REQUEST_ID", () => {
		const peer = new Peer(draft, "server").completeSetup();
		peer.feed(peer.requestChannel(), { type: "SUBSCRIBE", requestId: 0n, ...track("a") });
		peer.feed(peer.requestChannel(), { type: "SUBSCRIBE", requestId: 0n, ...track("b") });
		expect(peer.closed()?.code).toBe(TerminationCode.INVALID_REQUEST_ID);
	});

	if (draft === 14) {
		it("out of sequence close a draft-14 session with INVALID_REQUEST_ID", () => {
			const peer = new Peer(draft, "server").completeSetup();
			peer.feed(0, { type: "SUBSCRIBE", requestId: 2n, ...track("a") });
			expect(peer.closed()?.code).toBe(TerminationCode.INVALID_REQUEST_ID);
		});

		it("a second bidirectional stream closes a draft-14 session", () => {
			const peer = new Peer(draft, "server").completeSetup();
			peer.core.channelOpened(0);
			expect(peer.closed()?.code).toBe(TerminationCode.PROTOCOL_VIOLATION);
		});
	} else {
		it("may arrive out of order on separate streams", () => {
			const peer = new Peer(draft, "server").completeSetup();
			const first = draft === 16 ? peer.core.channelOpened(0) : peer.requestChannel();
			peer.feed(peer.requestChannel(), { type: "SUBSCRIBE", requestId: 2n, ...track("a") });
			const opener =
				draft === 16
					? ({ type: "SUBSCRIBE_NAMESPACE", requestId: 0n, trackNamespacePrefix: ns("x") } as const)
					: ({ type: "SUBSCRIBE", requestId: 0n, ...track("b") } as const);
			peer.feed(first, opener);
			expect(peer.closed()).toBeUndefined();
			expect(ofKind(peer.events(), "request").map((e) => e.requestId)).toEqual([2n, 0n]);
		});
	}
});

describe.each([18, 19] as const)("draft-%i request limits", (draft) => {
	it("refuse requests beyond maxIncomingRequests with EXCESSIVE_LOAD and a retry interval", () => {
		const peer = new Peer(draft, "server", { limits: { maxIncomingRequests: 1 } }).completeSetup();
		peer.feed(peer.requestChannel(), { type: "SUBSCRIBE", requestId: 0n, ...track("a") });
		peer.transmits();
		peer.feed(peer.requestChannel(), { type: "TRACK_STATUS", requestId: 2n, ...track("b") });
		expect(messagesOf(peer.transmits())[0]).toMatchObject({
			type: "REQUEST_ERROR",
			errorCode: 0x9,
			retryInterval: 1001n,
		});
		expect(ofKind(peer.events(), "request").map((e) => e.requestId)).toEqual([0n]);
		expect(peer.core.stats().requests).toBe(1);
	});
});

describe.each(DRAFTS)("draft-%i subscription and namespace limits", (draft) => {
	const overload = draft >= 18 ? 0x9 : 0x0;

	it("refuse subscriptions beyond maxSubscriptions", () => {
		const peer = new Peer(draft, "server", { limits: { maxSubscriptions: 1 } }).completeSetup();
		peer.feed(peer.requestChannel(), { type: "SUBSCRIBE", requestId: 0n, ...track("a") });
		peer.transmits();
		peer.feed(peer.requestChannel(), { type: "PUBLISH", requestId: 2n, ...track("b"), trackAlias: 3n });
		expect(messagesOf(peer.transmits())[0]).toMatchObject({ errorCode: overload });
		// The refused PUBLISH's alias drains: its objects are recognised and dropped.
		expect(peer.core.stats()).toMatchObject({ subscriptions: 1, draining: 1 });
		// Other requests are not subscriptions.
		peer.feed(peer.requestChannel(), {
			type: "FETCH",
			requestId: 4n,
			fetchType: {
				type: FetchType.STANDALONE,
				...track("c"),
				startLocation: { group: 0n, object: 0n },
				endLocation: { group: 1n, object: 0n },
			},
		});
		expect(ofKind(peer.events(), "request").map((e) => e.requestId)).toEqual([0n, 4n]);
	});

	it("refuse namespace requests beyond maxNamespaces", () => {
		const peer = new Peer(draft, "server", { limits: { maxNamespaces: 1 } }).completeSetup();
		peer.feed(peer.requestChannel(), { type: "PUBLISH_NAMESPACE", requestId: 0n, trackNamespace: ns("a") });
		peer.transmits();
		peer.feed(peer.requestChannel(), { type: "PUBLISH_NAMESPACE", requestId: 2n, trackNamespace: ns("b") });
		expect(messagesOf(peer.transmits())[0]).toMatchObject({ errorCode: overload });
		expect(ofKind(peer.events(), "request").map((e) => e.requestId)).toEqual([0n]);
	});

	it("are freed when requests end", () => {
		const p = new Pair(draft, { serverLimits: { maxSubscriptions: 1 } });
		p.take("server");
		const a = p.client.subscribe(track("a"), p.now);
		p.drive();
		p.server.respond(a, { kind: "subscribe-ok" }, p.now);
		p.server.publishDone(a, { statusCode: 0 }, p.now);
		p.drive();
		p.take("server");
		const c = p.client.subscribe(track("c"), p.now);
		p.drive();
		expect(one(p.take("server"), "request").requestId).toBe(c);
		expect(p.server.stats().subscriptions).toBe(1);
	});
});

describe("draft-18 unanswered REQUEST_UPDATEs", () => {
	it("beyond maxIncomingRequests are refused, which ends the subscription", () => {
		const p = new Pair(18, { serverLimits: { maxIncomingRequests: 2 } });
		const id = p.client.subscribe(track("a"), p.now);
		p.drive();
		p.server.respond(id, { kind: "subscribe-ok" }, p.now);
		p.drive();
		p.take("client");
		p.take("server");
		for (let i = 0; i < 3; i++) p.client.requestUpdate(id, { subscriberPriority: i }, p.now);
		p.drive();
		expect(ofKind(p.take("server"), "update")).toHaveLength(2);
		const client = p.take("client");
		// A refused update ends the subscription (PUBLISH_DONE UPDATE_FAILED); the others fail with it.
		// Answers carry no Request ID, so the REQUEST_ERROR is taken as the answer to the oldest update:
		// the sender "will not always be able to determine which caused an error" (draft-19 §10.9).
		expect(client.map((e) => (e.kind === "request-error" ? [e.requestId, e.code, e.source] : e.kind))).toEqual([
			[2n, 0x9, "message"],
			"publish-done",
			[4n, 0x0, "local"],
			[6n, 0x0, "local"],
		]);
		expect(one(client, "publish-done").statusCode).toBe(0x8);
	});
});

describe("draining", () => {
	it("lasts at least the subscription's delivery timeout", () => {
		const p = new Pair(19, { clientLimits: { drainTimeout: 100 } });
		const id = p.client.subscribe({ ...track("a"), deliveryTimeout: 500n }, p.now);
		p.drive();
		p.server.respond(id, { kind: "subscribe-ok", trackAlias: 2n }, p.now);
		p.server.publishDone(id, { statusCode: 0 }, p.now);
		p.drive();
		p.advance(499);
		expect(p.client.stats().draining).toBe(1);
		p.advance(1);
		expect(p.client.stats().draining).toBe(0);
	});
});
