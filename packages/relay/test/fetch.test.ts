/**
 * FETCH at the relay: served from the cache when the cache knows the range, forwarded to the
 * publisher (and cached) when it does not, joining FETCH from the cache, INVALID_RANGE past the
 * Largest Object, and TRACK_STATUS.
 */

import { type Fetch, type FetchItemReceived, type IncomingFetch, type MoqtSession, RequestError } from "@moqt/session";
import { GroupOrder, isEndOfRange, RequestErrorCode } from "@moqt/wire";
import { describe, expect, test } from "vitest";
import { b, join, ns, TestPublisher, take, testRelay, text, writeGroups } from "./relay-helpers.js";

async function read(fetch: Fetch): Promise<string[]> {
	const out: string[] = [];
	for await (const item of fetch as AsyncIterable<FetchItemReceived>) {
		out.push(isEndOfRange(item) ? `end-of-${item.endOfRange}@${item.groupId}` : text(item.payload));
	}
	return out;
}

/** A publisher that answers FETCH with `g:o` objects of groups 0..9, 3 objects each. */
function serveFetches(session: MoqtSession): IncomingFetch[] {
	const fetches: IncomingFetch[] = [];
	session.handlers.onFetch = async (request) => {
		fetches.push(request);
		const f = request.message.fetchType;
		if (f.type !== 1) throw new Error("only standalone fetches here");
		const responder = request.accept({ endLocation: f.endLocation });
		for (let g = f.startLocation.group; g <= f.endLocation.group; g++) {
			for (let o = 0n; o < 3n; o++) {
				if (g === f.endLocation.group && f.endLocation.object !== 0n && o >= f.endLocation.object) break;
				await responder.write({ groupId: g, subgroupId: 0n, objectId: o, payload: b(`${g}:${o}`) });
			}
		}
		await responder.finish();
	};
	return fetches;
}

describe("FETCH", () => {
	test("a range the cache holds is served from it, the publisher is not asked", async () => {
		const relay = testRelay();
		const publisher = new TestPublisher((await join(relay, 19)).session);
		const fetches = serveFetches(publisher.session);
		await publisher.session.publishNamespace(ns("f"));
		const subscriber = (await join(relay, 19)).session;
		const subscription = await subscriber.subscribe(ns("f"), b("t"));
		await writeGroups(await publisher.track(), [0n, 1n, 2n], 3);
		await take(subscription, 9);
		const fetch = await subscriber.fetch(ns("f"), b("t"), {
			start: { group: 1n, object: 0n },
			end: { group: 2n, object: 0n },
		});
		expect(await read(fetch)).toEqual(["1:0", "1:1", "1:2", "2:0", "2:1", "2:2"]);
		const descending = await subscriber.fetch(ns("f"), b("t"), {
			start: { group: 0n, object: 1n },
			end: { group: 1n, object: 2n },
			groupOrder: GroupOrder.DESCENDING,
		});
		expect(await read(descending)).toEqual(["1:0", "1:1", "0:1", "0:2"]);
		expect(fetches).toHaveLength(0);
		await relay.close();
	});

	test("a miss goes to the publisher once; the answer is cached for the next FETCH", async () => {
		const relay = testRelay();
		const publisher = new TestPublisher((await join(relay, 16)).session);
		const fetches = serveFetches(publisher.session);
		await publisher.session.publishNamespace(ns("f"));
		const subscriber = (await join(relay, 19)).session;
		const range = { start: { group: 4n, object: 0n }, end: { group: 5n, object: 2n } };
		const first = await subscriber.fetch(ns("f"), b("t"), range);
		expect((await first.response).endLocation).toEqual({ group: 5n, object: 2n });
		expect(await read(first)).toEqual(["4:0", "4:1", "4:2", "5:0", "5:1"]);
		const second = await subscriber.fetch(ns("f"), b("t"), range);
		expect(await read(second)).toEqual(["4:0", "4:1", "4:2", "5:0", "5:1"]);
		expect(fetches).toHaveLength(1);
		await relay.close();
	});

	test("a joining FETCH is answered from the cache up to the Joining Location", async () => {
		const relay = testRelay();
		const publisher = new TestPublisher((await join(relay, 19)).session);
		const fetches = serveFetches(publisher.session);
		await publisher.session.publishNamespace(ns("f"));
		const warm = (await join(relay, 19)).session;
		const warmSub = await warm.subscribe(ns("f"), b("t"));
		const track = await publisher.track();
		await writeGroups(track, [0n, 1n, 2n], 3);
		await take(warmSub, 9);
		const late = (await join(relay, 19)).session;
		const subscription = await late.subscribe(ns("f"), b("t"));
		expect(subscription.largest).toEqual({ group: 2n, object: 2n });
		const joining = await late.joiningFetch(subscription, { relative: 1n });
		expect(await read(joining)).toEqual(["1:0", "1:1", "1:2", "2:0", "2:1", "2:2"]);
		await writeGroups(track, [3n], 1);
		expect((await take(subscription, 1)).map((o) => text(o.payload))).toEqual(["3:0"]);
		expect(fetches).toHaveLength(0);
		await relay.close();
	});

	test("a FETCH starting past the Largest Object is INVALID_RANGE; unknown tracks DOES_NOT_EXIST", async () => {
		const relay = testRelay();
		const publisher = (await join(relay, 19)).session;
		const pushed = await publisher.publish(ns("p"), b("t"));
		await writeGroups(pushed, [0n], 2);
		const subscriber = (await join(relay, 19)).session;
		const past = await subscriber
			.fetch(ns("p"), b("t"), { start: { group: 5n, object: 0n }, end: { group: 6n, object: 0n } })
			.catch((e: unknown) => e);
		expect(RequestError.isInstance(past) && past.code).toBe(RequestErrorCode[19].INVALID_RANGE);
		const unknown = await subscriber
			.fetch(ns("q"), b("t"), { start: { group: 0n, object: 0n }, end: { group: 1n, object: 0n } })
			.catch((e: unknown) => e);
		expect(RequestError.isInstance(unknown) && unknown.code).toBe(RequestErrorCode[19].DOES_NOT_EXIST);
		// The end is cut at the Largest Object.
		const cut = await subscriber.fetch(ns("p"), b("t"), {
			start: { group: 0n, object: 0n },
			end: { group: 9n, object: 0n },
		});
		expect((await cut.response).endLocation).toEqual({ group: 0n, object: 2n });
		expect(await read(cut)).toEqual(["0:0", "0:1"]);
		await relay.close();
	});

	test("TRACK_STATUS reports the Largest Location of a relayed track", async () => {
		const relay = testRelay();
		const publisher = (await join(relay, 16)).session;
		const pushed = await publisher.publish(ns("p"), b("t"));
		await writeGroups(pushed, [0n, 1n], 2);
		const subscriber = (await join(relay, 16)).session;
		const status = await subscriber.trackStatus(ns("p"), b("t"));
		expect(status.result?.parameters.largestObject).toEqual({ group: 1n, object: 1n });
		await relay.close();
	});
});
