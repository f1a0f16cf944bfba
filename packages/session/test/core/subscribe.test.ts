/**
 * SUBSCRIBE and everything a subscription goes through: SUBSCRIBE_OK with the publisher's Track
 * Alias, refusal, updates, PUBLISH_DONE with its stream count, cancellation by message or stream,
 * timeouts, and the state left behind.
 */

import type { SubscriptionFilter } from "@moqt/wire";
import { FilterType, type Location, SubscribeErrorCode, TerminationCode } from "@moqt/wire";
import { describe, expect, it } from "vitest";
import { SessionError } from "../../src/core/index.js";
import { b, DRAFTS, messagesOf, ns, one, Pair, Peer, trace } from "./pair.js";

const track = { trackNamespace: ns("live", "room"), trackName: b("video") };

function subscribed(draft: (typeof DRAFTS)[number], parameters: object = {}) {
	const p = new Pair(draft);
	p.take("client");
	p.take("server");
	const id = p.client.subscribe({ ...track, ...parameters }, p.now);
	p.drive();
	return { p, id };
}

function expectClean(p: Pair): void {
	for (const core of [p.client, p.server]) {
		const s = core.stats();
		expect(s.requests).toBe(0);
		expect(s.channels).toBe(0);
		expect(s.subscriptions).toBe(0);
		expect(s.queued).toBe(0);
	}
}

describe.each(DRAFTS)("draft-%i SUBSCRIBE", (draft) => {
	const streams = draft >= 17;

	it("is delivered with its parameters and accepted with the publisher's alias", () => {
		const { p, id } = subscribed(draft, { subscriberPriority: 7, forward: true });
		expect(id).toBe(0n);
		const req = one(p.take("server"), "request");
		expect(req.requestId).toBe(id);
		expect(req.message).toMatchObject({
			type: "SUBSCRIBE",
			trackNamespace: track.trackNamespace,
			subscriberPriority: 7,
		});
		expect(p.server.subscription(id)).toMatchObject({ role: "publisher", state: "pending", trackAlias: undefined });
		const largest: Location = { group: 5n, object: 3n };
		p.server.respond(
			id,
			{ kind: "subscribe-ok", trackAlias: 42n, parameters: { expires: 1000n, largestObject: largest } },
			p.now,
		);
		p.drive();
		const ok = one(p.take("client"), "subscribe-ok");
		expect(ok).toMatchObject({
			requestId: id,
			trackAlias: 42n,
			parameters: { expires: 1000n, largestObject: largest },
		});
		const sub = p.client.subscription(id)!;
		expect(sub).toMatchObject({ role: "subscriber", state: "established", trackAlias: 42n, largestObject: largest });
		expect(sub.joiningLocation).toEqual(largest);
		expect(p.client.subscriptionsByAlias(42n).map((s) => s.requestId)).toEqual([id]);
		expect(p.server.subscription(id)).toMatchObject({
			state: "established",
			trackAlias: 42n,
			joiningLocation: largest,
		});
		expect(trace(p.takeSent("server"))).toEqual(["SUBSCRIBE_OK"]);
	});

	it("picks unused aliases when the application gives none", () => {
		const p = new Pair(draft);
		const a = p.client.subscribe(track, p.now);
		const c = p.client.subscribe({ ...track, trackName: b("audio") }, p.now);
		p.drive();
		p.server.respond(a, { kind: "subscribe-ok" }, p.now);
		p.server.respond(c, { kind: "subscribe-ok" }, p.now);
		p.drive();
		expect(
			p
				.take("client")
				.filter((e) => e.kind === "subscribe-ok")
				.map((e) => e.kind === "subscribe-ok" && e.trackAlias),
		).toEqual([0n, 1n]);
		// A publisher cannot give one alias to two tracks.
		const d = p.client.subscribe({ ...track, trackName: b("data") }, p.now);
		p.drive();
		expect(() => p.server.respond(d, { kind: "subscribe-ok", trackAlias: 0n }, p.now)).toThrow(SessionError);
	});

	it("ends with PUBLISH_DONE carrying the stream count, then drains the alias", () => {
		const { p, id } = subscribed(draft);
		p.server.respond(id, { kind: "subscribe-ok", trackAlias: 3n }, p.now);
		p.drive();
		p.take("client");
		for (let i = 0; i < 3; i++) expect(p.server.dataStreamOpened(id)).toBe(true);
		expect(p.server.subscription(id)?.streamsOpened).toBe(3);
		p.takeSent("server");
		expect(p.server.publishDone(id, { statusCode: 0x2, reason: "track ended" }, p.now)).toBe(true);
		p.drive();
		// drafts 14 and 16: the ended request frees a Request ID for the peer.
		expect(trace(p.takeSent("server"))).toEqual(streams ? ["PUBLISH_DONE", "fin"] : ["PUBLISH_DONE", "MAX_REQUEST_ID"]);
		expect(one(p.take("client"), "publish-done")).toEqual({
			kind: "publish-done",
			requestId: id,
			statusCode: 0x2,
			streamCount: 3n,
			reason: "track ended",
		});
		expectClean(p);
		// The subscriber keeps the alias for late objects, then forgets it.
		expect(p.client.subscriptionsByAlias(3n)[0]?.state).toBe("draining");
		expect(p.client.stats()).toMatchObject({ draining: 1, aliases: 1 });
		p.advance(1999);
		expect(p.client.stats().draining).toBe(1);
		p.advance(1);
		expect(p.client.stats()).toMatchObject({ draining: 0, aliases: 0, timers: 0 });
		expect(p.client.subscriptionsByAlias(3n)).toEqual([]);
		// Ended: nothing more to end.
		expect(p.server.publishDone(id, { statusCode: 0 }, p.now)).toBe(false);
		expect(p.client.cancel(id, p.now)).toBe(false);
	});

	it("releases a draining subscription early on request", () => {
		const { p, id } = subscribed(draft);
		p.server.respond(id, { kind: "subscribe-ok", trackAlias: 1n }, p.now);
		p.drive();
		p.server.publishDone(id, { statusCode: 0, streamCount: 0n }, p.now);
		p.drive();
		expect(p.client.release(id)).toBe(true);
		expect(p.client.stats()).toMatchObject({ draining: 0, aliases: 0, timers: 0 });
		expect(p.client.release(id)).toBe(false);
	});

	it("is refused with the draft's error message", () => {
		const { p, id } = subscribed(draft);
		p.take("server");
		p.server.respond(
			id,
			{ kind: "error", code: SubscribeErrorCode.UNAUTHORIZED, reason: "no", retryInterval: 5001n },
			p.now,
		);
		p.drive();
		const sent = p.takeSent("server");
		expect(trace(sent)).toEqual(
			draft === 14
				? ["SUBSCRIBE_ERROR", "MAX_REQUEST_ID"]
				: streams
					? ["REQUEST_ERROR", "fin"]
					: ["REQUEST_ERROR", "MAX_REQUEST_ID"],
		);
		// The client had IDs below 200; one request ended, so one more.
		if (!streams) expect(messagesOf(sent)[1]).toEqual({ type: "MAX_REQUEST_ID", maxRequestId: 202n });
		expect(one(p.take("client"), "request-error")).toEqual({
			kind: "request-error",
			requestId: id,
			request: "SUBSCRIBE",
			code: 0x1,
			reason: "no",
			// draft-14's SUBSCRIBE_ERROR has no Retry Interval.
			retryInterval: draft === 14 ? 0n : 5001n,
			source: "message",
		});
		expectClean(p);
		expect(p.client.stats().draining).toBe(0);
		expect(p.server.respond(id, { kind: "subscribe-ok" }, p.now)).toBe(false);
	});

	it("is cancelled by the subscriber with UNSUBSCRIBE or a stream reset", () => {
		const { p, id } = subscribed(draft);
		p.server.respond(id, { kind: "subscribe-ok", trackAlias: 9n }, p.now);
		p.drive();
		p.take("server");
		p.takeSent("client");
		p.takeSent("server");
		expect(p.client.cancel(id, p.now)).toBe(true);
		p.drive();
		expect(trace(p.takeSent("client"))).toEqual(streams ? ["reset:1", "stop:1"] : ["UNSUBSCRIBE"]);
		expect(one(p.take("server"), "request-ended")).toMatchObject({
			requestId: id,
			request: "SUBSCRIBE",
			cause: "cancelled",
			source: streams ? "stream" : "message",
		});
		expectClean(p);
		expect(p.client.subscriptionsByAlias(9n)[0]?.state).toBe("draining");
		// The publisher answers a STOP_SENDING with a reset of its half; in drafts 14 and 16 it grants
		// a new Request ID.
		expect(trace(p.takeSent("server"))).toEqual(streams ? ["reset:1"] : ["MAX_REQUEST_ID"]);
	});

	it("can be cancelled before it is answered", () => {
		const { p, id } = subscribed(draft);
		p.take("server");
		p.client.cancel(id, p.now);
		p.drive();
		expect(one(p.take("server"), "request-ended").cause).toBe("cancelled");
		expect(p.server.respond(id, { kind: "subscribe-ok" }, p.now)).toBe(false);
		expect(p.take("client")).toEqual([]);
		expectClean(p);
	});

	it("times out with a local TIMEOUT error and is cancelled", () => {
		const p = new Pair(draft);
		p.take("client");
		p.take("server");
		const id = p.client.subscribe(track, p.now, { timeout: 100 });
		p.drive();
		p.take("server");
		p.advance(99);
		expect(p.take("client")).toEqual([]);
		p.advance(1);
		expect(one(p.take("client"), "request-error")).toMatchObject({
			requestId: id,
			code: 0x2,
			source: "local",
			retryInterval: 0n,
		});
		expect(one(p.take("server"), "request-ended").cause).toBe("cancelled");
		expectClean(p);
		expect(p.client.stats().timers).toBe(0);
	});

	it("closes with CONTROL_MESSAGE_TIMEOUT when no answer comes within the session's limit", () => {
		const p = new Pair(draft, { clientLimits: { controlMessageTimeout: 50 } });
		p.client.subscribe(track, p.now);
		p.drive();
		p.advance(50);
		expect(one(p.take("client"), "closed")).toMatchObject({
			code: TerminationCode.CONTROL_MESSAGE_TIMEOUT,
			remote: false,
		});
	});

	it("is updated by the subscriber", () => {
		const { p, id } = subscribed(draft, {
			subscriptionFilter: { type: FilterType.LARGEST_OBJECT },
			subscriberPriority: 1,
		});
		p.server.respond(
			id,
			{ kind: "subscribe-ok", trackAlias: 1n, parameters: { largestObject: { group: 10n, object: 4n } } },
			p.now,
		);
		p.drive();
		p.take("client");
		p.take("server");
		const filter = { type: FilterType.ABSOLUTE_RANGE, start: { group: 11n, object: 0n }, endGroup: 20n } as const;
		const update = p.client.requestUpdate(id, { subscriberPriority: 9, subscriptionFilter: filter }, p.now);
		expect(update).toBe(2n);
		p.drive();
		const ev = one(p.take("server"), "update");
		expect(ev).toMatchObject({ requestId: update, targetRequestId: id, needsResponse: draft !== 14 });
		expect(ev.parameters).toMatchObject({ subscriberPriority: 9, subscriptionFilter: filter });
		if (draft === 14) {
			// SUBSCRIBE_UPDATE has no answer and applies at once, on both sides.
			expect(p.server.subscription(id)?.parameters.subscriberPriority).toBe(9);
			expect(p.client.subscription(id)?.parameters.subscriberPriority).toBe(9);
			expect(p.server.respond(update, { kind: "ok" }, p.now)).toBe(false);
		} else {
			expect(p.client.subscription(id)?.parameters.subscriberPriority).toBe(1);
			p.server.respond(update, { kind: "ok", parameters: { largestObject: { group: 12n, object: 0n } } }, p.now);
			p.drive();
			const ok = one(p.take("client"), "request-ok");
			expect(ok).toMatchObject({ requestId: update, request: "REQUEST_UPDATE", targetRequestId: id });
			expect(p.client.subscription(id)).toMatchObject({
				parameters: { subscriberPriority: 9 },
				largestObject: { group: 12n, object: 0n },
			});
			expect(p.server.subscription(id)?.parameters.subscriberPriority).toBe(9);
		}
		expect(p.client.stats().requests).toBe(1);
		expect(p.server.stats().requests).toBe(1);
	});

	it("records the Joining Location when an update turns forwarding on", () => {
		const { p, id } = subscribed(draft, { forward: false });
		p.server.respond(
			id,
			{ kind: "subscribe-ok", trackAlias: 1n, parameters: { largestObject: { group: 1n, object: 1n } } },
			p.now,
		);
		p.drive();
		expect(p.server.subscription(id)?.joiningLocation).toBeUndefined();
		if (draft === 14) return; // SUBSCRIBE_UPDATE has no answer to carry a Location
		const update = p.client.requestUpdate(id, { forward: true }, p.now);
		p.drive();
		p.server.respond(update, { kind: "ok", parameters: { largestObject: { group: 4n, object: 2n } } }, p.now);
		p.drive();
		expect(p.server.subscription(id)?.joiningLocation).toEqual({ group: 4n, object: 2n });
		expect(p.client.subscription(id)?.joiningLocation).toEqual({ group: 4n, object: 2n });
	});

	if (draft !== 14) {
		it("ends with PUBLISH_DONE UPDATE_FAILED when an update is refused", () => {
			const { p, id } = subscribed(draft);
			p.server.respond(id, { kind: "subscribe-ok", trackAlias: 1n }, p.now);
			p.drive();
			const update = p.client.requestUpdate(id, { subscriberPriority: 3 }, p.now);
			p.drive();
			p.take("client");
			p.take("server");
			p.takeSent("server");
			p.server.respond(update, { kind: "error", code: 0x3, reason: "no" }, p.now);
			p.drive();
			expect(trace(p.takeSent("server"))).toEqual(
				streams ? ["REQUEST_ERROR", "PUBLISH_DONE", "fin"] : ["REQUEST_ERROR", "PUBLISH_DONE", "MAX_REQUEST_ID"],
			);
			const client = p.take("client");
			expect(client.map((e) => e.kind)).toEqual(["request-error", "publish-done"]);
			expect(one(client, "request-error")).toMatchObject({ requestId: update, request: "REQUEST_UPDATE", code: 0x3 });
			expect(one(client, "publish-done").statusCode).toBe(0x8);
			expect(one(p.take("server"), "request-ended")).toMatchObject({ requestId: id, cause: "failed", code: 0x8 });
			expectClean(p);
		});

		it("fails the unanswered updates of a subscription that ends", () => {
			const { p, id } = subscribed(draft);
			p.server.respond(id, { kind: "subscribe-ok", trackAlias: 1n }, p.now);
			p.drive();
			const update = p.client.requestUpdate(id, { subscriberPriority: 3 }, p.now);
			p.drive();
			p.take("client");
			p.server.publishDone(id, { statusCode: 0 }, p.now);
			p.drive();
			const client = p.take("client");
			expect(one(client, "request-error")).toMatchObject({ requestId: update, source: "local" });
			one(client, "publish-done");
			expectClean(p);
			// A late answer to the update changes nothing.
			expect(p.server.respond(update, { kind: "ok" }, p.now)).toBe(false);
		});
	}

	it("refuses a second subscription to a track except in draft-19", () => {
		const p = new Pair(draft);
		p.client.subscribe(track, p.now);
		if (draft === 19) {
			p.client.subscribe(track, p.now);
			p.drive();
			expect(p.take("server").filter((e) => e.kind === "request")).toHaveLength(2);
			return;
		}
		expect(() => p.client.subscribe(track, p.now)).toThrow(SessionError);
		// A peer that does it anyway: draft-14 closes, 16 and 18 refuse with DUPLICATE_SUBSCRIPTION.
		const peer = new Peer(draft, "server").completeSetup();
		peer.feed(peer.requestChannel(), { type: "SUBSCRIBE", requestId: 0n, ...track });
		peer.events();
		peer.transmits();
		peer.feed(peer.requestChannel(), { type: "SUBSCRIBE", requestId: 2n, ...track });
		if (draft === 14) {
			expect(peer.closed()?.code).toBe(TerminationCode.PROTOCOL_VIOLATION);
		} else {
			const sent = messagesOf(peer.transmits());
			expect(sent).toEqual([
				expect.objectContaining({ type: "REQUEST_ERROR", errorCode: 0x19 }),
				...(draft === 16 ? [{ type: "MAX_REQUEST_ID", maxRequestId: 202n }] : []),
			]);
			expect(peer.events()).toEqual([]);
		}
	});

	it("closes with DUPLICATE_TRACK_ALIAS when SUBSCRIBE_OK reuses another track's alias", () => {
		const p = new Pair(draft);
		const a = p.client.subscribe(track, p.now);
		const c = p.client.subscribe({ ...track, trackName: b("audio") }, p.now);
		p.drive();
		p.server.respond(a, { kind: "subscribe-ok", trackAlias: 4n }, p.now);
		p.drive();
		// The server's core would refuse to reuse the alias: forge the SUBSCRIBE_OK.
		p.inject("client", streams ? p.channelOf("client", c) : 0, {
			type: "SUBSCRIBE_OK",
			...(!streams && { requestId: c }),
			trackAlias: 4n,
		});
		expect(one(p.take("client"), "closed").code).toBe(TerminationCode.DUPLICATE_TRACK_ALIAS);
	});

	it("closes on a second SUBSCRIBE_OK, and on PUBLISH_DONE before SUBSCRIBE_OK", () => {
		const first = subscribed(draft);
		const ch = (p: Pair, id: bigint) => (streams ? p.channelOf("client", id) : 0);
		first.p.server.respond(first.id, { kind: "subscribe-ok", trackAlias: 1n }, first.p.now);
		first.p.drive();
		first.p.inject("client", ch(first.p, first.id), {
			type: "SUBSCRIBE_OK",
			...(!streams && { requestId: first.id }),
			trackAlias: 1n,
		});
		expect(one(first.p.take("client"), "closed").code).toBe(TerminationCode.PROTOCOL_VIOLATION);

		const second = subscribed(draft);
		second.p.inject("client", ch(second.p, second.id), {
			type: "PUBLISH_DONE",
			...(!streams && { requestId: second.id }),
			statusCode: 0,
			streamCount: 0n,
			reasonPhrase: "",
		});
		expect(one(second.p.take("client"), "closed").code).toBe(TerminationCode.PROTOCOL_VIOLATION);
	});

	if (!streams) {
		it("ignores answers to cancelled requests and closes on answers to unknown ones", () => {
			const { p, id } = subscribed(draft);
			p.client.cancel(id, p.now);
			p.drive();
			p.take("client");
			p.inject("client", 0, { type: "SUBSCRIBE_OK", requestId: id, trackAlias: 1n });
			expect(p.take("client")).toEqual([]);
			expect(p.client.state).toBe("ready");
			p.inject("client", 0, { type: "SUBSCRIBE_OK", requestId: 40n, trackAlias: 1n });
			expect(one(p.take("client"), "closed").code).toBe(TerminationCode.PROTOCOL_VIOLATION);
		});

		it("closes on an answer of the wrong kind", () => {
			const { p, id } = subscribed(draft);
			p.inject("client", 0, {
				type: "FETCH_OK",
				requestId: id,
				endOfTrack: false,
				endLocation: { group: 1n, object: 0n },
			});
			expect(one(p.take("client"), "closed").code).toBe(TerminationCode.PROTOCOL_VIOLATION);
		});
	}

	if (streams) {
		it("fails when the publisher finishes the stream before PUBLISH_DONE", () => {
			const { p, id } = subscribed(draft);
			p.server.respond(id, { kind: "subscribe-ok", trackAlias: 1n }, p.now);
			p.drive();
			p.take("client");
			p.injectEvent("client", p.channelOf("client", id), { kind: "fin" });
			expect(one(p.take("client"), "request-ended")).toMatchObject({
				requestId: id,
				cause: "failed",
				source: "stream",
			});
			expect(p.client.stats().requests).toBe(0);
		});

		it("fails with the reset code when the publisher resets the stream before answering", () => {
			const { p, id } = subscribed(draft);
			p.injectEvent("client", p.channelOf("client", id), { kind: "reset", code: 0x9 });
			expect(one(p.take("client"), "request-error")).toMatchObject({ requestId: id, code: 0x9, source: "stream" });
			// The peer's half is reset already: only ours is reset in turn.
			expect(trace(p.takeSent("client"))).toEqual(["SUBSCRIBE", "reset:9"]);
		});

		it("refuses a REQUEST_UPDATE from the publisher, and a REQUEST_OK answering SUBSCRIBE", () => {
			const first = subscribed(draft);
			first.p.server.respond(first.id, { kind: "subscribe-ok", trackAlias: 1n }, first.p.now);
			first.p.drive();
			first.p.inject("client", first.p.channelOf("client", first.id), { type: "REQUEST_UPDATE", requestId: 1n });
			expect(one(first.p.take("client"), "closed").code).toBe(TerminationCode.PROTOCOL_VIOLATION);

			const second = subscribed(draft);
			second.p.inject("client", second.p.channelOf("client", second.id), { type: "REQUEST_OK" });
			expect(one(second.p.take("client"), "closed").code).toBe(TerminationCode.PROTOCOL_VIOLATION);
		});
	}
});

describe("draft-14 SUBSCRIBE_UPDATE", () => {
	function established(filter: SubscriptionFilter) {
		const { p, id } = subscribed(14, { subscriptionFilter: filter });
		p.server.respond(
			id,
			{ kind: "subscribe-ok", trackAlias: 1n, parameters: { largestObject: { group: 10n, object: 4n } } },
			p.now,
		);
		p.drive();
		p.take("client");
		p.take("server");
		return { p, id };
	}

	it("fills in the fields the update leaves out from the subscription", () => {
		const { p, id } = established({ type: FilterType.ABSOLUTE_RANGE, start: { group: 2n, object: 0n }, endGroup: 30n });
		p.takeSent("client");
		p.client.requestUpdate(id, { subscriberPriority: 5 }, p.now);
		p.drive();
		expect(messagesOf(p.takeSent("client"))).toEqual([
			{
				type: "SUBSCRIBE_UPDATE",
				requestId: 2n,
				subscriptionRequestId: id,
				subscriberPriority: 5,
				forward: true,
				subscriptionFilter: { type: FilterType.ABSOLUTE_RANGE, start: { group: 2n, object: 0n }, endGroup: 30n },
			},
		]);
		expect(p.client.stats().requests).toBe(1);
	});

	it("can only narrow a subscription", () => {
		// Largest Object resolves to {10, 5}: an earlier start widens it.
		const { p, id } = established({ type: FilterType.LARGEST_OBJECT });
		expect(() =>
			p.client.requestUpdate(
				id,
				{ subscriptionFilter: { type: FilterType.ABSOLUTE_START, start: { group: 10n, object: 4n } } },
				p.now,
			),
		).toThrow(/narrow/);
		p.client.requestUpdate(
			id,
			{ subscriptionFilter: { type: FilterType.ABSOLUTE_START, start: { group: 10n, object: 5n } } },
			p.now,
		);
		p.drive();
		expect(one(p.take("server"), "update").parameters.subscriptionFilter).toMatchObject({
			start: { group: 10n, object: 5n },
		});
		// A peer that widens closes the session.
		p.inject("server", 0, {
			type: "SUBSCRIBE_UPDATE",
			requestId: 4n,
			subscriptionRequestId: id,
			subscriberPriority: 1,
			forward: true,
			subscriptionFilter: { type: FilterType.ABSOLUTE_START, start: { group: 1n, object: 0n } },
		});
		expect(one(p.take("server"), "closed").code).toBe(TerminationCode.PROTOCOL_VIOLATION);
	});

	it("of a subscription that never existed closes the session; of one that ended is ignored", () => {
		const { p, id } = established({ type: FilterType.LARGEST_OBJECT });
		const update = (requestId: bigint, target: bigint) =>
			({
				type: "SUBSCRIBE_UPDATE",
				requestId,
				subscriptionRequestId: target,
				subscriberPriority: 1,
				forward: true,
				subscriptionFilter: { type: FilterType.ABSOLUTE_START, start: { group: 20n, object: 0n } },
			}) as const;
		p.client.cancel(id, p.now);
		p.drive();
		p.take("server");
		p.inject("server", 0, update(2n, id));
		expect(p.take("server")).toEqual([]);
		expect(p.server.state).toBe("ready");
		p.inject("server", 0, update(4n, 64n));
		expect(one(p.take("server"), "closed").code).toBe(TerminationCode.PROTOCOL_VIOLATION);
	});
});

describe("draft-19 MAX_REQUEST_UPDATES", () => {
	it("bounds our unanswered updates by the peer's limit", () => {
		const p = new Pair(19, { server: { maxRequestUpdates: 1n } });
		const id = p.client.subscribe(track, p.now);
		p.drive();
		p.server.respond(id, { kind: "subscribe-ok" }, p.now);
		p.drive();
		const u = p.client.requestUpdate(id, { subscriberPriority: 1 }, p.now);
		expect(() => p.client.requestUpdate(id, { subscriberPriority: 2 }, p.now)).toThrow(/MAX_REQUEST_UPDATES/);
		p.drive();
		p.server.respond(u, { kind: "ok" }, p.now);
		p.drive();
		expect(() => p.client.requestUpdate(id, { subscriberPriority: 2 }, p.now)).not.toThrow();
	});

	it("closes with TOO_MANY_REQUEST_UPDATES when the peer exceeds ours", () => {
		const p = new Pair(19, { server: { maxRequestUpdates: 1n } });
		const id = p.client.subscribe(track, p.now);
		p.drive();
		p.server.respond(id, { kind: "subscribe-ok" }, p.now);
		p.drive();
		const ch = p.channelOf("server", id);
		p.inject("server", ch, { type: "REQUEST_UPDATE", requestId: 2n, subscriberPriority: 1 });
		expect(p.server.state).toBe("ready");
		p.inject("server", ch, { type: "REQUEST_UPDATE", requestId: 4n, subscriberPriority: 2 });
		expect(one(p.take("server"), "closed").code).toBe(TerminationCode.TOO_MANY_REQUEST_UPDATES);
	});
});

describe("draft-16 REQUEST_UPDATE of a request that is not there", () => {
	it("is refused with DOES_NOT_EXIST when the request ended, and closes the session when it never existed", () => {
		const server = new Peer(16, "server").completeSetup();
		server.feed(0, { type: "SUBSCRIBE", requestId: 0n, ...track });
		server.feed(0, { type: "UNSUBSCRIBE", requestId: 0n });
		server.transmits();
		server.events();
		server.feed(0, { type: "REQUEST_UPDATE", requestId: 2n, existingRequestId: 0n, subscriberPriority: 1 });
		expect(messagesOf(server.transmits())).toEqual([
			{
				type: "REQUEST_ERROR",
				requestId: 2n,
				errorCode: 0x10,
				retryInterval: 0n,
				reasonPhrase: "the request has ended",
			},
			// The update used a Request ID: it is granted back.
			{ type: "MAX_REQUEST_ID", maxRequestId: 204n },
		]);
		expect(server.events()).toEqual([]);
		server.feed(0, { type: "REQUEST_UPDATE", requestId: 4n, existingRequestId: 40n });
		expect(server.closed()?.code).toBe(TerminationCode.PROTOCOL_VIOLATION);
	});
});

describe.each([18, 19] as const)("draft-%i updates on a request stream", (draft) => {
	it("keep their answers in order when one times out", () => {
		const p = new Pair(draft);
		const id = p.client.subscribe(track, p.now);
		p.drive();
		p.server.respond(id, { kind: "subscribe-ok" }, p.now);
		p.drive();
		p.take("client");
		p.take("server");
		const slow = p.client.requestUpdate(id, { subscriberPriority: 1 }, p.now, { timeout: 10 });
		const next = p.client.requestUpdate(id, { subscriberPriority: 2 }, p.now);
		p.drive();
		p.advance(10);
		expect(one(p.take("client"), "request-error")).toMatchObject({ requestId: slow, code: 0x2, source: "local" });
		// The peer answers in order; the late answer to the first update is consumed quietly.
		expect(() => p.server.respond(next, { kind: "ok" }, p.now)).toThrow(/in the order/);
		p.server.respond(slow, { kind: "ok" }, p.now);
		p.server.respond(next, { kind: "ok" }, p.now);
		p.drive();
		expect(one(p.take("client"), "request-ok").requestId).toBe(next);
		expect(p.client.stats().requests).toBe(1);
	});

	it("a subscriber may finish its half at once; its STOP_SENDING later cancels", () => {
		const p = new Pair(draft);
		const id = p.client.subscribe(track, p.now);
		p.drive();
		p.server.respond(id, { kind: "subscribe-ok" }, p.now);
		p.drive();
		p.take("server");
		p.injectEvent("server", p.channelOf("server", id), { kind: "fin" });
		expect(p.take("server")).toEqual([]);
		expect(p.server.stats().subscriptions).toBe(1);
		p.takeSent("server");
		p.injectEvent("server", p.channelOf("server", id), { kind: "stop-sending", code: 0x1 });
		expect(trace(p.takeSent("server"))).toEqual(["reset:1"]);
		expect(one(p.take("server"), "request-ended")).toMatchObject({
			requestId: id,
			cause: "cancelled",
			source: "stream",
		});
		expect(p.server.stats().requests).toBe(0);
	});
});
