/**
 * DataStreamRouter: objects that beat SUBSCRIBE_OK (pending aliases, bounded in bytes and time),
 * unknown aliases, datagrams, control and padding streams (-17+), malformed input, wire limits,
 * consumers that leave, and close.
 */

import { type Draft, GroupOrder, StreamResetCode, SubgroupStreamEncoder, TerminationCode, Writer } from "@moqt/wire";
import { describe, expect, it } from "vitest";
import { ObjectQueue } from "../../src/data/object-queue.js";
import { TrackSender } from "../../src/data/track-sender.js";
import { type ConnectOptions, connect, DRAFTS, settle, subscriptionQueue, take, text } from "./helpers.js";

const ALIAS = 3n;

function publisher(draft: Draft, options: ConnectOptions = {}) {
	const c = connect(draft, options);
	const sender = new TrackSender({
		transport: c.transport,
		draft,
		trackAlias: ALIAS,
		subscriberPriority: 1,
		groupOrder: GroupOrder.ASCENDING,
		clock: c.clock,
	});
	return { c, sender };
}

function varints(draft: Draft, ...values: number[]): Uint8Array {
	const w = new Writer(16, draft >= 17);
	for (const v of values) w.varint(v);
	return w.finish();
}

const EMPTY_STATS = {
	streams: 0,
	pendingStreams: 0,
	pendingDatagrams: 0,
	pendingBytes: 0,
	bufferedBytes: 0,
	timers: 0,
};

describe.each(DRAFTS)("draft-%i DataStreamRouter", (draft) => {
	const CANCELLED = StreamResetCode[draft].CANCELLED;

	it("holds the objects of a pending alias and delivers them, in order, once the alias is known", async () => {
		const { c, sender } = publisher(draft);
		c.aliases.set(ALIAS, "pending");
		const sg = sender.openSubgroup({ groupId: 0n, subgroupId: 0n });
		for (let o = 0n; o < 3n; o++) await sg.writeObject({ objectId: o, payload: text(`o${o}`) });
		await sg.end();
		await settle();
		expect(c.router.stats).toMatchObject({ streams: 1, pendingStreams: 1, pendingBytes: 6, timers: 1 });
		const { queue, ends } = subscriptionQueue();
		c.aliases.set(ALIAS, queue);
		c.router.aliasReady(ALIAS);
		expect((await take(queue, 3)).map((o) => new TextDecoder().decode(o.payload))).toEqual(["o0", "o1", "o2"]);
		await settle();
		expect(ends).toMatchObject([{ kind: "fin", objects: 3 }]);
		expect(c.router.stats).toMatchObject({ ...EMPTY_STATS, droppedDatagrams: 0 });
		expect(c.clock.pending).toBe(0);
		await c.close();
	});

	it("asks once more at the end of the wait, in case the alias became known without aliasReady", async () => {
		const { c, sender } = publisher(draft);
		c.aliases.set(ALIAS, "pending");
		const sg = sender.openSubgroup({ groupId: 0n, subgroupId: 0n });
		await sg.writeObject({ objectId: 0n, payload: text("late") });
		await settle();
		const { queue } = subscriptionQueue();
		c.aliases.set(ALIAS, queue);
		c.clock.advance(1999);
		expect(queue.size).toBe(0);
		c.clock.advance(1);
		expect((await take(queue, 1))[0]?.payload).toEqual(text("late"));
		await c.close();
	});

	it("abandons a stream whose alias stays unknown with STOP_SENDING (CANCELLED)", async () => {
		const { c, sender } = publisher(draft, { router: { maxPendingMs: 500 } });
		c.aliases.set(ALIAS, "pending");
		const sg = sender.openSubgroup({ groupId: 0n, subgroupId: 0n });
		await sg.writeObject({ objectId: 0n, payload: text("lost") });
		await settle();
		c.clock.advance(500);
		await settle();
		expect(sg.state).toBe("stopped");
		expect(c.router.stats).toMatchObject(EMPTY_STATS);
		expect(c.clock.pending).toBe(0);
		await expect(c.transport.streams[0]?.stream.closed).rejects.toMatchObject({
			kind: "stop-sending",
			errorCode: CANCELLED,
		});
		await c.close();
	});

	it("stops the pending streams and datagrams of an alias the driver cancels, without waiting", async () => {
		const { c, sender } = publisher(draft);
		c.aliases.set(ALIAS, "pending");
		const sg = sender.openSubgroup({ groupId: 0n, subgroupId: 0n });
		await sg.writeObject({ objectId: 0n, payload: text("unwanted") });
		sender.sendDatagram({ groupId: 0n, objectId: 1n, payload: text("unwanted") });
		await settle();
		expect(c.router.stats).toMatchObject({ pendingStreams: 1, pendingDatagrams: 1 });
		c.router.cancelAlias(ALIAS);
		await settle();
		expect(sg.state).toBe("stopped");
		expect(c.router.stats).toMatchObject(EMPTY_STATS);
		expect(c.clock.pending).toBe(0);
		await c.close();
	});

	it("stops an unknown alias at once", async () => {
		const { c, sender } = publisher(draft);
		const sg = sender.openSubgroup({ groupId: 0n, subgroupId: 0n });
		await sg.writeObject({ objectId: 0n, payload: text("x") });
		await settle();
		expect([sg.state, c.router.stats.streams, c.clock.pending]).toEqual(["stopped", 0, 0]);
		await c.close();
	});

	it("stops reading pending streams past the shared byte budget, and resumes once the alias is known", async () => {
		const { c, sender } = publisher(draft, { router: { maxPendingBytes: 4000 }, pair: { streamBufferSize: 2000 } });
		c.aliases.set(ALIAS, "pending");
		const subgroups = [0n, 1n].map((s) => sender.openSubgroup({ groupId: 0n, subgroupId: s }));
		let written = 0;
		const writes = subgroups.map(async (sg) => {
			for (let o = 0n; o < 20n; o++) {
				await sg.writeObject({ objectId: o, payload: new Uint8Array(1000).fill(Number(o)) });
				written++;
			}
			await sg.end();
		});
		await settle(10);
		const stats = c.router.stats;
		// At most one chunk (one object here) per stream beyond the budget.
		expect(stats.pendingBytes).toBeGreaterThanOrEqual(4000);
		expect(stats.pendingBytes).toBeLessThanOrEqual(4000 + 2 * 1000);
		expect(stats.bufferedBytes).toBeLessThanOrEqual(4000 + 2 * 1000 + 100);
		// The publisher is held back by flow control: well short of its 40 objects.
		expect(written).toBeLessThan(15);
		const { queue, ends } = subscriptionQueue();
		c.aliases.set(ALIAS, queue);
		c.router.aliasReady(ALIAS);
		const got = await take(queue, 40);
		await Promise.all(writes);
		for (const s of [0n, 1n]) {
			expect(got.filter((o) => o.subgroupId === s).map((o) => o.payload[0])).toEqual([...Array(20).keys()]);
		}
		await settle();
		expect(ends.map((e) => e.kind)).toEqual(["fin", "fin"]);
		expect(c.router.stats).toMatchObject(EMPTY_STATS);
		await c.close();
	});

	it("holds datagrams for a pending alias within the budget, and drops them at the end of the wait", async () => {
		const { c, sender } = publisher(draft, { router: { maxPendingBytes: 100 } });
		c.aliases.set(ALIAS, "pending");
		for (let o = 0n; o < 3n; o++)
			sender.sendDatagram({ groupId: 0n, objectId: o, payload: new Uint8Array(40).fill(1) });
		await settle();
		expect(c.router.stats).toMatchObject({ pendingDatagrams: 2, pendingBytes: 80, droppedDatagrams: 1, timers: 1 });
		const { queue } = subscriptionQueue();
		c.aliases.set(ALIAS, queue);
		c.router.aliasReady(ALIAS);
		expect((await take(queue, 2)).map((o) => [o.objectId, o.forwarding])).toEqual([
			[0n, "datagram"],
			[1n, "datagram"],
		]);
		expect(c.router.stats).toMatchObject({ pendingDatagrams: 0, pendingBytes: 0, timers: 0 });

		c.aliases.set(9n, "pending");
		const other = new TrackSender({
			transport: c.transport,
			draft,
			trackAlias: 9n,
			subscriberPriority: 1,
			groupOrder: GroupOrder.ASCENDING,
			clock: c.clock,
		});
		other.sendDatagram({ groupId: 0n, objectId: 0n, payload: text("never") });
		await settle();
		expect(c.router.stats.pendingDatagrams).toBe(1);
		c.clock.advance(2000);
		expect(c.router.stats).toMatchObject({ pendingDatagrams: 0, pendingBytes: 0, timers: 0, droppedDatagrams: 2 });
		await c.close();
	});

	it("drops datagrams for an unknown alias or a full sink", async () => {
		const { c, sender } = publisher(draft);
		const queue = new ObjectQueue({ maxObjects: 1 });
		for (let o = 0n; o < 3n; o++) sender.sendDatagram({ groupId: 0n, objectId: o });
		await settle();
		c.aliases.set(ALIAS, queue);
		for (let o = 3n; o < 6n; o++) sender.sendDatagram({ groupId: 0n, objectId: o });
		await settle();
		expect([queue.size, c.router.stats.droppedDatagrams]).toEqual([1, 5]);
		expect((await queue.next()).value?.objectId).toBe(3n);
		await c.close();
	});

	it("stops the streams of a sink whose consumer left", async () => {
		const { c, sender } = publisher(draft);
		let cancelled = 0;
		const queue = new ObjectQueue({ onCancel: () => cancelled++ });
		c.aliases.set(ALIAS, queue);
		const sg = sender.openSubgroup({ groupId: 0n, subgroupId: 0n });
		await sg.writeObject({ objectId: 0n, payload: text("one") });
		for await (const o of queue) {
			expect(o.objectId).toBe(0n);
			break;
		}
		await sg.writeObject({ objectId: 1n, payload: text("two") });
		await settle();
		expect([cancelled, sg.state, c.router.stats.streams]).toEqual([1, "stopped", 0]);
		await c.close();
	});

	it("reports malformed streams and datagrams with the session's termination code", async () => {
		const { c } = publisher(draft);
		c.aliases.set(ALIAS, new ObjectQueue());
		const unknown = await c.publisher.openUni();
		await unknown.write(varints(draft, 0x07));
		const truncated = await c.publisher.openUni();
		const encoder = new SubgroupStreamEncoder(
			{
				type: "SUBGROUP_HEADER",
				trackAlias: ALIAS,
				groupId: 0n,
				subgroupId: 0n,
				publisherPriority: 1,
				hasProperties: false,
				endOfGroup: false,
			},
			draft,
		);
		const w = new Writer(64);
		encoder.writeHeader(w);
		encoder.writeObject(w, { groupId: 0n, objectId: 0n, payload: new Uint8Array(10) });
		await truncated.write(w.finish().subarray(0, w.pos - 4));
		await truncated.finish();
		c.publisher.datagrams.send(varints(draft, 0x3f, 1, 2));
		await settle();
		expect(c.errors.map((e) => [e.code, e.terminationCode])).toEqual(
			expect.arrayContaining([
				["unknown-message", TerminationCode.PROTOCOL_VIOLATION],
				["malformed", TerminationCode.PROTOCOL_VIOLATION],
			]),
		);
		expect(c.errors).toHaveLength(3);
		expect(c.router.stats.streams).toBe(0);
		await c.close();
	});

	it("applies the wire limits it is given", async () => {
		const { c, sender } = publisher(draft, { router: { limits: { maxObjectPayload: 100 } } });
		c.aliases.set(ALIAS, new ObjectQueue());
		await sender
			.openSubgroup({ groupId: 0n, subgroupId: 0n })
			.writeObject({ objectId: 0n, payload: new Uint8Array(101) });
		sender.sendDatagram({ groupId: 0n, objectId: 1n, payload: new Uint8Array(101) });
		await settle();
		expect(c.errors.map((e) => e.code)).toEqual(["too-large", "too-large"]);
		await c.close();
	});

	it("accepts a stream that ends before any byte", async () => {
		const { c } = publisher(draft);
		const empty = await c.publisher.openUni();
		await empty.finish();
		await settle();
		expect([c.errors.length, c.router.stats.streams]).toEqual([0, 0]);
		await c.close();
	});

	it("close() stops every stream, drops what waits, and refuses new streams", async () => {
		const { c, sender } = publisher(draft);
		c.aliases.set(ALIAS, "pending");
		const sg = sender.openSubgroup({ groupId: 0n, subgroupId: 0n });
		await sg.writeObject({ objectId: 0n, payload: text("a") });
		sender.sendDatagram({ groupId: 0n, objectId: 1n, payload: text("b") });
		await settle();
		expect(c.router.stats).toMatchObject({ streams: 1, pendingDatagrams: 1, timers: 2 });
		c.router.close();
		await settle();
		expect(c.router.stats).toMatchObject(EMPTY_STATS);
		expect([sg.state, c.clock.pending]).toEqual(["stopped", 0]);
		const late = await c.publisher.openUni();
		await late.write(text("x"));
		await settle();
		await expect(late.closed).rejects.toMatchObject({ errorCode: StreamResetCode[draft].SESSION_CLOSED });
		await c.close();
	});
});

describe.each([18, 19] as const)("draft-%i stream types", (draft) => {
	it("hands a control stream back to the driver with the bytes read", async () => {
		const { c } = publisher(draft);
		const control = await c.publisher.openUni();
		await control.write(varints(draft, 0x2f00));
		await control.write(text("setup body"));
		await settle();
		expect(c.controlStreams).toHaveLength(1);
		const handed = c.controlStreams[0]!;
		expect(handed.head).toEqual(varints(draft, 0x2f00));
		expect(await handed.stream.read()).toEqual(text("setup body"));
		expect([c.errors.length, c.router.stats.streams]).toEqual([0, 0]);
		await c.close();
	});

	it("reports a control stream as an error when the driver takes none", async () => {
		const { c } = publisher(draft, { router: { onControlStream: undefined } });
		const control = await c.publisher.openUni();
		await control.write(varints(draft, 0x2f00));
		await settle();
		expect(c.errors.map((e) => e.code)).toEqual(["unknown-message"]);
		await c.close();
	});

	it("reads and discards padding streams", async () => {
		const { c } = publisher(draft);
		const padding = await c.publisher.openUni();
		await padding.write(varints(draft, 0x132b3e28));
		for (let i = 0; i < 10; i++) await padding.write(new Uint8Array(1000));
		await padding.finish();
		await settle();
		await padding.closed;
		expect([c.errors.length, c.router.stats.streams]).toEqual([0, 0]);
		await c.close();
	});
});

describe.each([14, 16] as const)("draft-%i stream types", (draft) => {
	it("knows no control stream type on unidirectional streams", async () => {
		const { c } = publisher(draft);
		const stream = await c.publisher.openUni();
		await stream.write(varints(draft, 0x2f00));
		await settle();
		expect(c.errors.map((e) => e.code)).toEqual(["unknown-message"]);
		expect(c.controlStreams).toHaveLength(0);
		await c.close();
	});
});
