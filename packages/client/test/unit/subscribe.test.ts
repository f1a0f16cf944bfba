/**
 * Subscribing to a track another client session publishes with `session.track`, over an
 * in-memory pair, per draft: objects and their fields, late joiners, updates, the end of the
 * track, refusals, handlers for other tracks, `waitResponse: false`.
 */

import { describe, expect, it } from "vitest";
import { ObjectStatus, PublishDoneCode, RequestError, text } from "../../src/index.js";
import { all, clientPair, closeAll, DRAFTS, take } from "../helpers.js";

describe.each(DRAFTS)("draft-%i subscribe", (draft) => {
	it("delivers what the track writes, with properties and priority, until the track ends", async () => {
		const { client, server } = await clientPair(draft);
		const track = server.track("live/room", "chat", { priority: 7 });
		const subscription = await client.subscribe("live/room", "chat");
		expect(track.subscribers).toBe(1);
		expect(subscription.largest).toBeUndefined();
		const reading = (async () => {
			const out = [];
			for await (const o of subscription) out.push(o);
			return out;
		})();
		const group = track.group();
		expect(await group.write("a", { properties: [{ type: 2, value: 5 }] })).toBe(0n);
		expect(await group.write("b")).toBe(1n);
		await group.end();
		await track.group().write("c");
		await track.end();
		const objects = await reading;
		expect(objects.map(text)).toEqual(["a", "b", "c"]);
		expect(objects[0]).toMatchObject({
			group: 0n,
			subgroup: 0n,
			object: 0n,
			status: ObjectStatus.NORMAL,
			priority: 7,
			forwarding: "subgroup",
			properties: [{ type: 2n, value: 5n }],
		});
		expect(objects[2]).toMatchObject({ group: 1n, object: 0n });
		expect(await subscription.done).toMatchObject({ statusCode: PublishDoneCode[draft].TRACK_ENDED });
		expect(track.subscribers).toBe(0);
		await closeAll(client, server);
	});

	it("starts a late subscriber after the largest object, in the middle of a group", async () => {
		const { client, server } = await clientPair(draft);
		const track = server.track("live", "clock");
		const group = track.group(5);
		await group.write("5.0");
		await group.write("5.1");
		const subscription = await client.subscribe("live", "clock");
		expect(subscription.largest).toEqual({ group: 5n, object: 1n });
		const reading = take(subscription, 2);
		await group.write("5.2");
		await track.group().write("6.0");
		expect(await reading).toEqual(["5.2", "6.0"]);
		await track.end();
		await closeAll(client, server);
	});

	it("turns forwarding off and on with update()", async () => {
		const { client, server } = await clientPair(draft);
		const track = server.track("live", "clock");
		const subscription = await client.subscribe("live", "clock");
		await subscription.update({ forward: false });
		const group = track.group();
		await group.write("dropped");
		await subscription.update({ forward: true });
		await group.write("kept");
		await group.end();
		await track.end();
		expect(await all(subscription)).toEqual(["kept"]);
		await closeAll(client, server);
	});

	it("unsubscribes when the loop is left; the track forgets the subscription", async () => {
		const { client, server } = await clientPair(draft);
		const track = server.track("live", "clock");
		const subscription = await client.subscribe("live", "clock");
		const reading = take(subscription, 1);
		await track.group().write("only");
		expect(await reading).toEqual(["only"]);
		expect(await subscription.done).toBeUndefined();
		await expect.poll(() => track.subscribers).toBe(0);
		await closeAll(client, server);
	});

	it("is refused for a track nobody publishes, with the draft's code", async () => {
		const { client, server } = await clientPair(draft);
		const error = await client.subscribe("live", "missing").catch((e: unknown) => e);
		expect(RequestError.isInstance(error)).toBe(true);
		expect((error as RequestError).codeName).toBe(draft === 14 ? "TRACK_DOES_NOT_EXIST" : "DOES_NOT_EXIST");
		await closeAll(client, server);
	});

	it("leaves other tracks to the application's handler, which can serve them with a Track", async () => {
		const { client, server } = await clientPair(draft);
		const served: string[] = [];
		const dynamic = server.track("dyn", "made");
		server.handlers.onSubscribe = (request) => {
			served.push(new TextDecoder().decode(request.message.trackName));
			dynamic.accept(request);
		};
		const subscription = await client.subscribe("dyn", "any-name");
		expect(served).toEqual(["any-name"]);
		const reading = take(subscription, 1);
		await dynamic.group().write("x");
		expect(await reading).toEqual(["x"]);
		await closeAll(client, server);
	});

	it("resolves at once with waitResponse: false; the response follows", async () => {
		const { client, server } = await clientPair(draft);
		server.track("live", "clock");
		const subscription = await client.subscribe("live", "clock", { waitResponse: false });
		await expect(subscription.response).resolves.toBeUndefined();
		const missing = await client.subscribe("live", "none", { waitResponse: false });
		await expect(missing.response).rejects.toBeInstanceOf(RequestError);
		await closeAll(client, server);
	});

	it("sends datagrams to every subscriber", async () => {
		const { client, server } = await clientPair(draft);
		const track = server.track("live", "audio");
		const subscription = await client.subscribe("live", "audio");
		const reading = (async () => {
			for await (const o of subscription) return o;
		})();
		expect(track.datagram("frame", { group: 3, object: 0, properties: [{ type: 4, value: 9 }] })).toBe(1);
		expect(await reading).toMatchObject({
			group: 3n,
			object: 0n,
			subgroup: undefined,
			forwarding: "datagram",
			payload: new TextEncoder().encode("frame"),
			properties: [{ type: 4n, value: 9n }],
		});
		await closeAll(client, server);
	});
});
