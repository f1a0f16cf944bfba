/**
 * PUBLISH: a subscription the publisher starts. PUBLISH_OK (REQUEST_OK from draft-17), refusal,
 * the subscriber's updates and cancellation, PUBLISH_DONE, aliases known before the answer, and
 * the duplicate-subscription rules of drafts 16 and 18.
 */

import { GroupOrder, PublishErrorCode, TerminationCode } from "@moqt/wire";
import { describe, expect, it } from "vitest";
import { SessionError } from "../../src/core/index.js";
import { b, DRAFTS, messagesOf, ns, one, Pair, Peer, trace } from "./pair.js";

const track = { trackNamespace: ns("chat"), trackName: b("alice") };

function published(draft: (typeof DRAFTS)[number], extra: object = {}) {
	const p = new Pair(draft);
	p.take("client");
	p.take("server");
	const id = p.client.publish({ ...track, trackAlias: 11n, ...extra }, p.now);
	p.drive();
	return { p, id };
}

describe.each(DRAFTS)("draft-%i PUBLISH", (draft) => {
	const streams = draft >= 17;

	it("starts a subscription the subscriber accepts", () => {
		const { p, id } = published(draft, { largestObject: { group: 2n, object: 9n } });
		expect(trace(p.takeSent("client"))).toEqual(["PUBLISH"]);
		const req = one(p.take("server"), "request");
		expect(req.message).toMatchObject({ type: "PUBLISH", trackAlias: 11n, largestObject: { group: 2n, object: 9n } });
		// The alias is known at once: objects may come before PUBLISH_OK.
		expect(p.server.subscriptionsByAlias(11n).map((s) => [s.requestId, s.state])).toEqual([[id, "pending"]]);
		expect(p.client.subscription(id)).toMatchObject({ role: "publisher", initiator: "PUBLISH", state: "pending" });
		expect(p.client.subscription(id)?.joiningLocation).toEqual({ group: 2n, object: 9n });
		p.server.respond(id, { kind: "publish-ok", parameters: { forward: true, subscriberPriority: 3 } }, p.now);
		p.drive();
		expect(trace(p.takeSent("server"))).toEqual([streams ? "REQUEST_OK" : "PUBLISH_OK"]);
		const ok = one(p.take("client"), "publish-ok");
		expect(ok).toMatchObject({ requestId: id, parameters: { forward: true, subscriberPriority: 3 } });
		expect(p.client.subscription(id)).toMatchObject({ state: "established", parameters: { subscriberPriority: 3 } });
		expect(p.server.subscription(id)).toMatchObject({ role: "subscriber", state: "established", trackAlias: 11n });
	});

	it("ends with PUBLISH_DONE from the publisher", () => {
		const { p, id } = published(draft);
		p.server.respond(id, { kind: "publish-ok" }, p.now);
		p.drive();
		p.take("client");
		p.take("server");
		p.takeSent("client");
		p.client.dataStreamOpened(id);
		p.client.publishDone(id, { statusCode: 0x2, reason: "bye" }, p.now);
		p.drive();
		expect(trace(p.takeSent("client"))).toEqual(streams ? ["PUBLISH_DONE", "fin"] : ["PUBLISH_DONE"]);
		expect(one(p.take("server"), "publish-done")).toMatchObject({ requestId: id, streamCount: 1n, reason: "bye" });
		expect(p.client.stats().requests).toBe(0);
		expect(p.server.stats()).toMatchObject({ requests: 0, draining: 1 });
		p.advance(2000);
		expect(p.server.stats()).toMatchObject({ draining: 0, aliases: 0 });
	});

	it("can end before the subscriber answers", () => {
		const { p, id } = published(draft);
		p.client.publishDone(id, { statusCode: 0x2 }, p.now);
		p.drive();
		const server = p.take("server");
		one(server, "request");
		one(server, "publish-done");
		expect(p.server.respond(id, { kind: "publish-ok" }, p.now)).toBe(false);
		expect(p.client.stats().requests).toBe(0);
		expect(p.server.stats().requests).toBe(0);
	});

	it("is refused with the draft's error message; the alias drains", () => {
		const { p, id } = published(draft);
		p.server.respond(id, { kind: "error", code: PublishErrorCode.UNINTERESTED, reason: "no thanks" }, p.now);
		p.drive();
		expect(trace(p.takeSent("server"))[0]).toBe(draft === 14 ? "PUBLISH_ERROR" : "REQUEST_ERROR");
		expect(one(p.take("client"), "request-error")).toMatchObject({ requestId: id, request: "PUBLISH", code: 0x4 });
		expect(p.client.stats().requests).toBe(0);
		// Objects sent before the refusal are still recognised, and dropped.
		expect(p.server.subscriptionsByAlias(11n)[0]?.state).toBe("draining");
	});

	it("is cancelled by the subscriber", () => {
		const { p, id } = published(draft);
		p.server.respond(id, { kind: "publish-ok" }, p.now);
		p.drive();
		p.take("client");
		p.takeSent("server");
		expect(p.server.cancel(id, p.now)).toBe(true);
		p.drive();
		expect(trace(p.takeSent("server"))).toEqual(streams ? ["reset:1", "stop:1"] : ["UNSUBSCRIBE", "MAX_REQUEST_ID"]);
		expect(one(p.take("client"), "request-ended")).toMatchObject({
			requestId: id,
			request: "PUBLISH",
			cause: "cancelled",
		});
		expect(p.client.stats().requests).toBe(0);
		expect(p.server.stats()).toMatchObject({ requests: 0, draining: 1 });
	});

	it("is updated by the subscriber, and by the publisher", () => {
		const { p, id } = published(draft);
		p.server.respond(id, { kind: "publish-ok" }, p.now);
		p.drive();
		p.take("client");
		const bySubscriber = p.server.requestUpdate(id, { subscriberPriority: 200 }, p.now);
		p.drive();
		const ev = one(p.take("client"), "update");
		expect(ev).toMatchObject({ requestId: bySubscriber, targetRequestId: id, parameters: { subscriberPriority: 200 } });
		if (draft !== 14) {
			p.client.respond(bySubscriber, { kind: "ok" }, p.now);
			p.drive();
			expect(one(p.take("server"), "request-ok").targetRequestId).toBe(id);
			// The publisher may update its PUBLISH too, from draft-16.
			const byPublisher = p.client.requestUpdate(id, { forward: false }, p.now);
			p.drive();
			expect(one(p.take("server"), "update").targetRequestId).toBe(id);
			p.server.respond(byPublisher, { kind: "ok" }, p.now);
			p.drive();
			expect(one(p.take("client"), "request-ok")).toMatchObject({ requestId: byPublisher, targetRequestId: id });
		} else {
			// draft-14: only the subscriber sends SUBSCRIBE_UPDATE.
			expect(() => p.client.requestUpdate(id, { forward: false }, p.now)).toThrow(SessionError);
		}
	});

	it("is ended only with publishDone by the publisher", () => {
		const { p, id } = published(draft);
		expect(() => p.client.cancel(id, p.now)).toThrow(/publishDone/);
		// And the subscriber answers before it can cancel.
		expect(() => p.server.cancel(id, p.now)).toThrow(/respond/);
	});

	it("closes with DUPLICATE_TRACK_ALIAS when its alias is another track's", () => {
		const p = new Pair(draft);
		p.client.publish({ ...track, trackAlias: 5n }, p.now);
		p.drive();
		const peer = new Peer(draft, "server").completeSetup();
		peer.feed(peer.requestChannel(), { type: "PUBLISH", requestId: 0n, ...track, trackAlias: 5n });
		peer.feed(peer.requestChannel(), { type: "PUBLISH", requestId: 2n, ...track, trackName: b("bob"), trackAlias: 5n });
		expect(peer.closed()?.code).toBe(TerminationCode.DUPLICATE_TRACK_ALIAS);
		// A publisher's core refuses to do that itself.
		expect(() => p.client.publish({ ...track, trackName: b("bob"), trackAlias: 5n }, p.now)).toThrow(SessionError);
	});

	it("closes when the sender of PUBLISH finishes its stream before PUBLISH_DONE (draft-17+)", () => {
		if (!streams) return;
		const { p, id } = published(draft);
		p.take("server");
		p.injectEvent("server", p.channelOf("server", id), { kind: "fin" });
		expect(one(p.take("server"), "request-ended")).toMatchObject({ requestId: id, cause: "failed", source: "stream" });
		expect(p.server.stats().requests).toBe(0);
	});

	it("refuses Track Properties in the REQUEST_OK answering it (draft-17+)", () => {
		if (!streams) return;
		const { p, id } = published(draft);
		p.inject("client", p.channelOf("client", id), { type: "REQUEST_OK", trackProperties: [{ type: 2n, value: 1n }] });
		expect(one(p.take("client"), "closed").code).toBe(TerminationCode.PROTOCOL_VIOLATION);
	});
});

describe("draft-14 PUBLISH_OK", () => {
	it("carries the PUBLISH's group order unless the subscriber chooses one", () => {
		const { p, id } = published(14, { groupOrder: GroupOrder.DESCENDING });
		p.server.respond(id, { kind: "publish-ok" }, p.now);
		p.drive();
		expect(messagesOf(p.takeSent("server"))[0]).toMatchObject({
			type: "PUBLISH_OK",
			groupOrder: GroupOrder.DESCENDING,
		});
	});
});

describe.each([16, 18] as const)("draft-%i one subscription per track and role", (draft) => {
	it("accepting a PUBLISH ends our pending SUBSCRIBE to the same track first", () => {
		// The server subscribes while the client's PUBLISH of the same track is on its way.
		const server = new Peer(draft, "server").completeSetup();
		const sub = server.core.subscribe(track, 0);
		server.transmits();
		server.feed(server.requestChannel(), { type: "PUBLISH", requestId: 0n, ...track, trackAlias: 1n });
		expect(one(server.events(), "request").requestId).toBe(0n);
		server.core.respond(0n, { kind: "publish-ok" }, 0);
		expect(trace(server.transmits())).toEqual(
			draft === 18 ? ["reset:1", "stop:1", "REQUEST_OK"] : ["UNSUBSCRIBE", "PUBLISH_OK"],
		);
		expect(one(server.events(), "request-error")).toMatchObject({ requestId: sub, code: 0x19, source: "local" });
		expect(server.core.stats().requests).toBe(1);
	});

	it("a SUBSCRIBE crossing our PUBLISH of the track is refused with DUPLICATE_SUBSCRIPTION", () => {
		const client = new Peer(draft, "client").completeSetup();
		client.core.publish({ ...track, trackAlias: 1n }, 0);
		client.transmits();
		client.feed(client.requestChannel(), { type: "SUBSCRIBE", requestId: 1n, ...track });
		expect(messagesOf(client.transmits())[0]).toMatchObject({ type: "REQUEST_ERROR", errorCode: 0x19 });
		expect(client.events()).toEqual([]);
	});

	it("we do not PUBLISH a track we already publish to the peer", () => {
		const p = new Pair(draft);
		const sub = p.server.subscribe(track, p.now);
		p.drive();
		p.client.respond(sub, { kind: "subscribe-ok", trackAlias: 1n }, p.now);
		p.drive();
		// The peer would refuse it with DUPLICATE_SUBSCRIPTION.
		expect(() => p.client.publish({ ...track, trackAlias: 2n }, p.now)).toThrow(/subscription to this track exists/);
		expect(p.client.stats().requests).toBe(1);
	});
});

describe.each([16, 18] as const)("draft-%i duplicate PUBLISH", (draft) => {
	it("is refused with DUPLICATE_SUBSCRIPTION while another live subscription receives the track", () => {
		const peer = new Peer(draft, "server").completeSetup();
		peer.feed(peer.requestChannel(), { type: "PUBLISH", requestId: 0n, ...track, trackAlias: 1n });
		expect(one(peer.events(), "request").requestId).toBe(0n);
		peer.transmits();
		peer.feed(peer.requestChannel(), { type: "PUBLISH", requestId: 2n, ...track, trackAlias: 1n });
		expect(messagesOf(peer.transmits())[0]).toMatchObject({ type: "REQUEST_ERROR", errorCode: 0x19 });
		expect(peer.events()).toEqual([]);
	});
});

describe("draft-14 crossing SUBSCRIBE and PUBLISH", () => {
	it("leaves a SUBSCRIBE crossing our PUBLISH of the track to the application", () => {
		const client = new Peer(14, "client").completeSetup();
		client.core.publish({ ...track, trackAlias: 1n }, 0);
		client.transmits();
		client.feed(0, { type: "SUBSCRIBE", requestId: 1n, ...track });
		expect(client.closed()).toBeUndefined();
		expect(one(client.events(), "request").requestId).toBe(1n);
	});
});
