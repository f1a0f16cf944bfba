/**
 * ObjectQueue: bounded by objects and bytes, consumed with for-await, end / error / cancel.
 */

import { ObjectStatus } from "@moqt/wire";
import { describe, expect, it } from "vitest";
import { ObjectQueue } from "../../src/data/object-queue.js";
import type { ReceivedObject } from "../../src/data/types.js";
import { tick } from "./helpers.js";

function object(objectId: number, size = 0): ReceivedObject {
	return {
		groupId: 0n,
		subgroupId: 0n,
		objectId: BigInt(objectId),
		status: ObjectStatus.NORMAL,
		publisherPriority: 128,
		properties: [],
		payload: new Uint8Array(size).fill(objectId & 0xff),
		forwarding: "subgroup",
	};
}

describe("ObjectQueue", () => {
	it("reports itself full at maxObjects and resolves ready() once there is room", async () => {
		const q = new ObjectQueue({ maxObjects: 2 });
		expect(q.push(object(0))).toBe(true);
		expect(q.full).toBe(false);
		expect(q.push(object(1))).toBe(false);
		expect(q.full).toBe(true);
		let ready = false;
		void q.ready().then(() => {
			ready = true;
		});
		await tick();
		expect(ready).toBe(false);
		expect((await q.next()).value?.objectId).toBe(0n);
		await tick();
		expect(ready).toBe(true);
		expect(q.size).toBe(1);
	});

	it("reports itself full at maxBytes and counts the bytes taken out", async () => {
		const q = new ObjectQueue({ maxBytes: 100 });
		expect(q.push(object(0, 60))).toBe(true);
		expect(q.push(object(1, 60))).toBe(false);
		expect(q.bytes).toBe(120);
		await q.next();
		expect(q.bytes).toBe(60);
		expect(q.full).toBe(false);
	});

	it("hands items straight to a waiting consumer", async () => {
		const q = new ObjectQueue({ maxObjects: 1 });
		const waiting = q.next();
		expect(q.push(object(7))).toBe(true);
		expect((await waiting).value?.objectId).toBe(7n);
		expect(q.size).toBe(0);
	});

	it("yields what is queued after end(), then finishes; end(error) then throws", async () => {
		const q = new ObjectQueue();
		q.push(object(0));
		q.push(object(1));
		q.end();
		expect(q.push(object(2))).toBe(false);
		const seen: bigint[] = [];
		for await (const o of q) seen.push(o.objectId);
		expect(seen).toEqual([0n, 1n]);

		const failing = new ObjectQueue();
		failing.push(object(0));
		const error = new Error("reset");
		failing.end({ error });
		expect((await failing.next()).value?.objectId).toBe(0n);
		await expect(failing.next()).rejects.toBe(error);
	});

	it("fails a consumer already waiting when it ends with an error", async () => {
		const q = new ObjectQueue();
		const waiting = q.next();
		const error = new Error("gone");
		q.end({ error });
		await expect(waiting).rejects.toBe(error);
	});

	it("drops everything and reports cancellation when the consumer leaves early", async () => {
		let cancelled = 0;
		const q = new ObjectQueue({ maxObjects: 4, onCancel: () => cancelled++ });
		for (let i = 0; i < 4; i++) q.push(object(i, 10));
		let ready = false;
		void q.ready().then(() => {
			ready = true;
		});
		for await (const o of q) {
			expect(o.objectId).toBe(0n);
			break;
		}
		await tick();
		expect([q.closed, q.isCancelled, q.size, q.bytes, cancelled, ready]).toEqual([true, true, 0, 0, 1, true]);
		expect(q.push(object(9))).toBe(false);
		expect((await q.next()).done).toBe(true);
		q.cancel();
		expect(cancelled).toBe(1);
	});

	it("does not count leaving after the end as cancellation", async () => {
		let cancelled = 0;
		const q = new ObjectQueue({ onCancel: () => cancelled++ });
		q.push(object(0));
		q.end();
		for await (const _ of q) break;
		expect(cancelled).toBe(0);
	});

	it("stays compact over a long run", async () => {
		const q = new ObjectQueue({ maxObjects: 3000 });
		for (let round = 0; round < 5; round++) {
			for (let i = 0; i < 2500; i++) q.push(object(i, 1));
			for (let i = 0; i < 2000; i++) expect((await q.next()).value?.objectId).toBe(BigInt(i));
			for (let i = 2000; i < 2500; i++) await q.next();
		}
		expect([q.size, q.bytes]).toEqual([0, 0]);
	});
});
