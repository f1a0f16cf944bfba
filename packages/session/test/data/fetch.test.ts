/**
 * FetchSender → in-memory transport → DataStreamRouter → ObjectQueue: fetch responses in both
 * group orders, End of Range markers (-16+), the group order arriving late (-17+ deltas), order
 * checks, empty fetches, resets and cancellation.
 */

import { type Draft, type FetchEndOfRange, GroupOrder, ObjectStatus, StreamResetCode, WireError } from "@moqt/wire";
import { describe, expect, it } from "vitest";
import { DataStreamError } from "../../src/data/errors.js";
import { FetchSender, type FetchSenderOptions } from "../../src/data/fetch-sender.js";
import { fetchSendOrder } from "../../src/data/send-order.js";
import type { FetchItemReceived, ReceivedObject } from "../../src/data/types.js";
import { connect, DRAFTS, drain, fetchQueue, settle, take, text } from "./helpers.js";

const REQUEST = 4n;

function setup(
	draft: Draft,
	options: Partial<FetchSenderOptions> = {},
	routeOrder: GroupOrder | null = GroupOrder.ASCENDING,
) {
	const c = connect(draft);
	const queue = fetchQueue();
	c.fetches.set(REQUEST, routeOrder === null ? { sink: queue } : { sink: queue, groupOrder: routeOrder });
	const sender = new FetchSender({
		transport: c.transport,
		draft,
		requestId: REQUEST,
		groupOrder: GroupOrder.ASCENDING,
		subscriberPriority: 5,
		...options,
	});
	return { c, queue, sender };
}

function fetched(o: Partial<ReceivedObject> & Pick<ReceivedObject, "groupId" | "objectId">): ReceivedObject {
	return {
		subgroupId: 0n,
		status: ObjectStatus.NORMAL,
		publisherPriority: 128,
		properties: [],
		payload: new Uint8Array(0),
		forwarding: "fetch",
		...o,
	};
}

function ids(items: readonly FetchItemReceived[]): string[] {
	return items.map((i) => ("endOfRange" in i ? `eor:${i.groupId}/${i.objectId}` : `${i.groupId}/${i.objectId}`));
}

describe.each(DRAFTS)("draft-%i fetch", (draft) => {
	const markers = draft >= 16;

	it("delivers the response in order with priorities, properties and End of Range markers", async () => {
		const { c, queue, sender } = setup(draft);
		const props = [{ type: 0x44n, value: 3n }];
		const marker: FetchEndOfRange = { endOfRange: "non-existent", groupId: 2n, objectId: 5n };
		const writes = [
			sender.write({
				groupId: 0n,
				subgroupId: 0n,
				objectId: 0n,
				publisherPriority: 10,
				payload: text("a"),
				properties: props,
			}),
			sender.write({ groupId: 0n, subgroupId: 0n, objectId: 1n, publisherPriority: 10, payload: text("b") }),
			sender.write({ groupId: 0n, subgroupId: 1n, objectId: 3n, publisherPriority: 20, payload: text("c") }),
			sender.write({ groupId: 1n, objectId: 2n, publisherPriority: 20, payload: text("datagram") }),
			...(markers ? [sender.write(marker)] : []),
			sender.write({ groupId: 3n, subgroupId: 7n, objectId: 0n, payload: text("d") }),
		];
		await Promise.all(writes);
		await sender.finish();
		expect(await drain(queue)).toEqual([
			fetched({ groupId: 0n, objectId: 0n, publisherPriority: 10, payload: text("a"), properties: props }),
			fetched({ groupId: 0n, objectId: 1n, publisherPriority: 10, payload: text("b") }),
			fetched({ groupId: 0n, subgroupId: 1n, objectId: 3n, publisherPriority: 20, payload: text("c") }),
			// draft-14 cannot tell a datagram object on a fetch stream: its Subgroup ID field is the Object ID.
			fetched({
				groupId: 1n,
				subgroupId: draft === 14 ? 2n : undefined,
				objectId: 2n,
				publisherPriority: 20,
				payload: text("datagram"),
			}),
			...(markers ? [marker] : []),
			fetched({ groupId: 3n, subgroupId: 7n, objectId: 0n, payload: text("d") }),
		]);
		const record = c.transport.streams[0]!;
		expect(record.sendOrderAtOpen).toBe(fetchSendOrder(5, 10));
		expect(record.stream.sendOrder).toBe(fetchSendOrder(5, 128));
		expect([sender.state, record.finished, c.transport.streams.length]).toEqual(["finished", true, 1]);
		await c.close();
	});

	it("sends groups in descending order when asked, objects ascending within a group", async () => {
		const { c, queue, sender } = setup(draft, { groupOrder: GroupOrder.DESCENDING }, GroupOrder.DESCENDING);
		for (const [g, o] of [
			[9n, 0n],
			[9n, 4n],
			[7n, 1n],
			[2n, 0n],
		] as const) {
			await sender.write({ groupId: g, subgroupId: 0n, objectId: o, payload: text(`${g}`) });
		}
		await expect(sender.write({ groupId: 3n, subgroupId: 0n, objectId: 0n })).rejects.toThrow(WireError);
		await sender.finish();
		expect(ids(await drain(queue))).toEqual(["9/0", "9/4", "7/1", "2/0"]);
		await c.close();
	});

	it("waits for a group order it needs, including after the FIN", async () => {
		const { c, queue, sender } = setup(draft, { groupOrder: GroupOrder.DESCENDING }, null);
		await sender.write({ groupId: 5n, subgroupId: 0n, objectId: 0n });
		await sender.write({ groupId: 5n, subgroupId: 0n, objectId: 1n });
		await sender.write({ groupId: 3n, subgroupId: 0n, objectId: 0n });
		await sender.finish();
		await settle();
		// From -17 Group ID Deltas mean nothing without the order: only the first group decodes.
		expect(ids(await take(queue, 2))).toEqual(["5/0", "5/1"]);
		await settle();
		expect([queue.size, queue.closed]).toEqual(draft >= 17 ? [0, false] : [1, true]);
		c.router.setFetchGroupOrder(REQUEST, GroupOrder.DESCENDING);
		expect(ids(await drain(queue))).toEqual(["3/0"]);
		expect(c.errors).toEqual([]);
		await c.close();
	});

	it("rejects items out of order, and End of Range where the draft has none", async () => {
		const { c, sender } = setup(draft);
		await sender.write({ groupId: 1n, subgroupId: 0n, objectId: 2n });
		await expect(sender.write({ groupId: 1n, subgroupId: 0n, objectId: 2n })).rejects.toThrow("does not follow");
		await expect(sender.write({ groupId: 0n, subgroupId: 0n, objectId: 9n })).rejects.toThrow("does not follow");
		await expect(sender.write({ endOfRange: "unknown", groupId: 1n, objectId: 1n })).rejects.toThrow("does not follow");
		const eor = sender.write({ endOfRange: "unknown", groupId: 4n, objectId: 1n });
		if (markers) await expect(eor).resolves.toBeUndefined();
		else await expect(eor).rejects.toThrow(WireError);
		const status = sender.write({ groupId: 5n, subgroupId: 0n, objectId: 0n, status: ObjectStatus.END_OF_GROUP });
		if (draft === 14) await expect(status).resolves.toBeUndefined();
		else await expect(status).rejects.toThrow(WireError);
		expect(() => sender.setSubscriberPriority(256)).toThrow(RangeError);
		await c.close();
	});

	it("opens the stream for an empty response: FETCH_HEADER and FIN", async () => {
		const { c, queue, sender } = setup(draft);
		const finishing = sender.finish();
		await expect(sender.write({ groupId: 0n, subgroupId: 0n, objectId: 0n })).rejects.toThrow("finished");
		await finishing;
		expect(await drain(queue)).toEqual([]);
		expect(c.transport.streams.map((s) => s.finished)).toEqual([true]);
		await c.close();
	});

	it("ends the consumer's iteration with the publisher's reset code", async () => {
		const { c, queue, sender } = setup(draft);
		const code = draft === 14 ? StreamResetCode[14].INTERNAL_ERROR : StreamResetCode[draft].UNKNOWN_OBJECT_STATUS;
		await sender.write({ groupId: 0n, subgroupId: 0n, objectId: 0n, payload: text("kept") });
		await settle();
		sender.reset(code);
		await expect(sender.write({ groupId: 0n, subgroupId: 0n, objectId: 1n })).rejects.toThrow();
		expect(ids(await take(queue, 1))).toEqual(["0/0"]);
		const error = await queue.next().catch((e: unknown) => e);
		expect(error).toBeInstanceOf(DataStreamError);
		expect(error).toMatchObject({ kind: "reset", streamCode: code });
		await c.close();
	});

	it("stops a fetch the subscriber cancels, and fails the publisher's later writes", async () => {
		const { c, queue, sender } = setup(draft);
		await sender.write({ groupId: 0n, subgroupId: 0n, objectId: 0n });
		await settle();
		c.router.cancelFetch(REQUEST);
		await expect(queue.next()).resolves.toMatchObject({ done: false });
		await expect(queue.next()).rejects.toMatchObject({ kind: "stopped", streamCode: StreamResetCode[draft].CANCELLED });
		await settle();
		await expect(sender.write({ groupId: 0n, subgroupId: 0n, objectId: 1n })).rejects.toMatchObject({
			kind: "stop-sending",
		});
		expect(sender.state).toBe("failed");
		await c.close();
	});

	it("stops a fetch stream whose Request ID is unknown", async () => {
		const { c, sender } = setup(draft);
		c.fetches.clear();
		await sender.write({ groupId: 0n, subgroupId: 0n, objectId: 0n });
		await settle();
		await expect(sender.finish()).rejects.toMatchObject({ kind: "stop-sending" });
		expect(c.router.stats.streams).toBe(0);
		await c.close();
	});
});
