/**
 * Delivery timeouts on the publisher side, with an injected clock (draft-14 §9.2.1.2, -16
 * §9.2.2.2 DELIVERY_TIMEOUT; -18/-19 §8 OBJECT_ and SUBGROUP_DELIVERY_TIMEOUT; -19 §12.1/§12.2
 * per-subgroup overrides). A subscriber queue of one object that nobody reads stalls the stream,
 * so objects stay queued at the publisher while the clock moves.
 */

import { type Draft, GroupOrder, StreamResetCode } from "@moqt/wire";
import { describe, expect, it } from "vitest";
import { TrackSender, type TrackSenderOptions } from "../../src/data/track-sender.js";
import { connect, DRAFTS, settle, subscriptionQueue, take } from "./helpers.js";

const ALIAS = 1n;
const BIG = 5000;

function setup(draft: Draft, options: Partial<TrackSenderOptions> = {}, maxObjects = 1) {
	const c = connect(draft, { pair: { streamBufferSize: 1000 } });
	const { queue, ends } = subscriptionQueue({ maxObjects });
	c.aliases.set(ALIAS, queue);
	const sender = new TrackSender({
		transport: c.transport,
		draft,
		trackAlias: ALIAS,
		subscriberPriority: 0,
		groupOrder: GroupOrder.ASCENDING,
		clock: c.clock,
		...options,
	});
	return { c, queue, ends, sender };
}

function tracked(p: Promise<void>): { done: boolean } {
	const state = { done: false };
	void p.then(() => {
		state.done = true;
	});
	return state;
}

describe.each(DRAFTS)("draft-%i object delivery timeout", (draft) => {
	const DELIVERY_TIMEOUT = StreamResetCode[draft].DELIVERY_TIMEOUT;

	it("resets a stream whose object waited past the timeout, and opens no new one", async () => {
		const { c, queue, ends, sender } = setup(draft, { deliveryTimeout: { object: 100 } });
		const sg = sender.openSubgroup({ groupId: 0n, subgroupId: 0n });
		await sg.writeObject({ objectId: 0n, payload: new Uint8Array(BIG) });
		const stuck = tracked(sg.writeObject({ objectId: 1n, payload: new Uint8Array(BIG) }));
		await settle();
		expect(stuck.done).toBe(false);
		c.clock.advance(99);
		await settle();
		expect(c.transport.streams[0]?.resets).toEqual([]);
		c.clock.advance(1);
		expect(c.transport.streams[0]?.resets).toEqual([DELIVERY_TIMEOUT]);
		expect(sg.state).toBe("timed-out");
		await settle();
		expect(stuck.done).toBe(true);
		await sg.writeObject({ objectId: 2n, payload: new Uint8Array(10) });
		expect([sender.streamCount, c.transport.streams.length, sender.activeSubgroups, c.clock.pending]).toEqual([
			1, 1, 0, 0,
		]);
		// The subscriber got the object before the reset, then the reset.
		expect((await take(queue, 1))[0]?.objectId).toBe(0n);
		await settle();
		expect(ends).toEqual([
			{ groupId: 0n, subgroupId: 0n, kind: "reset", code: DELIVERY_TIMEOUT, endOfGroup: false, objects: 1 },
		]);
		await c.close();
	});

	it("keeps one timer per stream and none once the objects are taken", async () => {
		const { c, queue, sender } = setup(draft, { deliveryTimeout: { object: 100 } }, 1000);
		const sg = sender.openSubgroup({ groupId: 0n, subgroupId: 0n });
		const writes = [0n, 1n, 2n, 3n].map((objectId) => sg.writeObject({ objectId, payload: new Uint8Array(10) }));
		expect(c.clock.pending).toBe(1);
		await Promise.all(writes);
		await take(queue, 4);
		c.clock.advance(100);
		expect(c.clock.pending).toBe(0);
		expect(c.transport.streams[0]?.resets).toEqual([]);
		await c.close();
	});

	it("counts from receivedAt: an object that expired before it was sent opens no stream", async () => {
		const { c, sender } = setup(draft, { deliveryTimeout: { object: 100 } });
		c.clock.advance(1000);
		const sg = sender.openSubgroup({ groupId: 0n, subgroupId: 0n });
		await sg.writeObject({ objectId: 0n, payload: new Uint8Array(10), receivedAt: 900 });
		expect([sg.state, sender.streamCount, c.transport.streams.length]).toEqual(["timed-out", 0, 0]);
		const fresh = sender.openSubgroup({ groupId: 0n, subgroupId: 1n });
		await fresh.writeObject({ objectId: 0n, payload: new Uint8Array(10), receivedAt: 901 });
		expect(sender.streamCount).toBe(1);
		await c.close();
	});

	it("uses the smaller of the subscriber's and the publisher's timeouts", () => {
		const { sender } = setup(draft, {
			deliveryTimeout: { object: 300, subgroup: 40 },
			publisherDeliveryTimeout: { object: 100, subgroup: 0 },
		});
		expect(sender.timeouts({})).toEqual({ object: 100, subgroup: draft >= 17 ? 40 : 0 });
		sender.update({ deliveryTimeout: { object: 50 } });
		expect(sender.timeouts({})).toEqual({ object: 50, subgroup: 0 });
	});

	it("lets the first object's timeout properties override the track's in draft-19 only", async () => {
		const { c, sender } = setup(draft, { deliveryTimeout: { object: 300 }, publisherDeliveryTimeout: { object: 200 } });
		const sg = sender.openSubgroup({ groupId: 0n, subgroupId: 0n });
		await sg.writeObject({
			objectId: 0n,
			payload: new Uint8Array(1),
			properties: [
				{ type: 0x02n, value: 30n },
				{ type: 0x06n, value: 7n },
			],
		});
		expect(sg.deliveryTimeouts).toEqual(draft === 19 ? { object: 30, subgroup: 7 } : { object: 200, subgroup: 0 });
		await c.close();
	});

	it("drops datagrams older than the timeout (from -17 the subgroup timeout counts too)", async () => {
		const { c, queue, sender } = setup(draft, { deliveryTimeout: { object: 100, subgroup: 50 } }, 10);
		c.clock.advance(1000);
		const limit = draft >= 17 ? 50 : 100;
		const datagram = (objectId: bigint, receivedAt?: number) =>
			sender.sendDatagram({ groupId: 0n, objectId, payload: new Uint8Array(1), receivedAt });
		expect(datagram(0n, 1000 - limit)).toBe(false);
		expect(datagram(1n, 1000 - limit + 1)).toBe(true);
		expect(datagram(2n)).toBe(true);
		expect((await take(queue, 2)).map((o) => o.objectId)).toEqual([1n, 2n]);
		await c.close();
	});
});

describe.each([18, 19] as const)("draft-%i subgroup delivery timeout", (draft) => {
	const DELIVERY_TIMEOUT = StreamResetCode[draft].DELIVERY_TIMEOUT;

	it("resets a subgroup not fully delivered within the timeout after end()", async () => {
		const { c, queue, ends, sender } = setup(draft, { deliveryTimeout: { subgroup: 50 } });
		const sg = sender.openSubgroup({ groupId: 0n, subgroupId: 0n });
		await sg.writeObject({ objectId: 0n, payload: new Uint8Array(BIG) });
		const stuck = tracked(sg.writeObject({ objectId: 1n, payload: new Uint8Array(BIG) }));
		const ended = tracked(sg.end());
		await settle();
		expect([stuck.done, ended.done, c.clock.pending]).toEqual([false, false, 1]);
		c.clock.advance(49);
		expect(c.transport.streams[0]?.resets).toEqual([]);
		c.clock.advance(1);
		expect(c.transport.streams[0]?.resets).toEqual([DELIVERY_TIMEOUT]);
		await settle();
		expect([stuck.done, ended.done, sg.state, sender.activeSubgroups]).toEqual([true, true, "timed-out", 0]);
		// The subscriber sees the reset once it reads on.
		expect(ends).toEqual([]);
		await take(queue, 1);
		await settle();
		expect(ends[0]).toMatchObject({ kind: "reset", code: DELIVERY_TIMEOUT, objects: 1 });
		await c.close();
	});

	it("resets a finished stream whose FIN is not acknowledged in time", async () => {
		const { c, queue, sender } = setup(draft, { deliveryTimeout: { subgroup: 50 } });
		const sg = sender.openSubgroup({ groupId: 0n, subgroupId: 0n });
		await sg.writeObject({ objectId: 0n, payload: new Uint8Array(10) });
		await sg.writeObject({ objectId: 1n, payload: new Uint8Array(10) });
		await sg.end();
		expect([c.transport.streams[0]?.finished, sender.activeSubgroups, c.clock.pending]).toEqual([true, 1, 1]);
		c.clock.advance(50);
		expect(c.transport.streams[0]?.resets).toEqual([DELIVERY_TIMEOUT]);
		expect([sg.state, sender.activeSubgroups, c.clock.pending]).toEqual(["timed-out", 0, 0]);
		expect((await take(queue, 1))[0]?.objectId).toBe(0n);
		await c.close();
	});

	it("cancels the timer once all data is committed", async () => {
		const { c, queue, ends, sender } = setup(draft, { deliveryTimeout: { subgroup: 50 } }, 10);
		const sg = sender.openSubgroup({ groupId: 0n, subgroupId: 0n });
		await sg.writeObject({ objectId: 0n, payload: new Uint8Array(10) });
		await sg.end();
		await take(queue, 1);
		await settle();
		expect([c.clock.pending, sender.activeSubgroups, c.transport.streams[0]?.settled]).toEqual([0, 0, true]);
		c.clock.advance(100);
		expect(c.transport.streams[0]?.resets).toEqual([]);
		expect(ends[0]?.kind).toBe("fin");
		await c.close();
	});
});

describe.each([14, 16] as const)("draft-%i", (draft) => {
	it("has no subgroup delivery timeout", async () => {
		const { c, sender } = setup(draft, { deliveryTimeout: { subgroup: 50 } });
		const sg = sender.openSubgroup({ groupId: 0n, subgroupId: 0n });
		await sg.writeObject({ objectId: 0n, payload: new Uint8Array(BIG) });
		const stuck = tracked(sg.writeObject({ objectId: 1n, payload: new Uint8Array(BIG) }));
		void sg.end();
		expect(c.clock.pending).toBe(0);
		c.clock.advance(1000);
		await settle();
		expect([c.transport.streams[0]?.resets, stuck.done]).toEqual([[], false]);
		sender.close();
		await c.close();
	});
});
