import { describe, expect, it } from "vitest";
import { AsyncQueue } from "./async-queue.js";

describe("AsyncQueue", () => {
	it("hands items to waiting readers first, then buffers up to its capacity", async () => {
		const queue = new AsyncQueue<number>(2);
		const waiting = queue.next();
		expect(queue.push(1)).toBe(true);
		expect(await waiting).toEqual({ done: false, value: 1 });
		expect([queue.push(2), queue.push(3), queue.push(4)]).toEqual([true, true, false]);
		expect(queue.size).toBe(2);
		expect(await queue.next()).toEqual({ done: false, value: 2 });
	});

	it("lets a for-await be left and resumed, and ends every reader on close", async () => {
		const queue = new AsyncQueue<number>();
		for (const n of [1, 2, 3]) queue.push(n);
		for await (const n of queue) {
			expect(n).toBe(1);
			break;
		}
		const rest: number[] = [];
		const reading = (async () => {
			for await (const n of queue) rest.push(n);
		})();
		await Promise.resolve();
		expect(queue.close()).toEqual([]);
		await reading;
		expect(rest).toEqual([2, 3]);
		expect(queue.push(4)).toBe(false);
		expect(await queue.next()).toEqual({ done: true, value: undefined });
	});

	it("end() still yields queued items, then ends", async () => {
		const queue = new AsyncQueue<number>();
		queue.push(1);
		queue.end();
		expect(queue.push(2)).toBe(false);
		expect(await queue.next()).toEqual({ done: false, value: 1 });
		expect(await queue.next()).toEqual({ done: true, value: undefined });
	});

	it("returns untaken items from close()", () => {
		const queue = new AsyncQueue<string>();
		queue.push("a");
		queue.push("b");
		expect(queue.close()).toEqual(["a", "b"]);
		expect(queue.close()).toEqual([]);
	});
});
