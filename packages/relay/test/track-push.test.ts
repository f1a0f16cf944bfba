/**
 * Tracks pushed with PUBLISH are offered on to the sessions that asked for them: SUBSCRIBE_TRACKS
 * (draft-18+), SUBSCRIBE_NAMESPACE in draft-14; never to their own publisher, and not to a
 * session whose SUBSCRIBE for the track was waiting (that SUBSCRIBE proceeds instead).
 */

import type { IncomingPublish, MoqtSession, Subscription } from "@moqt/session";
import { describe, expect, test } from "vitest";
import { b, ids, join, ns, take, testRelay, text, until, writeGroups } from "./relay-helpers.js";

/** Accepts every PUBLISH the relay sends and keeps the subscriptions. */
function acceptPublishes(session: MoqtSession): Subscription[] {
	const accepted: Subscription[] = [];
	session.handlers.onPublish = (request: IncomingPublish) => {
		accepted.push(request.accept());
	};
	return accepted;
}

describe("pushing tracks on", () => {
	test("SUBSCRIBE_TRACKS gets a PUBLISH for tracks already pushed and for new ones, not its own", async () => {
		const relay = testRelay();
		const a = (await join(relay, 19)).session;
		const early = await a.publish(ns("room", "a"), b("cam"));
		const watcher = (await join(relay, 19)).session;
		const offered = acceptPublishes(watcher);
		await watcher.subscribeTracks(ns("room"));
		await until(() => offered.length === 1);
		const own = await watcher.publish(ns("room", "w"), b("cam"));
		const late = await (await join(relay, 18)).session.publish(ns("room", "c"), b("mic"));
		await until(() => offered.length === 2);
		expect(offered.map((s) => `${s.trackNamespace.map(text).join("/")}:${text(s.trackName)}`)).toEqual([
			"room/a:cam",
			"room/c:mic",
		]);
		await writeGroups(early, [0n], 2);
		await writeGroups(late, [7n], 1);
		expect(ids(await take(offered[0]!, 2))).toEqual(["0:0", "0:1"]);
		expect(ids(await take(offered[1]!, 1))).toEqual(["7:0"]);
		own.close();
		await relay.close();
	});

	test("a draft-14 SUBSCRIBE_NAMESPACE gets the matching tracks as PUBLISH too", async () => {
		const relay = testRelay();
		const watcher = (await join(relay, 14)).session;
		watcher.handlers.onPublishNamespace = (request) => void request.accept();
		const offered = acceptPublishes(watcher);
		await watcher.subscribeNamespace(ns("live"));
		const pushed = await (await join(relay, 19)).session.publish(ns("live", "x"), b("t"));
		await until(() => offered.length === 1);
		await writeGroups(pushed, [1n], 2);
		expect(ids(await take(offered[0]!, 2))).toEqual(["1:0", "1:1"]);
		await relay.close();
	});

	test("a session waiting with SUBSCRIBE for the track gets its SUBSCRIBE answered, not a PUBLISH", async () => {
		const relay = testRelay();
		const watcher = (await join(relay, 19)).session;
		const offered = acceptPublishes(watcher);
		await watcher.subscribeTracks(ns("r"));
		const waiting = watcher.subscribe(ns("r"), b("t"), { rendezvousTimeout: 60_000n });
		await until(() => relay.stats.rendezvous === 1);
		const pushed = await (await join(relay, 19)).session.publish(ns("r"), b("t"));
		const subscription = await waiting;
		await writeGroups(pushed, [0n], 1);
		expect(ids(await take(subscription, 1))).toEqual(["0:0"]);
		expect(offered).toHaveLength(0);
		await relay.close();
	});
});
