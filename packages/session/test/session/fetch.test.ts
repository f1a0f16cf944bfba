/**
 * FETCH end to end: standalone and joining fetches, FETCH_OK's range, the objects (and End of
 * Range markers from draft-16) on the fetch stream in the fetch's group order, refusals,
 * cancellation, and the completion of both ends.
 */

import {
	type FetchEndOfRange,
	FetchErrorCode,
	FilterType,
	GroupOrder,
	isEndOfRange,
	RequestErrorCode,
} from "@moqt/wire";
import { describe, expect, it } from "vitest";
import {
	type FetchItemReceived,
	type FetchResponder,
	type IncomingFetch,
	RequestError,
	type TrackPublisher,
} from "../../src/index.js";
import { b, closeBoth, connect, DRAFTS, ns, settle } from "./helpers.js";

const NS = ns("vod");
const NAME = b("movie");
const text = (o: FetchItemReceived) =>
	isEndOfRange(o) ? `end:${o.groupId}/${o.objectId}` : new TextDecoder().decode(o.payload);

describe.each(DRAFTS)("draft-%i FETCH", (draft) => {
	it("delivers a standalone fetch's objects, then both ends complete", async () => {
		const p = await connect(draft);
		let seen: IncomingFetch | undefined;
		let responder: FetchResponder | undefined;
		p.server.handlers.onFetch = async (req) => {
			seen = req;
			responder = req.accept({ endLocation: { group: 1n, object: 2n } });
			for (const [g, o] of [
				[0n, 0n],
				[0n, 1n],
				[1n, 0n],
				[1n, 1n],
			] as const) {
				await responder.write({ groupId: g, subgroupId: 0n, objectId: o, payload: b(`${g}.${o}`) });
			}
			await responder.finish();
		};
		const fetch = await p.client.fetch(NS, NAME, { start: { group: 0n, object: 0n }, end: { group: 1n, object: 2n } });
		expect(seen?.message.fetchType).toMatchObject({ trackNamespace: NS, trackName: NAME });
		expect(seen?.joining).toBeUndefined();
		expect(await fetch.response).toMatchObject({ endOfTrack: false, endLocation: { group: 1n, object: 2n } });
		const items: string[] = [];
		for await (const item of fetch) items.push(text(item));
		expect(items).toEqual(["0.0", "0.1", "1.0", "1.1"]);
		expect(await fetch.done).toBeUndefined();
		expect(await responder!.done).toBeUndefined();
		await settle();
		for (const s of [p.client, p.server]) expect(s.stats()).toMatchObject({ requests: 0, core: { fetches: 0 } });
		await closeBoth(p);
	});

	it("sends groups in the order the FETCH asks for", async () => {
		const p = await connect(draft);
		p.server.handlers.onFetch = async (req) => {
			const responder = req.accept({ endLocation: { group: 3n, object: 0n }, endOfTrack: true });
			for (const g of [2n, 1n, 0n])
				await responder.write({ groupId: g, subgroupId: 0n, objectId: 0n, payload: b(`${g}`) });
			await expect(responder.write({ groupId: 5n, subgroupId: 0n, objectId: 0n })).rejects.toThrow();
			await responder.finish();
		};
		const fetch = await p.client.fetch(NS, NAME, {
			start: { group: 0n, object: 0n },
			end: { group: 3n, object: 0n },
			groupOrder: GroupOrder.DESCENDING,
		});
		const items: string[] = [];
		for await (const item of fetch) items.push(text(item));
		expect(items).toEqual(["2", "1", "0"]);
		expect((await fetch.response).endOfTrack).toBe(true);
		await closeBoth(p);
	});

	it("is refused with the draft's does-not-exist code when nobody handles it", async () => {
		const p = await connect(draft);
		const code = draft === 14 ? FetchErrorCode.TRACK_DOES_NOT_EXIST : RequestErrorCode[draft].DOES_NOT_EXIST;
		const error = await p.client
			.fetch(NS, NAME, { start: { group: 0n, object: 0n }, end: { group: 1n, object: 0n } })
			.catch((e: unknown) => e);
		expect(RequestError.isInstance(error)).toBe(true);
		expect(error).toMatchObject({ code, request: "FETCH" });
		await closeBoth(p);
	});

	it("cancel ends the fetch at both ends", async () => {
		const p = await connect(draft);
		let responder: FetchResponder | undefined;
		p.server.handlers.onFetch = (req) => {
			responder = req.accept({ endLocation: { group: 9n, object: 0n } });
			void responder.write({ groupId: 0n, subgroupId: 0n, objectId: 0n, payload: b("first") });
		};
		const fetch = await p.client.fetch(NS, NAME, { start: { group: 0n, object: 0n }, end: { group: 9n, object: 0n } });
		fetch.cancel();
		expect(await fetch.done).toBeUndefined();
		expect(await responder!.done).toMatchObject({ ended: "cancelled", request: "FETCH" });
		await closeBoth(p);
	});

	it("joins a subscription: the publisher sees which one", async () => {
		const p = await connect(draft);
		let publisher: TrackPublisher | undefined;
		let joined: IncomingFetch | undefined;
		p.server.handlers.onSubscribe = (req) => {
			publisher = req.accept({ parameters: { largestObject: { group: 7n, object: 4n } } });
		};
		p.server.handlers.onFetch = async (req) => {
			joined = req;
			const responder = req.accept({ endLocation: { group: 7n, object: 5n } });
			await responder.write({ groupId: 6n, subgroupId: 0n, objectId: 0n, payload: b("6.0") });
			await responder.write({ groupId: 7n, subgroupId: 0n, objectId: 4n, payload: b("7.4") });
			await responder.finish();
		};
		// drafts 14 and 16 allow a Joining FETCH only for a Largest Object subscription.
		const sub = await p.client.subscribe(NS, NAME, { subscriptionFilter: { type: FilterType.LARGEST_OBJECT } });
		const fetch = await p.client.joiningFetch(sub, { relative: 1n });
		expect(joined?.joining?.requestId).toBe(sub.requestId);
		expect(joined?.message.fetchType).toMatchObject({ joiningRequestId: sub.requestId, joiningStart: 1n });
		const items: string[] = [];
		for await (const item of fetch) items.push(text(item));
		expect(items).toEqual(["6.0", "7.4"]);
		publisher!.close();
		await sub.done;
		await closeBoth(p);
	});
});

describe.each([16, 18, 19] as const)("draft-%i FETCH End of Range", (draft) => {
	it("delivers End of Range markers among the objects", async () => {
		const p = await connect(draft);
		p.server.handlers.onFetch = async (req) => {
			const responder = req.accept({ endLocation: { group: 3n, object: 0n } });
			await responder.write({ groupId: 0n, subgroupId: 0n, objectId: 0n, payload: b("0.0") });
			const marker: FetchEndOfRange = { endOfRange: "non-existent", groupId: 1n, objectId: 5n };
			await responder.write(marker);
			await responder.write({ groupId: 2n, subgroupId: 0n, objectId: 0n, payload: b("2.0") });
			await responder.finish();
		};
		const fetch = await p.client.fetch(NS, NAME, { start: { group: 0n, object: 0n }, end: { group: 3n, object: 0n } });
		const items: string[] = [];
		for await (const item of fetch) items.push(text(item));
		expect(items).toEqual(["0.0", "end:1/5", "2.0"]);
		expect(await fetch.done).toBeUndefined();
		await closeBoth(p);
	});
});
