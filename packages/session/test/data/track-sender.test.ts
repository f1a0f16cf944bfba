/**
 * TrackSender → in-memory transport → DataStreamRouter → ObjectQueue, for every draft: objects,
 * subgroup streams, datagrams, Forward State, filters, priorities, stream counts, STOP_SENDING,
 * and what is left after close.
 */

import { GroupOrder, ObjectStatus, StreamResetCode, WireError } from "@moqt/wire";
import { describe, expect, it } from "vitest";
import { subgroupSendOrder } from "../../src/data/send-order.js";
import { TrackSender, type TrackSenderOptions } from "../../src/data/track-sender.js";
import type { ReceivedObject } from "../../src/data/types.js";
import { type ConnectOptions, connect, DRAFTS, settle, subscriptionQueue, take, text } from "./helpers.js";

const ALIAS = 7n;

describe.each(DRAFTS)("draft-%i TrackSender", (draft) => {
	const CANCELLED = StreamResetCode[draft].CANCELLED;

	function setup(options: Partial<TrackSenderOptions> = {}, connectOptions: ConnectOptions = {}) {
		const c = connect(draft, connectOptions);
		const { queue, ends } = subscriptionQueue({ defaultPublisherPriority: 128 });
		c.aliases.set(ALIAS, queue);
		const sender = new TrackSender({
			transport: c.transport,
			draft,
			trackAlias: ALIAS,
			subscriberPriority: 10,
			groupOrder: GroupOrder.ASCENDING,
			clock: c.clock,
			...options,
		});
		return { c, queue, ends, sender };
	}

	function received(o: Partial<ReceivedObject> & Pick<ReceivedObject, "groupId" | "objectId">): ReceivedObject {
		return {
			subgroupId: 0n,
			status: ObjectStatus.NORMAL,
			publisherPriority: 128,
			properties: [],
			payload: new Uint8Array(0),
			forwarding: "subgroup",
			...o,
		};
	}

	it("delivers a subgroup's objects in order with their payloads, properties and status", async () => {
		const { c, queue, ends, sender } = setup();
		const sg = sender.openSubgroup({ groupId: 3n, subgroupId: 2n, publisherPriority: 5, hasProperties: true });
		const props = [
			{ type: 0x40n, value: 9n },
			{ type: 0x41n, value: text("meta") },
		];
		await sg.writeObject({ objectId: 0n, payload: text("a"), properties: props });
		await sg.writeObject({ objectId: 1n, payload: text("bb") });
		await sg.writeObject({ objectId: 4n, payload: new Uint8Array(3000).fill(7) });
		await sg.writeObject({ objectId: 5n, status: ObjectStatus.END_OF_GROUP });
		await sg.end();
		const base = { groupId: 3n, subgroupId: 2n, publisherPriority: 5 };
		expect(await take(queue, 4)).toEqual([
			received({ ...base, objectId: 0n, payload: text("a"), properties: props }),
			received({ ...base, objectId: 1n, payload: text("bb") }),
			received({ ...base, objectId: 4n, payload: new Uint8Array(3000).fill(7) }),
			received({ ...base, objectId: 5n, status: ObjectStatus.END_OF_GROUP }),
		]);
		await settle();
		expect(ends).toEqual([{ groupId: 3n, subgroupId: 2n, kind: "fin", endOfGroup: false, objects: 4 }]);
		expect([sender.streamCount, sender.activeSubgroups, sg.state]).toEqual([1, 0, "finished"]);
		expect(c.errors).toEqual([]);
		await c.close();
	});

	it("carries many groups and subgroups at once, each in order, one stream per subgroup", async () => {
		const { c, queue, ends, sender } = setup();
		const writes: Promise<void>[] = [];
		const subgroups = [];
		for (let g = 0n; g < 5n; g++) {
			for (let s = 0n; s < 3n; s++)
				subgroups.push(sender.openSubgroup({ groupId: g, subgroupId: s, endOfGroup: s === 2n }));
		}
		for (let o = 0n; o < 10n; o++) {
			for (const sg of subgroups)
				writes.push(sg.writeObject({ objectId: o * 3n, payload: text(`${sg.groupId}/${o}`) }));
		}
		await Promise.all(writes);
		await Promise.all(subgroups.map((sg) => sg.end()));
		const got = await take(queue, 150);
		for (const sg of subgroups) {
			const mine = got.filter((r) => r.groupId === sg.groupId && r.subgroupId === sg.subgroupId);
			expect(mine.map((r) => r.objectId)).toEqual([...Array(10).keys()].map((i) => BigInt(i) * 3n));
			expect(mine.map((r) => new TextDecoder().decode(r.payload))).toEqual(
				[...Array(10).keys()].map((i) => `${sg.groupId}/${i}`),
			);
		}
		await settle();
		expect(sender.streamCount).toBe(15);
		expect(ends.filter((e) => e.kind === "fin")).toHaveLength(15);
		expect(ends.filter((e) => e.endOfGroup)).toHaveLength(5);
		await c.close();
	});

	it('takes the Subgroup ID from the first object in "first-object" mode', async () => {
		const { c, queue, sender } = setup();
		const sg = sender.openSubgroup({ groupId: 1n, subgroupId: "first-object" });
		expect(sg.subgroupId).toBeUndefined();
		for (const id of [4n, 5n, 9n]) await sg.writeObject({ objectId: id, payload: text(String(id)) });
		expect(sg.subgroupId).toBe(4n);
		expect((await take(queue, 3)).map((r) => [r.subgroupId, r.objectId])).toEqual([
			[4n, 4n],
			[4n, 5n],
			[4n, 9n],
		]);
		await c.close();
	});

	it("opens each stream with the send order of its priorities and re-prioritises on update", async () => {
		const { c, queue, sender } = setup({ subscriberPriority: 20, defaultPublisherPriority: 100 });
		const specs = [
			{ groupId: 50n, subgroupId: 0n, publisherPriority: 100 },
			{ groupId: 51n, subgroupId: 0n, publisherPriority: 100 },
			{ groupId: 50n, subgroupId: 1n, publisherPriority: 100 },
			{ groupId: 50n, subgroupId: 0n, publisherPriority: 3 },
		];
		const sgs = specs.map((s, i) =>
			i === 0 ? sender.openSubgroup({ groupId: s.groupId, subgroupId: s.subgroupId }) : sender.openSubgroup(s),
		);
		for (const sg of sgs) await sg.writeObject({ objectId: 0n });
		await take(queue, 4);
		const expected = specs.map((s) =>
			subgroupSendOrder({ ...s, subscriberPriority: 20, groupOrder: GroupOrder.ASCENDING, baseGroup: 50n }),
		);
		expect(c.transport.streams.map((s) => s.sendOrderAtOpen)).toEqual(expected);
		// Publisher priority 3 first; then group 50 subgroup 0, subgroup 1, then group 51.
		const byOrder = [...expected.keys()].sort((a, b) => (expected[b] as number) - (expected[a] as number));
		expect(byOrder).toEqual([3, 0, 2, 1]);
		sender.update({ subscriberPriority: 2 });
		expect(c.transport.streams.map((s) => s.stream.sendOrder)).toEqual(
			specs.map((s) =>
				subgroupSendOrder({ ...s, subscriberPriority: 2, groupOrder: GroupOrder.ASCENDING, baseGroup: 50n }),
			),
		);
		expect(() => sender.update({ subscriberPriority: 300 })).toThrow(RangeError);
		await c.close();
	});

	it("with Forward State 0 sends nothing, resets open streams, and reopens once forwarding again", async () => {
		const { c, queue, ends, sender } = setup();
		const sg = sender.openSubgroup({ groupId: 0n, subgroupId: 1n });
		await sg.writeObject({ objectId: 0n, payload: text("zero") });
		expect((await take(queue, 1))[0]?.objectId).toBe(0n);
		sender.update({ forward: false });
		expect(c.transport.streams[0]?.resets).toEqual([CANCELLED]);
		expect(sg.state).toBe("idle");
		await sg.writeObject({ objectId: 1n, payload: text("dropped") });
		await expect(
			sender.openSubgroup({ groupId: 1n, subgroupId: 0n }).writeObject({ objectId: 0n }),
		).resolves.toBeUndefined();
		expect(sender.sendDatagram({ groupId: 0n, objectId: 9n })).toBe(false);
		await settle();
		expect(queue.size).toBe(0);
		expect(ends).toEqual([
			{ groupId: 0n, subgroupId: 1n, kind: "reset", code: CANCELLED, endOfGroup: false, objects: 1 },
		]);
		expect(c.transport.streams).toHaveLength(1);

		sender.update({ forward: true });
		await sg.writeObject({ objectId: 2n, payload: text("two") });
		await sg.end();
		expect(await take(queue, 1)).toEqual([
			received({ groupId: 0n, subgroupId: 1n, objectId: 2n, payload: text("two") }),
		]);
		expect(sender.streamCount).toBe(2);
		await settle();
		expect(ends[1]).toMatchObject({ kind: "fin", subgroupId: 1n, objects: 1 });
		await c.close();
	});

	it("starts a subscription with Forward State 0 and opens nothing", async () => {
		const { c, sender } = setup({ forward: false });
		const sg = sender.openSubgroup({ groupId: 0n, subgroupId: 0n });
		await sg.writeObject({ objectId: 0n, payload: text("x") });
		await sg.end();
		expect([sender.streamCount, c.transport.streams.length, c.transport.sentDatagrams.length]).toEqual([0, 0, 0]);
		await c.close();
	});

	it("sends only objects inside the location filter, and resets a subgroup a filter update excludes", async () => {
		const { c, queue, ends, sender } = setup({ filter: { start: { group: 2n, object: 3n }, endGroup: 3n } });
		const before = sender.openSubgroup({ groupId: 1n, subgroupId: 0n });
		const start = sender.openSubgroup({ groupId: 2n, subgroupId: 0n });
		const after = sender.openSubgroup({ groupId: 4n, subgroupId: 0n });
		for (let o = 0n; o < 6n; o++) {
			await before.writeObject({ objectId: o });
			await start.writeObject({ objectId: o, payload: text(`s${o}`) });
			await after.writeObject({ objectId: o });
		}
		expect((await take(queue, 3)).map((r) => [r.groupId, r.objectId])).toEqual([
			[2n, 3n],
			[2n, 4n],
			[2n, 5n],
		]);
		expect(sender.streamCount).toBe(1);
		sender.update({ filter: { start: { group: 3n, object: 0n }, endGroup: 3n } });
		expect(c.transport.streams[0]?.resets).toEqual([CANCELLED]);
		await start.writeObject({ objectId: 6n });
		const last = sender.openSubgroup({ groupId: 3n, subgroupId: 0n });
		await last.writeObject({ objectId: 0n, payload: text("in") });
		expect((await take(queue, 1))[0]).toMatchObject({ groupId: 3n, objectId: 0n });
		await settle();
		expect(ends[0]).toMatchObject({ groupId: 2n, kind: "reset", code: CANCELLED, objects: 3 });
		await c.close();
	});

	it("sends datagrams with their flags, priority, status and properties, and honours forward and filters", async () => {
		const { c, queue, sender } = setup({ filter: { start: { group: 1n, object: 0n } } });
		const props = [{ type: 0x22n, value: 1n }];
		expect(sender.sendDatagram({ groupId: 1n, objectId: 0n, payload: text("d0"), properties: props })).toBe(true);
		expect(
			sender.sendDatagram({ groupId: 1n, objectId: 1n, payload: text("d1"), publisherPriority: 9, endOfGroup: true }),
		).toBe(true);
		expect(sender.sendDatagram({ groupId: 2n, objectId: 0n, status: ObjectStatus.END_OF_TRACK })).toBe(true);
		expect(sender.sendDatagram({ groupId: 0n, objectId: 5n, payload: text("filtered") })).toBe(false);
		expect(sender.sendDatagram({ groupId: 3n, objectId: 0n, payload: new Uint8Array(5000) })).toBe(false);
		const d = { subgroupId: undefined, forwarding: "datagram" as const };
		expect(await take(queue, 3)).toEqual([
			{ ...received({ ...d, groupId: 1n, objectId: 0n, payload: text("d0"), properties: props }), endOfGroup: false },
			{ ...received({ ...d, groupId: 1n, objectId: 1n, payload: text("d1"), publisherPriority: 9 }), endOfGroup: true },
			{ ...received({ ...d, groupId: 2n, objectId: 0n, status: ObjectStatus.END_OF_TRACK }), endOfGroup: false },
		]);
		expect([sender.streamCount, c.transport.sentDatagrams.length]).toEqual([0, 4]);
		await c.close();
	});

	it("rejects objects that break the subgroup's rules", async () => {
		const { c, sender } = setup();
		const sg = sender.openSubgroup({ groupId: 0n, subgroupId: 0n });
		await sg.writeObject({ objectId: 3n });
		await expect(sg.writeObject({ objectId: 3n })).rejects.toThrow(WireError);
		await expect(
			sg.writeObject({ objectId: 4n, status: ObjectStatus.END_OF_GROUP, payload: text("x") }),
		).rejects.toThrow(WireError);
		const missing = sg.writeObject({ objectId: 5n, status: ObjectStatus.DOES_NOT_EXIST });
		if (draft === 14) await expect(missing).resolves.toBeUndefined();
		else await expect(missing).rejects.toThrow(WireError);
		await sg.writeObject({ objectId: 6n, status: ObjectStatus.END_OF_GROUP });
		await expect(sg.writeObject({ objectId: 7n })).rejects.toThrow("End of Group");
		const other = sender.openSubgroup({ groupId: 1n, subgroupId: 0n });
		await other.end();
		await expect(other.writeObject({ objectId: 0n })).rejects.toThrow("ended");
		expect(() => sender.openSubgroup({ groupId: 2n, subgroupId: 0n, publisherPriority: 256 })).toThrow(RangeError);
		// Properties on a stream whose header (from its first object) has no PROPERTIES bit.
		const plain = sender.openSubgroup({ groupId: 3n, subgroupId: 0n });
		await plain.writeObject({ objectId: 0n });
		await expect(plain.writeObject({ objectId: 1n, properties: [{ type: 2n, value: 1n }] })).rejects.toThrow(WireError);
		await c.close();
	});

	it("stops a subgroup on STOP_SENDING and opens no new stream for it until Forward State returns to 1", async () => {
		const { c, queue, sender } = setup();
		const sg = sender.openSubgroup({ groupId: 0n, subgroupId: 0n });
		await sg.writeObject({ objectId: 0n });
		await take(queue, 1);
		c.router.cancelAlias(ALIAS);
		await settle();
		expect(sg.state).toBe("stopped");
		await sg.writeObject({ objectId: 1n });
		expect(c.transport.streams).toHaveLength(1);
		sender.update({ forward: false });
		sender.update({ forward: true });
		await sg.writeObject({ objectId: 2n, payload: text("again") });
		expect(await take(queue, 1)).toEqual([received({ groupId: 0n, objectId: 2n, payload: text("again") })]);
		expect(sender.streamCount).toBe(2);
		await c.close();
	});

	it("finish() ends every subgroup with FIN and drops later objects", async () => {
		const { c, queue, ends, sender } = setup();
		const a = sender.openSubgroup({ groupId: 0n, subgroupId: 0n });
		const b = sender.openSubgroup({ groupId: 0n, subgroupId: 1n });
		await a.writeObject({ objectId: 0n, payload: text("a") });
		await b.writeObject({ objectId: 1n, payload: text("b") });
		await sender.finish();
		expect([a.state, b.state, sender.closed]).toEqual(["finished", "finished", true]);
		await sender.openSubgroup({ groupId: 1n, subgroupId: 0n }).writeObject({ objectId: 0n });
		expect(sender.sendDatagram({ groupId: 1n, objectId: 1n })).toBe(false);
		expect(sender.streamCount).toBe(2);
		await take(queue, 2);
		await settle();
		expect(ends.map((e) => e.kind)).toEqual(["fin", "fin"]);
		expect(c.transport.streams.map((s) => [s.finished, s.resets])).toEqual([
			[true, []],
			[true, []],
		]);
		await c.close();
	});

	it("close() resets unfinished streams, releases pending writes and leaves nothing behind", async () => {
		const { c, sender } = setup({}, { pair: { streamBufferSize: 1000 }, router: { maxPendingBytes: 1 } });
		// The alias stays unknown and the budget is spent by the first chunk: nothing more is read.
		c.aliases.set(ALIAS, "pending");
		const subgroups = [0n, 1n, 2n].map((g) => sender.openSubgroup({ groupId: g, subgroupId: 0n }));
		const first = subgroups.map((sg) => sg.writeObject({ objectId: 0n, payload: new Uint8Array(5000) }));
		await settle();
		const second = subgroups.map((sg) => sg.writeObject({ objectId: 1n, payload: new Uint8Array(5000) }));
		await settle();
		expect(sender.activeSubgroups).toBe(3);
		sender.close();
		await Promise.all([...first, ...second]);
		expect(c.transport.streams.map((s) => s.resets)).toEqual([[CANCELLED], [CANCELLED], [CANCELLED]]);
		expect(subgroups.map((sg) => sg.state)).toEqual(["closed", "closed", "closed"]);
		expect([sender.activeSubgroups, c.clock.pending - c.router.stats.timers]).toEqual([0, 0]);
		// The router gives up on the alias after its wait.
		c.clock.advance(2000);
		await settle();
		expect(c.transport.streams.every((s) => s.settled)).toBe(true);
		expect(c.router.stats).toEqual({
			streams: 0,
			pendingStreams: 0,
			pendingDatagrams: 0,
			pendingBytes: 0,
			bufferedBytes: 0,
			timers: 0,
			droppedDatagrams: 0,
		});
		expect(c.clock.pending).toBe(0);
		await c.close();
	});
});
