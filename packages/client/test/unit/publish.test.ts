/**
 * PUBLISH (pushing a track to the peer) and TRACK_STATUS, per draft, against a bare
 * `@moqt/session` server and another client session.
 */

import type { Subscription } from "@moqt/session";
import { describe, expect, it } from "vitest";
import { PublishDoneCode, RequestError, text } from "../../src/index.js";
import { clientPair, closeAll, DRAFTS, rawPeer } from "../helpers.js";

describe.each(DRAFTS)("draft-%i publish", (draft) => {
	it("pushes a track: what it writes reaches the peer's subscription; stop() ends that subscription only", async () => {
		const { client, server } = await rawPeer(draft);
		const accepted: Subscription[] = [];
		server.handlers.onPublish = (request) => void accepted.push(request.accept());
		const track = client.track("live", "cam", { priority: 3 });
		await track.group(0).write("before");
		const publication = await client.publish("live", "cam", { track });
		expect(publication.track).toBe(track);
		expect(accepted[0]?.largest).toEqual({ group: 0n, object: 0n });
		const objects = accepted[0]![Symbol.asyncIterator]();
		await track.group(1).write("after");
		const first = (await objects.next()).value;
		expect(text(first)).toBe("after");
		expect(first.publisherPriority).toBe(3);
		publication.stop();
		expect(await accepted[0]!.done).toMatchObject({ statusCode: PublishDoneCode[draft].SUBSCRIPTION_ENDED });
		expect(await publication.done).toBeUndefined();
		expect(track.ended).toBe(false);
		await closeAll(client, server);
	});

	it("makes the track itself when none is given; a refusal ends it", async () => {
		const { client, server } = await rawPeer(draft);
		let accept = true;
		server.handlers.onPublish = (request) => {
			if (accept) request.accept();
			else request.reject(draft === 14 ? 0x4 : 0x20, "no thanks");
		};
		const publication = await client.publish("live", "made");
		await publication.track.group().write("x");
		accept = false;
		const refused = await client.publish("live", "other").catch((e: unknown) => e);
		expect(refused).toMatchObject({ codeName: "UNINTERESTED", reason: "no thanks" });
		// The track made for the refused PUBLISH has ended: a new one may take its name.
		expect(client.track("live", "other").ended).toBe(false);
		expect(() => client.track("live", "made")).toThrow(TypeError);
		await closeAll(client, server);
	});

	it("refuses a track given under another name", async () => {
		const { client, server } = await rawPeer(draft);
		const track = client.track("live", "cam");
		await expect(client.publish("live", "other", { track })).rejects.toBeInstanceOf(TypeError);
		await closeAll(client, server);
	});
});

describe.each(DRAFTS)("draft-%i track status", (draft) => {
	it("answers with the largest object of a track we publish, and refuses unknown tracks", async () => {
		const { client, server } = await clientPair(draft);
		const track = server.track("live", "clock");
		const before = await client.trackStatus("live", "clock");
		expect(before.largest).toBeUndefined();
		await track.group(4).write("x");
		const status = await client.trackStatus("live", "clock");
		expect(status.largest).toEqual({ group: 4n, object: 0n });
		const error = await client.trackStatus("live", "none").catch((e: unknown) => e);
		expect(RequestError.isInstance(error)).toBe(true);
		await closeAll(client, server);
	});
});
