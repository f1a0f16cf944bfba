/**
 * SUBSCRIBE end to end over the in-memory transport, every draft: acceptance with the
 * publisher's Track Alias, refusals with the draft's codes, the default refusal, `waitResponse:
 * false`, updates, unsubscribing, PUBLISH_DONE, and objects flowing from the publisher's streams
 * to the subscriber's iterator.
 */

import { FilterType, type Location, PublishDoneCode, RequestErrorCode, SubscribeErrorCode } from "@moqt/wire";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
	type IncomingSubscribe,
	type PublishDone,
	type ReceivedObject,
	RequestError,
	SessionError,
	type TrackPublisher,
} from "../../src/index.js";
import { b, closeBoth, connect, DRAFTS, ns, settle } from "./helpers.js";

const NS = ns("live", "room");
const NAME = b("video");

afterEach(() => {
	vi.useRealTimers();
});

describe.each(DRAFTS)("draft-%i SUBSCRIBE", (draft) => {
	const notFound = draft === 14 ? SubscribeErrorCode.TRACK_DOES_NOT_EXIST : RequestErrorCode[draft].DOES_NOT_EXIST;

	it("resolves on SUBSCRIBE_OK with the publisher's alias, largest location and expiry", async () => {
		const p = await connect(draft);
		const largest: Location = { group: 5n, object: 3n };
		let seen: IncomingSubscribe | undefined;
		let publisher: TrackPublisher | undefined;
		p.server.handlers.onSubscribe = (req) => {
			seen = req;
			publisher = req.accept({ trackAlias: 42n, parameters: { largestObject: largest, expires: 9000n } });
		};
		const sub = await p.client.subscribe(NS, NAME, { subscriberPriority: 7 });
		expect(seen?.message).toMatchObject({
			type: "SUBSCRIBE",
			trackNamespace: NS,
			trackName: NAME,
			subscriberPriority: 7,
		});
		expect(seen?.state).toBe("accepted");
		expect(sub.trackAlias).toBe(42n);
		expect(sub.largest).toEqual(largest);
		expect(sub.expires).toBe(9000n);
		expect(sub.requestId).toBe(seen?.requestId);
		expect(publisher?.trackAlias).toBe(42n);
		expect(publisher?.parameters.subscriberPriority).toBe(7);
		await closeBoth(p);
	});

	it("rejects with the publisher's code, reason and retry interval", async () => {
		const p = await connect(draft);
		const unauthorized = draft === 14 ? SubscribeErrorCode.UNAUTHORIZED : RequestErrorCode[draft].UNAUTHORIZED;
		p.server.handlers.onSubscribe = (req) => req.reject(unauthorized, "no ticket", { retryInterval: 5001n });
		const error = await p.client.subscribe(NS, NAME).catch((e: unknown) => e);
		expect(RequestError.isInstance(error)).toBe(true);
		expect(error).toMatchObject({
			code: unauthorized,
			codeName: "UNAUTHORIZED",
			reason: "no ticket",
			request: "SUBSCRIBE",
			source: "message",
			draft,
			// draft-14's SUBSCRIBE_ERROR has no Retry Interval.
			retryInterval: draft === 14 ? 0n : 5001n,
		});
		expect(p.client.stats().requests).toBe(0);
		await closeBoth(p);
	});

	it("is refused with the draft's does-not-exist code when nobody handles it", async () => {
		const p = await connect(draft);
		const error = await p.client.subscribe(NS, NAME).catch((e: unknown) => e);
		expect(error).toMatchObject({ code: notFound, codeName: draft === 14 ? "TRACK_DOES_NOT_EXIST" : "DOES_NOT_EXIST" });
		await closeBoth(p);
	});

	it("with waitResponse false, resolves at once to a handle whose response settles later", async () => {
		const p = await connect(draft);
		const pending: IncomingSubscribe[] = [];
		p.server.handlers.onSubscribe = (req) => {
			pending.push(req);
		};
		const sub = await p.client.subscribe(NS, NAME, { waitResponse: false });
		expect(sub.answered).toBe(false);
		expect(sub.trackAlias).toBeUndefined();
		await vi.waitFor(() => expect(pending).toHaveLength(1));
		pending[0]!.accept({ trackAlias: 3n });
		await expect(sub.response).resolves.toMatchObject({ trackAlias: 3n });
		expect(sub.trackAlias).toBe(3n);
		// A refusal settles `response` with the error instead.
		const refused = await p.client.subscribe(NS, b("audio"), { waitResponse: false });
		await vi.waitFor(() => expect(pending).toHaveLength(2));
		pending[1]!.reject(notFound, "gone");
		await expect(refused.response).rejects.toMatchObject({ code: notFound, reason: "gone" });
		expect(await refused.done).toBeInstanceOf(RequestError);
		await closeBoth(p);
	});

	it("unsubscribe ends both sides: the publisher's done reports the cancellation", async () => {
		const p = await connect(draft);
		let publisher: TrackPublisher | undefined;
		p.server.handlers.onSubscribe = (req) => {
			publisher = req.accept();
		};
		const sub = await p.client.subscribe(NS, NAME);
		sub.unsubscribe();
		sub.unsubscribe();
		expect(await sub.done).toBeUndefined();
		const end = await publisher!.done;
		expect(RequestError.isInstance(end)).toBe(true);
		expect(end).toMatchObject({ ended: "cancelled", request: "SUBSCRIBE" });
		await settle();
		for (const s of [p.client, p.server]) {
			expect(s.stats()).toMatchObject({ requests: 0, core: { requests: 0, subscriptions: 0 } });
		}
		await closeBoth(p);
	});

	it("the publisher's close sends PUBLISH_DONE with its status and stream count", async () => {
		const p = await connect(draft);
		let publisher: TrackPublisher | undefined;
		p.server.handlers.onSubscribe = (req) => {
			publisher = req.accept();
		};
		const sub = await p.client.subscribe(NS, NAME);
		const ended = PublishDoneCode[draft].SUBSCRIPTION_ENDED;
		publisher!.close(ended, "that's all");
		expect(await publisher!.done).toBeUndefined();
		const done = (await sub.done) as PublishDone;
		expect(done).toEqual({ statusCode: ended, streamCount: 0n, reason: "that's all" });
		await closeBoth(p);
	});

	it("updates reach the publisher, which follows the new parameters", async () => {
		const p = await connect(draft);
		let publisher: TrackPublisher | undefined;
		const updates: bigint[] = [];
		p.server.handlers.onSubscribe = (req) => {
			publisher = req.accept();
		};
		p.server.handlers.onRequestUpdate = (update) => {
			updates.push(update.targetRequestId);
			update.accept();
		};
		const sub = await p.client.subscribe(NS, NAME, {
			subscriptionFilter: { type: FilterType.ABSOLUTE_START, start: { group: 1n, object: 0n } },
		});
		// draft-14's SUBSCRIBE_UPDATE may only narrow the subscription.
		const update = await sub.update({
			subscriptionFilter: { type: FilterType.ABSOLUTE_START, start: { group: 4n, object: 0n } },
			subscriberPriority: 200,
		});
		expect(update.answered).toBe(true);
		await vi.waitFor(() => expect(updates).toEqual([sub.requestId]));
		expect(publisher!.parameters).toMatchObject({
			subscriberPriority: 200,
			subscriptionFilter: { type: FilterType.ABSOLUTE_START, start: { group: 4n, object: 0n } },
		});
		expect(sub.parameters.subscriberPriority).toBe(200);
		await closeBoth(p);
	});

	it("a refused update ends the subscription with UPDATE_FAILED and the stream count", async () => {
		const p = await connect(draft);
		let publisher: TrackPublisher | undefined;
		let refusal: unknown;
		p.server.handlers.onSubscribe = (req) => {
			publisher = req.accept();
		};
		p.server.handlers.onRequestUpdate = (update) => {
			try {
				update.reject(draft === 14 ? 0 : RequestErrorCode[draft].INVALID_RANGE, "no");
			} catch (e) {
				refusal = e;
			}
		};
		const sub = await p.client.subscribe(NS, NAME);
		const subgroup = publisher!.openSubgroup({ groupId: 0n, subgroupId: 0n });
		await subgroup.writeObject({ objectId: 0n, payload: b("x") });
		await subgroup.end();
		const update = sub.update({ subscriberPriority: 1 });
		if (draft === 14) {
			// SUBSCRIBE_UPDATE has no answer: it cannot be refused, and applies.
			await expect(update).resolves.toBeDefined();
			await vi.waitFor(() => expect(refusal).toBeInstanceOf(SessionError));
			expect(publisher!.parameters.subscriberPriority).toBe(1);
		} else {
			await expect(update).rejects.toMatchObject({ request: "REQUEST_UPDATE", reason: "no" });
			expect(await sub.done).toMatchObject({ statusCode: PublishDoneCode[draft].UPDATE_FAILED, streamCount: 1n });
			expect(await publisher!.done).toMatchObject({ ended: "failed", request: "SUBSCRIBE" });
		}
		await closeBoth(p);
	});

	it("times out with TIMEOUT when no answer comes in time", async () => {
		vi.useFakeTimers();
		const p = await connect(draft);
		const held: IncomingSubscribe[] = [];
		p.server.handlers.onSubscribe = (req) => {
			held.push(req);
		};
		const outcome = p.client.subscribe(NS, NAME, { timeout: 500 }).catch((e: unknown) => e);
		await vi.advanceTimersByTimeAsync(499);
		expect(held).toHaveLength(1);
		await vi.advanceTimersByTimeAsync(1);
		expect(await outcome).toMatchObject({ code: 0x2, codeName: "TIMEOUT", source: "local" });
		// The publisher sees the request cancelled.
		expect(await held[0]!.cancelled).toMatchObject({ ended: "cancelled" });
		expect(() => held[0]!.accept()).toThrow(RequestError);
		await closeBoth(p);
	});

	it("aborting the call cancels the request and rejects with the signal's reason", async () => {
		const p = await connect(draft);
		const held: IncomingSubscribe[] = [];
		p.server.handlers.onSubscribe = (req) => {
			held.push(req);
		};
		const controller = new AbortController();
		const call = p.client.subscribe(NS, NAME, { signal: controller.signal });
		await vi.waitFor(() => expect(held).toHaveLength(1));
		const reason = new Error("not any more");
		controller.abort(reason);
		await expect(call).rejects.toBe(reason);
		const cancelled = await held[0]!.cancelled;
		expect(cancelled).toMatchObject({ ended: "cancelled" });
		expect(held[0]!.state).toBe("ended");
		await expect(p.client.subscribe(NS, NAME, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
		await closeBoth(p);
	});

	it("delivers the publisher's objects to the subscriber's iterator, then ends after PUBLISH_DONE", async () => {
		const p = await connect(draft);
		let publisher: TrackPublisher | undefined;
		p.server.handlers.onSubscribe = (req) => {
			publisher = req.accept({ trackAlias: 9n });
		};
		const sub = await p.client.subscribe(NS, NAME);
		const received: ReceivedObject[] = [];
		const reading = (async () => {
			for await (const o of sub) received.push(o);
		})();
		for (const group of [0n, 1n]) {
			const subgroup = publisher!.openSubgroup({ groupId: group, subgroupId: 0n, publisherPriority: 10 });
			for (const id of [0n, 1n, 2n]) await subgroup.writeObject({ objectId: id, payload: b(`g${group}o${id}`) });
			await subgroup.end();
		}
		expect(publisher!.streamCount).toBe(2);
		publisher!.close();
		await reading;
		expect(received.map((o) => new TextDecoder().decode(o.payload))).toEqual([
			"g0o0",
			"g0o1",
			"g0o2",
			"g1o0",
			"g1o1",
			"g1o2",
		]);
		expect(received[0]).toMatchObject({ groupId: 0n, subgroupId: 0n, objectId: 0n, forwarding: "subgroup" });
		expect(received[0]!.publisherPriority).toBe(10);
		expect(await sub.done).toMatchObject({ statusCode: PublishDoneCode[draft].TRACK_ENDED, streamCount: 2n });
		await settle();
		expect(p.client.stats().queues).toEqual({ tracks: 0, fetches: 0 });
		expect(p.client.stats().core.draining).toBe(0);
		await closeBoth(p);
	});

	it("delivers datagrams", async () => {
		const p = await connect(draft);
		let publisher: TrackPublisher | undefined;
		p.server.handlers.onSubscribe = (req) => {
			publisher = req.accept();
		};
		const sub = await p.client.subscribe(NS, NAME);
		expect(publisher!.sendDatagram({ groupId: 3n, objectId: 1n, payload: b("dg") })).toBe(true);
		const iterator = sub[Symbol.asyncIterator]();
		const first = await iterator.next();
		expect(first.value).toMatchObject({ groupId: 3n, objectId: 1n, forwarding: "datagram", subgroupId: undefined });
		expect(new TextDecoder().decode(first.value?.payload)).toBe("dg");
		await closeBoth(p);
	});

	it("leaving the object loop early unsubscribes", async () => {
		const p = await connect(draft);
		let publisher: TrackPublisher | undefined;
		p.server.handlers.onSubscribe = (req) => {
			publisher = req.accept();
		};
		const sub = await p.client.subscribe(NS, NAME);
		const subgroup = publisher!.openSubgroup({ groupId: 0n, subgroupId: 0n });
		void subgroup.writeObject({ objectId: 0n, payload: b("only") });
		for await (const o of sub) {
			expect(o.objectId).toBe(0n);
			break;
		}
		expect(await sub.done).toBeUndefined();
		expect(await publisher!.done).toMatchObject({ ended: "cancelled" });
		expect(subgroup.state === "closed" || subgroup.state === "stopped").toBe(true);
		await closeBoth(p);
	});

	it("refuses commands once the session is closed", async () => {
		const p = await connect(draft);
		await closeBoth(p);
		await expect(p.client.subscribe(NS, NAME)).rejects.toSatisfy(
			(e) => e instanceof SessionError && e.code === "closed" && e.terminationCode === 0,
		);
	});
});
