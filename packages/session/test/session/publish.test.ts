/**
 * PUBLISH end to end: the subscriber accepts (PUBLISH_OK / REQUEST_OK) with its own Forward
 * State, the objects flow to the accepted subscription, the publisher ends it with PUBLISH_DONE;
 * objects sent before the answer; refusal.
 */

import { PublishDoneCode, RequestErrorCode, SubgroupStreamEncoder, Writer } from "@moqt/wire";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
	type IncomingPublish,
	type PublishDone,
	type ReceivedObject,
	RequestError,
	type Subscription,
} from "../../src/index.js";
import { b, closeBoth, connect, DRAFTS, ns, settle } from "./helpers.js";

afterEach(() => {
	vi.useRealTimers();
});

const NS = ns("cam");
const NAME = b("front");
const text = (o: ReceivedObject) => new TextDecoder().decode(o.payload);

describe.each(DRAFTS)("draft-%i PUBLISH", (draft) => {
	it("is accepted: objects reach the subscriber's subscription, PUBLISH_DONE ends it", async () => {
		const p = await connect(draft);
		let seen: IncomingPublish | undefined;
		let accepted: Subscription | undefined;
		p.server.handlers.onPublish = (req) => {
			seen = req;
			accepted = req.accept({ parameters: { subscriberPriority: 3 } });
		};
		const publisher = await p.client.publish(NS, NAME, { trackAlias: 11n, publisherPriority: 20 });
		expect(publisher.trackAlias).toBe(11n);
		expect(seen?.message).toMatchObject({ type: "PUBLISH", trackNamespace: NS, trackName: NAME, trackAlias: 11n });
		expect(accepted?.trackAlias).toBe(11n);
		expect(publisher.parameters.subscriberPriority).toBe(3);
		const received: ReceivedObject[] = [];
		const reading = (async () => {
			for await (const o of accepted!) received.push(o);
		})();
		const subgroup = publisher.openSubgroup({ groupId: 0n, subgroupId: 0n });
		await subgroup.writeObject({ objectId: 0n, payload: b("hello") });
		await subgroup.writeObject({ objectId: 1n, payload: b("world") });
		await subgroup.end();
		publisher.close(PublishDoneCode[draft].TRACK_ENDED, "bye");
		await reading;
		expect(received.map(text)).toEqual(["hello", "world"]);
		expect(received[0]?.publisherPriority).toBe(20);
		expect((await accepted!.done) as PublishDone).toEqual({
			statusCode: PublishDoneCode[draft].TRACK_ENDED,
			streamCount: 1n,
			reason: "bye",
		});
		expect(await publisher.done).toBeUndefined();
		await closeBoth(p);
	});

	it("may send objects before the answer; they wait for the subscriber to accept", async () => {
		const p = await connect(draft);
		const held: IncomingPublish[] = [];
		p.server.handlers.onPublish = (req) => {
			held.push(req);
		};
		const publisher = await p.client.publish(NS, NAME, { waitResponse: false });
		const subgroup = publisher.openSubgroup({ groupId: 4n, subgroupId: 0n });
		await subgroup.writeObject({ objectId: 0n, payload: b("early") });
		await vi.waitFor(() => expect(held).toHaveLength(1));
		const accepted = held[0]!.accept();
		await publisher.response;
		const first = await accepted[Symbol.asyncIterator]().next();
		expect(first.value && text(first.value)).toBe("early");
		publisher.close();
		await closeBoth(p);
	});

	it("is refused by the subscriber: the publisher's call rejects", async () => {
		const p = await connect(draft);
		p.server.handlers.onPublish = (req) => req.reject(draft === 14 ? 0x1 : RequestErrorCode[draft].UNAUTHORIZED, "no");
		const error = await p.client.publish(NS, NAME).catch((e: unknown) => e);
		expect(RequestError.isInstance(error)).toBe(true);
		expect(error).toMatchObject({ code: 0x1, codeName: "UNAUTHORIZED", reason: "no", request: "PUBLISH" });
		await closeBoth(p);
	});

	it("refusing it stops the streams that came early, without waiting", async () => {
		vi.useFakeTimers();
		const p = await connect(draft);
		const held: IncomingPublish[] = [];
		p.server.handlers.onPublish = (req) => {
			held.push(req);
		};
		const publisher = await p.client.publish(NS, NAME, { waitResponse: false, trackAlias: 21n });
		// A stream of the track written by hand, which no refusal resets from the publisher's side.
		const raw = await p.transports[0].openUni();
		const encoder = new SubgroupStreamEncoder(
			{
				type: "SUBGROUP_HEADER",
				trackAlias: 21n,
				groupId: 0n,
				subgroupId: 0n,
				publisherPriority: 128,
				hasProperties: false,
				endOfGroup: false,
			},
			draft,
		);
		const w = new Writer(64);
		encoder.writeHeader(w);
		encoder.writeObject(w, { groupId: 0n, subgroupId: 0n, objectId: 0n, payload: b("unwanted") });
		await raw.write(w.finish());
		await settle();
		expect(held).toHaveLength(1);
		expect(p.server.stats().router.pendingStreams).toBe(1);
		held[0]!.reject(draft === 14 ? 0x4 : RequestErrorCode[draft].UNINTERESTED);
		await expect(publisher.response).rejects.toMatchObject({ codeName: "UNINTERESTED" });
		// No time passes: STOP_SENDING comes at once, not after the wait for an unknown alias.
		await expect(raw.closed).rejects.toMatchObject({ kind: "stop-sending", errorCode: 0x1 });
		expect(p.server.stats().router.streams).toBe(0);
		await closeBoth(p);
	});

	it("the subscriber's unsubscribe reaches the publisher", async () => {
		const p = await connect(draft);
		let accepted: Subscription | undefined;
		p.server.handlers.onPublish = (req) => {
			accepted = req.accept();
		};
		const publisher = await p.client.publish(NS, NAME);
		accepted!.unsubscribe();
		expect(await accepted!.done).toBeUndefined();
		expect(await publisher.done).toMatchObject({ ended: "cancelled", request: "PUBLISH" });
		await closeBoth(p);
	});
});
