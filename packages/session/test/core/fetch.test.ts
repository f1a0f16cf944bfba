/**
 * FETCH: standalone and joining fetches, FETCH_OK and its End Location check, refusal,
 * cancellation, completion with the data stream, and the Joining FETCH rules.
 */

import type { SubscriptionFilter } from "@moqt/wire";
import { FetchErrorCode, FetchType, FilterType, TerminationCode } from "@moqt/wire";
import { describe, expect, it } from "vitest";
import { SessionError } from "../../src/core/index.js";
import { b, DRAFTS, messagesOf, ns, one, Pair, Peer, trace } from "./pair.js";

const track = { trackNamespace: ns("vod"), trackName: b("movie") };
const standalone = {
	fetchType: {
		type: FetchType.STANDALONE,
		...track,
		startLocation: { group: 1n, object: 0n },
		endLocation: { group: 4n, object: 0n },
	},
} as const;

describe.each(DRAFTS)("draft-%i FETCH", (draft) => {
	const streams = draft >= 17;

	function fetched() {
		const p = new Pair(draft);
		p.take("client");
		p.take("server");
		const id = p.client.fetch({ ...standalone, subscriberPriority: 9 }, p.now);
		p.drive();
		return { p, id };
	}

	it("is answered with FETCH_OK and completes with its data stream", () => {
		const { p, id } = fetched();
		const req = one(p.take("server"), "request");
		expect(req.message).toMatchObject({ type: "FETCH", subscriberPriority: 9, fetchType: standalone.fetchType });
		expect(p.server.fetchByRequestId(id)).toMatchObject({
			role: "publisher",
			state: "pending",
			trackName: track.trackName,
		});
		expect(p.client.fetchByRequestId(id)).toMatchObject({ role: "subscriber", state: "pending" });
		p.server.respond(id, { kind: "fetch-ok", endOfTrack: true, endLocation: { group: 3n, object: 8n } }, p.now);
		p.drive();
		expect(one(p.take("client"), "fetch-ok")).toMatchObject({
			requestId: id,
			endOfTrack: true,
			endLocation: { group: 3n, object: 8n },
		});
		expect(p.client.fetchByRequestId(id)).toMatchObject({
			state: "established",
			endOfTrack: true,
			endLocation: { group: 3n, object: 8n },
		});
		p.takeSent("server");
		p.takeSent("client");
		// The publisher finishes the data stream; the subscriber sees it end.
		expect(p.server.fetchStreamDone(id, p.now)).toBe(true);
		expect(p.client.fetchStreamDone(id, p.now)).toBe(true);
		p.drive();
		expect(trace(p.takeSent("server"))).toEqual(streams ? ["fin"] : ["MAX_REQUEST_ID"]);
		expect(trace(p.takeSent("client"))).toEqual(streams ? ["fin"] : []);
		for (const core of [p.client, p.server])
			expect(core.stats()).toMatchObject({ requests: 0, fetches: 0, channels: 0 });
		expect(p.client.fetchByRequestId(id)).toBeUndefined();
		expect(p.take("client")).toEqual([]);
		expect(p.take("server")).toEqual([]);
	});

	it("completes at FETCH_OK when the data stream ended first", () => {
		const { p, id } = fetched();
		p.client.fetchStreamDone(id, p.now);
		p.server.fetchStreamDone(id, p.now);
		expect(p.client.stats().fetches).toBe(1);
		expect(p.server.stats().fetches).toBe(1);
		p.server.respond(id, { kind: "fetch-ok", endOfTrack: false, endLocation: { group: 4n, object: 0n } }, p.now);
		p.drive();
		one(p.take("client"), "fetch-ok");
		expect(p.client.stats().fetches).toBe(0);
		expect(p.server.stats().fetches).toBe(0);
	});

	it("is refused with the draft's error", () => {
		const { p, id } = fetched();
		p.server.respond(id, { kind: "error", code: FetchErrorCode.INVALID_RANGE, reason: "out of range" }, p.now);
		p.drive();
		expect(trace(p.takeSent("server"))[0]).toBe(draft === 14 ? "FETCH_ERROR" : "REQUEST_ERROR");
		expect(one(p.take("client"), "request-error")).toMatchObject({ requestId: id, request: "FETCH", code: 0x5 });
		expect(p.client.stats().requests).toBe(0);
		expect(p.server.stats().requests).toBe(0);
	});

	it("is cancelled by the subscriber", () => {
		const { p, id } = fetched();
		p.server.respond(id, { kind: "fetch-ok", endOfTrack: false, endLocation: { group: 4n, object: 0n } }, p.now);
		p.drive();
		p.take("server");
		p.takeSent("client");
		p.client.cancel(id, p.now);
		p.drive();
		expect(trace(p.takeSent("client"))).toEqual(streams ? ["reset:1", "stop:1"] : ["FETCH_CANCEL"]);
		expect(one(p.take("server"), "request-ended")).toMatchObject({
			requestId: id,
			request: "FETCH",
			cause: "cancelled",
		});
		expect(p.server.stats().requests).toBe(0);
		expect(p.server.fetchStreamDone(id, p.now)).toBe(false);
	});

	it("is ended by the publisher after acceptance", () => {
		const { p, id } = fetched();
		p.server.respond(id, { kind: "fetch-ok", endOfTrack: false, endLocation: { group: 4n, object: 0n } }, p.now);
		p.drive();
		p.take("client");
		p.takeSent("server");
		p.server.cancel(id, p.now, { code: 0x4 });
		p.drive();
		if (streams) {
			expect(trace(p.takeSent("server"))).toEqual(["reset:4", "stop:4"]);
			expect(one(p.take("client"), "request-ended")).toMatchObject({ requestId: id, cause: "cancelled", code: 0x4 });
		} else {
			// No message: the publisher resets the data stream, which the subscriber's data plane sees.
			expect(trace(p.takeSent("server"))).toEqual(["MAX_REQUEST_ID"]);
			expect(p.take("client")).toEqual([]);
		}
		expect(p.server.stats().requests).toBe(0);
	});

	it("closes when FETCH_OK's End Location is before the start", () => {
		const { p, id } = fetched();
		p.inject("client", streams ? p.channelOf("client", id) : 0, {
			type: "FETCH_OK",
			...(!streams && { requestId: id }),
			endOfTrack: false,
			endLocation: { group: 0n, object: 5n },
		});
		expect(one(p.take("client"), "closed").code).toBe(TerminationCode.PROTOCOL_VIOLATION);
	});

	it("accepts an End Location that covers the start group entirely", () => {
		const p = new Pair(draft);
		const id = p.client.fetch(
			{
				fetchType: {
					...standalone.fetchType,
					startLocation: { group: 2n, object: 7n },
					endLocation: { group: 2n, object: 0n },
				},
			},
			p.now,
		);
		p.drive();
		p.server.respond(id, { kind: "fetch-ok", endOfTrack: false, endLocation: { group: 2n, object: 0n } }, p.now);
		p.drive();
		one(p.take("client"), "fetch-ok");
	});

	describe("joining", () => {
		function subscribedWith(filter: SubscriptionFilter, forward = true) {
			const p = new Pair(draft);
			const sub = p.client.subscribe({ ...track, subscriptionFilter: filter, forward }, p.now);
			p.drive();
			p.server.respond(
				sub,
				{ kind: "subscribe-ok", trackAlias: 1n, parameters: { largestObject: { group: 9n, object: 2n } } },
				p.now,
			);
			p.drive();
			p.take("client");
			p.take("server");
			return { p, sub };
		}
		const largest = { type: FilterType.LARGEST_OBJECT };

		it("names the subscription it joins, and the request carries it", () => {
			const { p, sub } = subscribedWith(largest);
			const id = p.client.fetch(
				{ fetchType: { type: FetchType.RELATIVE_JOINING, joiningRequestId: sub, joiningStart: 2n } },
				p.now,
			);
			p.drive();
			const req = one(p.take("server"), "request");
			expect(req.joining).toMatchObject({
				requestId: sub,
				trackName: track.trackName,
				joiningLocation: { group: 9n, object: 2n },
			});
			expect(p.server.fetchByRequestId(id)).toMatchObject({ trackName: track.trackName });
			expect(p.client.fetchByRequestId(id)).toMatchObject({ trackName: track.trackName });
		});

		it("of a subscription we do not have is refused locally", () => {
			const p = new Pair(draft);
			expect(() =>
				p.client.fetch(
					{ fetchType: { type: FetchType.ABSOLUTE_JOINING, joiningRequestId: 8n, joiningStart: 0n } },
					p.now,
				),
			).toThrow(SessionError);
		});

		it("naming something else is refused with INVALID_JOINING_REQUEST_ID", () => {
			// The peer's core would refuse to send it: play the peer.
			const server = new Peer(draft, "server").completeSetup();
			server.feed(server.requestChannel(), {
				type: "FETCH",
				requestId: 0n,
				fetchType: { type: FetchType.ABSOLUTE_JOINING, joiningRequestId: 6n, joiningStart: 0n },
			});
			expect(messagesOf(server.transmits())[0]).toMatchObject({
				type: draft === 14 ? "FETCH_ERROR" : "REQUEST_ERROR",
				errorCode: draft === 14 ? 0x7 : 0x32,
			});
			expect(server.events()).toEqual([]);
			expect(server.core.stats().requests).toBe(0);
		});

		it("waits for the joined SUBSCRIBE to be answered, and is refused if it is not accepted", () => {
			for (const accept of [true, false]) {
				const p = new Pair(draft);
				p.take("server");
				const sub = p.client.subscribe({ ...track, subscriptionFilter: largest }, p.now);
				const id = p.client.fetch(
					{ fetchType: { type: FetchType.RELATIVE_JOINING, joiningRequestId: sub, joiningStart: 1n } },
					p.now,
				);
				p.drive();
				expect(p.take("server").map((e) => e.kind === "request" && e.requestId)).toEqual([sub]);
				if (accept) {
					p.server.respond(sub, { kind: "subscribe-ok", trackAlias: 1n }, p.now);
					p.drive();
					expect(one(p.take("server"), "request").requestId).toBe(id);
				} else {
					p.server.respond(sub, { kind: "error", code: 0x4 }, p.now);
					p.drive();
					expect(p.take("server")).toEqual([]);
					const errors = p.take("client").filter((e) => e.kind === "request-error");
					expect(errors.map((e) => e.kind === "request-error" && [e.requestId, e.code])).toEqual([
						[sub, 0x4],
						[id, draft === 14 ? 0x7 : 0x32],
					]);
					expect(p.server.stats().requests).toBe(0);
				}
			}
		});

		if (draft <= 16) {
			it("of a subscription without the Largest Object filter closes the session", () => {
				const { p, sub } = subscribedWith({ type: FilterType.NEXT_GROUP_START });
				p.client.fetch(
					{ fetchType: { type: FetchType.RELATIVE_JOINING, joiningRequestId: sub, joiningStart: 1n } },
					p.now,
				);
				p.drive();
				expect(one(p.take("server"), "closed").code).toBe(TerminationCode.PROTOCOL_VIOLATION);
			});
		} else {
			it("of a subscription that does not forward is refused with INVALID_RANGE", () => {
				const { p, sub } = subscribedWith({ type: FilterType.NEXT_GROUP_START }, false);
				const id = p.client.fetch(
					{ fetchType: { type: FetchType.ABSOLUTE_JOINING, joiningRequestId: sub, joiningStart: 1n } },
					p.now,
				);
				p.drive();
				expect(p.take("server")).toEqual([]);
				expect(one(p.take("client"), "request-error")).toMatchObject({ requestId: id, code: 0x11 });
			});
		}
	});
});
