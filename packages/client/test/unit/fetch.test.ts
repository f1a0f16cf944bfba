/**
 * FETCH and Joining FETCH answered from a track's cache of recent groups, per draft: the range
 * (inclusive ends, whole groups, up to the largest object), group order, eviction, INVALID_RANGE,
 * and the application's handler for tracks the session does not know.
 */

import { describe, expect, it } from "vitest";
import { RequestError, type Track, text } from "../../src/index.js";
import { all, clientPair, closeAll, DRAFTS, rawPeer } from "../helpers.js";

/** Writes `groups` groups of `objects` objects each ("g.o"), ending each group. */
async function fill(track: Track, groups: number, objects: number): Promise<void> {
	for (let g = 0; g < groups; g++) {
		const group = track.group(g);
		for (let o = 0; o < objects; o++) await group.write(`${g}.${o}`);
		await group.end();
	}
}

describe.each(DRAFTS)("draft-%i fetch", (draft) => {
	it("fetches an inclusive range of past objects", async () => {
		const { client, server } = await clientPair(draft);
		const track = server.track("vod", "video", { cache: { groups: 10 } });
		await fill(track, 4, 3);
		const fetch = await client.fetch("vod", "video", { start: { group: 1, object: 1 }, end: { group: 2, object: 1 } });
		expect(await all(fetch)).toEqual(["1.1", "1.2", "2.0", "2.1"]);
		expect(fetch.endLocation).toEqual({ group: 2n, object: 2n });
		expect(await fetch.done).toBeUndefined();
		await closeAll(client, server);
	});

	it("fetches whole groups, newest first when asked, up to the largest object", async () => {
		const { client, server } = await clientPair(draft);
		const track = server.track("vod", "video", { cache: { groups: 10 } });
		await fill(track, 2, 2);
		await track.group(2).write("2.0");
		const whole = await client.fetch("vod", "video", { start: { group: 0 }, end: { group: 1 } });
		expect(await all(whole)).toEqual(["0.0", "0.1", "1.0", "1.1"]);
		expect(whole.endLocation).toEqual({ group: 1n, object: 0n });
		const newest = await client.fetch("vod", "video", { start: { group: 0 }, groupOrder: "descending" });
		expect(await all(newest)).toEqual(["2.0", "1.0", "1.1", "0.0", "0.1"]);
		expect(newest.endLocation).toEqual({ group: 2n, object: 1n });
		expect(newest.endOfTrack).toBe(false);
		await track.end();
		await closeAll(client, server);
	});

	it("keeps only the newest groups", async () => {
		const { client, server } = await clientPair(draft);
		const track = server.track("vod", "video", { cache: { groups: 2 } });
		await fill(track, 4, 1);
		const fetch = await client.fetch("vod", "video", { start: { group: 0 } });
		expect(await all(fetch)).toEqual(["2.0", "3.0"]);
		await closeAll(client, server);
	});

	it("answers from an ended track, with End of Track; a new subscription is refused", async () => {
		const { client, server } = await clientPair(draft);
		const track = server.track("vod", "video");
		await fill(track, 1, 2);
		await track.end();
		const fetch = await client.fetch("vod", "video", { start: { group: 0 } });
		expect(await all(fetch)).toEqual(["0.0", "0.1"]);
		expect(fetch.endOfTrack).toBe(true);
		expect(fetch.endLocation).toEqual({ group: 0n, object: 2n });
		await expect(client.subscribe("vod", "video")).rejects.toBeInstanceOf(RequestError);
		// A new track of the name takes the ended one's place.
		const again = server.track("vod", "video");
		expect(again.ended).toBe(false);
		expect(() => server.track("vod", "video")).toThrow(TypeError);
		await closeAll(client, server);
	});

	it("refuses a range after the largest object, and a track with nothing written, with INVALID_RANGE", async () => {
		const { client, server } = await clientPair(draft);
		const track = server.track("vod", "video");
		const empty = await client.fetch("vod", "video", { start: { group: 0 } }).catch((e: unknown) => e);
		expect(empty).toMatchObject({ codeName: "INVALID_RANGE", reason: "nothing published yet" });
		await fill(track, 1, 1);
		const after = await client.fetch("vod", "video", { start: { group: 5 } }).catch((e: unknown) => e);
		expect(after).toMatchObject({ codeName: "INVALID_RANGE" });
		await closeAll(client, server);
	});

	it("joins a subscription: the groups before it, contiguous with what it delivers", async () => {
		const { client, server } = await clientPair(draft);
		const track = server.track("live", "video", { cache: { groups: 5 } });
		await fill(track, 3, 2);
		const subscription = await client.subscribe("live", "video");
		const joined = await client.joiningFetch(subscription, { relative: 1 });
		expect(await all(joined)).toEqual(["1.0", "1.1", "2.0", "2.1"]);
		const absolute = await client.joiningFetch(subscription, { absolute: 0 });
		expect((await all(absolute)).length).toBe(6);
		const live = subscription[Symbol.asyncIterator]();
		await track.group(3).write("3.0");
		expect(text((await live.next()).value)).toBe("3.0");
		await closeAll(client, server);
	});

	it("leaves fetches of unknown tracks to the application's handler", async () => {
		const { client, server } = await clientPair(draft);
		server.handlers.onFetch = async (request) => {
			const responder = request.accept({ endLocation: { group: 0n, object: 1n } });
			await responder.write({ groupId: 0n, subgroupId: 0n, objectId: 0n, payload: new TextEncoder().encode("hand") });
			await responder.finish();
		};
		const fetch = await client.fetch("elsewhere", "x", { start: { group: 0 }, end: { group: 0, object: 0 } });
		expect(await all(fetch)).toEqual(["hand"]);
		await closeAll(client, server);
	});
});

describe.each([16, 18, 19] as const)("draft-%i fetch End of Range", (draft) => {
	it("yields the objects and lists the markers between them", async () => {
		const { client, server } = await rawPeer(draft);
		server.handlers.onFetch = async (request) => {
			const responder = request.accept({ endLocation: { group: 3n, object: 0n } });
			await responder.write({ groupId: 0n, subgroupId: 0n, objectId: 0n, payload: new TextEncoder().encode("0.0") });
			await responder.write({ endOfRange: "non-existent", groupId: 1n, objectId: 4n });
			await responder.write({ groupId: 2n, subgroupId: 0n, objectId: 0n, payload: new TextEncoder().encode("2.0") });
			await responder.finish();
		};
		const fetch = await client.fetch("vod", "video", { start: { group: 0 }, end: { group: 2 } });
		expect(await all(fetch)).toEqual(["0.0", "2.0"]);
		expect(fetch.endOfRange).toEqual([{ endOfRange: "non-existent", groupId: 1n, objectId: 4n }]);
		await closeAll(client, server);
	});
});
