/**
 * Ending tracks: PUBLISH_DONE reaches every subscriber (with the code in its draft and the
 * number of streams the relay opened for it) when the publisher ends the track, and when the
 * publisher vanishes mid-stream; nothing is left behind at the relay.
 */

import type { PublishDone, ReceivedObject, Subscription } from "@moqt/session";
import { ObjectStatus, PublishDoneCode, StreamResetCode } from "@moqt/wire";
import { describe, expect, test } from "vitest";
import { b, ids, join, ns, TestPublisher, take, testRelay, until, writeGroups } from "./relay-helpers.js";

/** Every object until the subscription ends; status objects too when `all`. */
async function drain(subscription: Subscription, all = false): Promise<ReceivedObject[]> {
	const objects: ReceivedObject[] = [];
	for await (const o of subscription) if (all || o.status === ObjectStatus.NORMAL) objects.push(o);
	return objects;
}

function streams(objects: readonly ReceivedObject[]): number {
	return new Set(objects.map((o) => `${o.groupId}:${o.subgroupId}`)).size;
}

describe("PUBLISH_DONE", () => {
	test("the publisher's TRACK_ENDED reaches draft-14 and draft-19 subscribers with their stream counts", async () => {
		const relay = testRelay();
		const publisher = new TestPublisher((await join(relay, 16)).session);
		await publisher.session.publishNamespace(ns("p"));
		const subs = await Promise.all(
			([14, 19] as const).map(async (d) => (await join(relay, d)).session.subscribe(ns("p"), b("t"))),
		);
		const track = await publisher.track();
		await writeGroups(track, [0n, 1n, 2n], 4);
		const received = subs.map((s) => drain(s, true));
		track.close(PublishDoneCode[16].TRACK_ENDED);
		for (const [i, subscription] of subs.entries()) {
			const objects = await received[i]!;
			// Each group's End of Group header bit arrives as an End of Group object after its last object.
			expect(
				objects.map((o) => `${o.groupId}:${o.objectId}${o.status === ObjectStatus.END_OF_GROUP ? "!" : ""}`),
			).toEqual([0, 1, 2].flatMap((g) => [`${g}:0`, `${g}:1`, `${g}:2`, `${g}:3`, `${g}:4!`]));
			const done = (await subscription.done) as PublishDone;
			expect(done.statusCode).toBe(PublishDoneCode[14].TRACK_ENDED);
			expect(done.streamCount).toBe(BigInt(streams(objects)));
		}
		await until(() => relay.stats.tracks === 0);
		expect(relay.stats).toMatchObject({ downstreams: 0, sources: 0, subgroups: 0, queued: 0 });
		await relay.close();
	});

	test("a publisher killed mid-stream: subscribers get TRACK_ENDED, the relay forgets the track", async () => {
		const relay = testRelay();
		const joined = await join(relay, 19);
		const publisher = new TestPublisher(joined.session);
		await publisher.session.publishNamespace(ns("p"));
		const subscribers = await Promise.all([join(relay, 19), join(relay, 14)]);
		const subs = await Promise.all(subscribers.map((s) => s.session.subscribe(ns("p"), b("t"))));
		const track = await publisher.track();
		await writeGroups(track, [0n], 3);
		// A subgroup left open, half written, when the connection vanishes.
		const open = track.openSubgroup({ groupId: 1n, subgroupId: 0n });
		await open.writeObject({ objectId: 0n, payload: b("half") });
		const ends = subs.map((s) => {
			const seen: string[] = [];
			s.onStreamEnd = (end) => seen.push(`${end.groupId}:${end.kind}:${end.code ?? ""}`);
			return seen;
		});
		const before = await Promise.all(subs.map((s) => take(s, 4)));
		joined.transport.disconnect();
		for (const [i, subscription] of subs.entries()) {
			expect(ids(before[i]!)).toEqual(["0:0", "0:1", "0:2", "1:0"]);
			expect(await drain(subscription)).toEqual([]);
			const done = (await subscription.done) as PublishDone;
			expect(done.statusCode).toBe(PublishDoneCode[19].TRACK_ENDED);
			expect(done.streamCount).toBe(2n);
			// Group 0 was complete (FIN); group 1 was cut off, so its stream is reset with CANCELLED.
			expect(ends[i]).toEqual(["0:fin:", `1:reset:${StreamResetCode[subscribers[i]!.session.draft].CANCELLED}`]);
		}
		await until(() => relay.stats.tracks === 0 && relay.stats.sessions === 2);
		expect(relay.stats).toMatchObject({ namespaces: 0, downstreams: 0, sources: 0, subgroups: 0, queued: 0 });
		await relay.close();
	});

	test("PUBLISH (push): the track lives while the publisher does; subscribers join it and see its end", async () => {
		const relay = testRelay();
		const publisher = (await join(relay, 19)).session;
		const pushed = await publisher.publish(ns("push"), b("t"));
		expect(relay.stats.pushedTracks).toBe(1);
		await writeGroups(pushed, [0n], 2);
		const subscriber = (await join(relay, 14)).session;
		const subscription = await subscriber.subscribe(ns("push"), b("t"));
		expect(subscription.largest).toEqual({ group: 0n, object: 1n });
		const received = drain(subscription);
		await writeGroups(pushed, [1n], 2);
		pushed.close();
		expect((await received).map((o) => `${o.groupId}:${o.objectId}`)).toEqual(["1:0", "1:1"]);
		expect(((await subscription.done) as PublishDone).statusCode).toBe(PublishDoneCode[14].TRACK_ENDED);
		await until(() => relay.stats.tracks === 0 && relay.stats.pushedTracks === 0);
		await relay.close();
	});
});
