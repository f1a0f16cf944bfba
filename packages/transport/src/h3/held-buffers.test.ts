import { describe, expect, it } from "vitest";
import type { WtStream } from "./connection-state.js";
import { HeldBuffers } from "./held-buffers.js";

const stream = (): WtStream => ({
	kind: "wt",
	sessionId: 0n,
	bidi: false,
	local: false,
	headerLength: 0,
	held: undefined,
});

describe("HeldBuffers", () => {
	it("counts streams and bytes against one budget and gives them back on release", () => {
		const held = new HeldBuffers({ maxStreams: 2, maxBytes: 10, maxDatagrams: 1 });
		const a = stream();
		const b = stream();
		expect(held.holdStream(a, new Uint8Array(4), false)).toBe(true);
		expect(held.holdStream(b, new Uint8Array(4), false)).toBe(true);
		expect(held.holdStream(stream(), new Uint8Array(0), false)).toBe(false); // third stream
		expect(held.append(a, new Uint8Array(3), true)).toBe(false); // 11 bytes
		expect(held.append(a, new Uint8Array(2), true)).toBe(true); // 10 bytes
		expect(a.held).toMatchObject({ fin: true, bytes: 6 });
		expect(a.held?.chunks.map((c) => c.length)).toEqual([4, 2]);
		expect(held.reserve(1)).toBe(false);
		held.release(a);
		expect(a.held).toBeUndefined();
		expect(held.reserve(6)).toBe(true);
		held.unreserve(6);
		expect(held.holdStream(stream(), new Uint8Array(6), false)).toBe(true);
	});

	it("copies what it holds", () => {
		const held = new HeldBuffers({ maxStreams: 1, maxBytes: 10, maxDatagrams: 1 });
		const st = stream();
		const chunk = Uint8Array.of(1, 2);
		held.holdStream(st, chunk, false);
		chunk.fill(9);
		expect([...st.held!.chunks[0]!]).toEqual([1, 2]);
	});

	it("holds datagrams per session up to the limit", () => {
		const held = new HeldBuffers({ maxStreams: 1, maxBytes: 10, maxDatagrams: 2 });
		held.holdDatagram(0n, Uint8Array.of(1));
		held.holdDatagram(4n, Uint8Array.of(2));
		held.holdDatagram(0n, Uint8Array.of(3)); // over the limit: dropped
		expect(held.takeDatagrams(0n)).toEqual([Uint8Array.of(1)]);
		expect(held.takeDatagrams(0n)).toEqual([]);
		expect(held.takeDatagrams(4n)).toEqual([Uint8Array.of(2)]);
	});

	it("tracks orphans by session", () => {
		const held = new HeldBuffers({ maxStreams: 1, maxBytes: 10, maxDatagrams: 1 });
		held.addOrphan(8n, 2n);
		held.addOrphan(8n, 6n);
		held.forgetOrphan(8n, 2n);
		expect([...held.takeOrphans(8n)]).toEqual([6n]);
		expect(held.takeOrphans(8n).size).toBe(0);
	});
});
