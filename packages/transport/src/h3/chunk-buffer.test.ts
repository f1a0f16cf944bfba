import { describe, expect, it } from "vitest";
import { ChunkBuffer } from "./chunk-buffer.js";
import { seededRandom } from "./test-helpers.js";

describe("ChunkBuffer", () => {
	it("keeps bytes in order across pushes, consumes and growth", () => {
		const rand = seededRandom(7);
		const buf = new ChunkBuffer();
		const expected: number[] = [];
		let next = 0;
		for (let round = 0; round < 500; round++) {
			const chunk = Uint8Array.from({ length: rand(40) }, () => next++ & 0xff);
			buf.push(chunk);
			chunk.fill(0); // the buffer must have copied it
			for (let i = 0; i < chunk.length; i++) expected.push((next - chunk.length + i) & 0xff);
			const drop = rand(buf.length + 1);
			buf.consume(drop);
			expected.splice(0, drop);
			expect(buf.length).toBe(expected.length);
			expect([...buf.view()]).toEqual(expected);
		}
		expect([...buf.take()]).toEqual(expected);
		expect(buf.length).toBe(0);
	});
});
