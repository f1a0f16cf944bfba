import { describe, expect, test } from "vitest";
import { AsyncQueue } from "./async-queue.js";

async function drain<T>(q: AsyncIterable<T>): Promise<T[]> {
	const out: T[] = [];
	for await (const x of q) out.push(x);
	return out;
}

describe("AsyncQueue", () => {
	test("delivers items pushed before and after the consumer waits, then ends", async () => {
		const q = new AsyncQueue<number>();
		q.push(1);
		const result = drain(q);
		q.push(2);
		await Promise.resolve();
		q.push(3);
		q.end();
		q.push(4);
		expect(await result).toEqual([1, 2, 3]);
	});

	test("throws a failure after the items already pushed", async () => {
		const q = new AsyncQueue<number>();
		q.push(1);
		q.fail(new Error("encoder died"));
		const seen: number[] = [];
		await expect(
			(async () => {
				for await (const x of q) seen.push(x);
			})(),
		).rejects.toThrow("encoder died");
		expect(seen).toEqual([1]);
	});

	test("a consumer that stops early cancels the producer once", async () => {
		let cancelled = 0;
		const q = new AsyncQueue<number>(() => cancelled++);
		q.push(1);
		q.push(2);
		for await (const x of q) if (x === 1) break;
		expect(cancelled).toBe(1);
		q.end();
		expect(cancelled).toBe(1);
		expect(await drain(q)).toEqual([]);
	});

	test("a waiting consumer sees a failure at once", async () => {
		const q = new AsyncQueue<number>();
		const result = drain(q);
		q.fail(new Error("gone"));
		await expect(result).rejects.toThrow("gone");
	});
});
