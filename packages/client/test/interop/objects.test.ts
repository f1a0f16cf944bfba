/**
 * Interop with @moq/net 0.3.4: subscriptions with objects flowing both ways, their end
 * (PUBLISH_DONE) and unsubscribing from either side, both ways round, on every draft both speak.
 *
 * @moq/net's model is moq-lite's: a group is one stream of subgroup 0 whose objects are numbered
 * 0, 1, 2... without gaps (its subscriber rejects anything else), so that is what we publish.
 */

import type { ReceivedObject, Subscription } from "@moqt/session";
import { PublishDoneCode } from "@moqt/wire";
import { describe, expect, it, onTestFinished } from "vitest";
import { GROUPS, ns, toBase64, utf8 } from "./bytes.js";
import { DRAFTS } from "./drafts.js";
import { TOPOLOGIES } from "./topology.js";

/** The next `count` objects of a subscription, by Group ID then Object ID (groups travel on separate streams). */
async function take(subscription: Subscription, count: number): Promise<ReceivedObject[]> {
	const objects: ReceivedObject[] = [];
	const iterator = subscription[Symbol.asyncIterator]();
	while (objects.length < count) {
		const next = await iterator.next();
		if (next.done) throw new Error(`the subscription ended after ${objects.length} objects`);
		objects.push(next.value);
	}
	return objects.sort((a, b) =>
		a.groupId !== b.groupId ? Number(a.groupId - b.groupId) : Number(a.objectId - b.objectId),
	);
}

describe.each(TOPOLOGIES)("$name", (topology) => {
	describe.each(DRAFTS)("draft-%i", (draft) => {
		it("receives its objects intact, then its PUBLISH_DONE", async () => {
			const pair = await topology.connect(draft);
			onTestFinished(() => pair.dispose());
			const { session, peer } = pair;
			await peer.call("publish", { path: "demo/a", track: "video" });
			const subscription = await session.subscribe(ns("demo", "a"), utf8("video"));
			await peer.call("waitSubscribed", { path: "demo/a", track: "video" });
			for (const group of GROUPS) {
				await peer.call("writeGroup", { path: "demo/a", track: "video", frames: group.map(toBase64) });
			}

			const objects = await take(subscription, GROUPS.flat().length);
			const expected = GROUPS.flatMap((group, g) =>
				group.map((payload, o) => ({
					groupId: BigInt(g),
					subgroupId: 0n,
					objectId: BigInt(o),
					status: 0,
					forwarding: "subgroup",
					payload,
				})),
			);
			expect(objects).toMatchObject(expected);

			await peer.call("closeTrack", { path: "demo/a", track: "video" });
			// Deviation (-14 §9.12, -16 §9.15, -19 §10.11: Stream Count is "the number of data streams
			// the publisher opened for this subscription"): @moq/net sends 0 after opening one stream per
			// group. Receiving more streams than that "MAY" close the session; we keep it open.
			expect(await subscription.done).toEqual({
				statusCode: PublishDoneCode[draft].TRACK_ENDED,
				streamCount: 0n,
				reason: "track ended",
			});
			expect(session.closedError).toBeUndefined();
		});

		it("unsubscribes, and @moq/net stops serving", async () => {
			const pair = await topology.connect(draft);
			onTestFinished(() => pair.dispose());
			const { session, peer } = pair;
			await peer.call("publish", { path: "demo/a", track: "video" });
			const subscription = await session.subscribe(ns("demo", "a"), utf8("video"));
			await peer.call("waitSubscribed", { path: "demo/a", track: "video" });
			await peer.call("writeGroup", { path: "demo/a", track: "video", frames: [toBase64(utf8("first"))] });
			expect((await take(subscription, 1))[0]?.payload).toEqual(utf8("first"));

			subscription.unsubscribe();
			await peer.call("waitUnsubscribed", { path: "demo/a", track: "video" });
			expect(await subscription.done).toBeUndefined();
			// UNSUBSCRIBE in drafts 14 and 16; from draft-17 STOP_SENDING on the request stream (-19 §5.1).
			const unsubscribes = pair.messages.filter((m) => m.direction === "out" && m.message.type === "UNSUBSCRIBE");
			expect(unsubscribes).toHaveLength(draft <= 16 ? 1 : 0);
		});

		it("publishes on subgroup 0 only: @moq/net stops any other subgroup's stream (limitation)", async () => {
			const pair = await topology.connect(draft);
			onTestFinished(() => pair.dispose());
			const { peer, incoming } = pair;
			const subscribing = peer.call("subscribe", { path: "demo/b", track: "audio", groups: 1 });
			const track = (await incoming.next("subscribe")).accept();
			// moq-lite has one stream per group: its subscriber refuses a Subgroup ID other than 0
			// ("subgroups are not supported") with STOP_SENDING and reads on.
			const other = track.openSubgroup({ groupId: 0n, subgroupId: 1n });
			await other.writeObject({ objectId: 0n, payload: utf8("lost") });
			await other.end();
			const zero = track.openSubgroup({ groupId: 1n, subgroupId: 0n });
			await zero.writeObject({ objectId: 0n, payload: utf8("kept") });
			await zero.end();
			expect(await subscribing).toEqual({ groups: [{ sequence: 1, frames: [toBase64(utf8("kept"))] }] });
		});

		it("publishes objects @moq/net receives intact, until it leaves", async () => {
			const pair = await topology.connect(draft);
			onTestFinished(() => pair.dispose());
			const { peer, incoming } = pair;
			const subscribing = peer.call("subscribe", { path: "demo/b", track: "audio", groups: GROUPS.length });
			const request = await incoming.next("subscribe");
			expect(request.message.trackNamespace).toEqual(ns("demo", "b"));
			expect(request.message.trackName).toEqual(utf8("audio"));
			const track = request.accept();
			for (const [g, group] of GROUPS.entries()) {
				const subgroup = track.openSubgroup({ groupId: BigInt(g), subgroupId: 0n });
				for (const [o, payload] of group.entries()) await subgroup.writeObject({ objectId: BigInt(o), payload });
				await subgroup.end();
			}

			const { groups } = await subscribing;
			expect([...groups].sort((a, b) => a.sequence - b.sequence)).toEqual(
				GROUPS.map((group, g) => ({ sequence: g, frames: group.map(toBase64) })),
			);
			// It left after the last group it wanted: UNSUBSCRIBE (14, 16) or STOP_SENDING (18, 19).
			expect(await track.done).toMatchObject({ name: "RequestError", request: "SUBSCRIBE", ended: "cancelled" });
		});
	});
});
