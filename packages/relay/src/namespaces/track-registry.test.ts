import { describe, expect, it } from "vitest";
import { bytes, ns } from "../../test/helpers.js";
import { formatFullTrackName } from "./names.js";
import { TrackRegistry } from "./track-registry.js";

const track = (name: string, ...fields: string[]) => ({ namespace: ns(...fields), name: bytes(name) });

describe("TrackRegistry", () => {
	it("keeps several publishers per track and reports first / last", () => {
		const reg = new TrackRegistry<string>();
		expect(reg.register(track("video", "room"), "a")).toEqual({ ok: true, first: true });
		expect(reg.register(track("video", "room"), "b")).toEqual({ ok: true, first: false });
		expect(reg.register(track("video", "room"), "b")).toMatchObject({ ok: false, error: "duplicate" });
		expect(reg.publishersOf(track("video", "room"))).toEqual(new Set(["a", "b"]));
		expect(reg.withdraw(track("video", "room"), "a")).toEqual({ withdrawn: true, last: false });
		expect(reg.withdraw(track("video", "room"), "b")).toEqual({ withdrawn: true, last: true });
		expect(reg.publishersOf(track("video", "room")).size).toBe(0);
	});

	it("lists the tracks under a SUBSCRIBE_TRACKS prefix", () => {
		const reg = new TrackRegistry<string>();
		reg.register(track("audio", "room", "1"), "a");
		reg.register(track("video", "room", "1"), "a");
		reg.register(track("video", "room", "2"), "b");
		reg.register(track("video", "roomy"), "c");
		const found = reg.tracksUnder(ns("room")).map((t) => formatFullTrackName(t.track));
		expect(found.sort()).toEqual(["room-1--audio", "room-1--video", "room-2--video"]);
	});

	it("tells an empty track name from a namespace field", () => {
		const reg = new TrackRegistry<string>();
		reg.register({ namespace: ns("a", "b"), name: new Uint8Array(0) }, "p");
		reg.register({ namespace: ns("a"), name: bytes("b") }, "p");
		expect(reg.size).toBe(2);
		expect(reg.publishersOf({ namespace: ns("a"), name: bytes("b") })).toEqual(new Set(["p"]));
	});

	it("rejects a Full Track Name over 4096 bytes", () => {
		const reg = new TrackRegistry<string>();
		const big = { namespace: [new Uint8Array(4000)], name: new Uint8Array(97) };
		expect(reg.register(big, "p")).toMatchObject({ ok: false, error: "invalid-name" });
		expect(reg.nodeCount).toBe(1);
	});

	it("enforces the limits", () => {
		const reg = new TrackRegistry<string>({ perPublisher: 1, total: 2 });
		expect(reg.register(track("1", "n"), "p").ok).toBe(true);
		expect(reg.register(track("2", "n"), "p")).toMatchObject({ error: "per-publisher-limit" });
		expect(reg.register(track("2", "n"), "q").ok).toBe(true);
		expect(reg.register(track("3", "n"), "r")).toMatchObject({ error: "total-limit" });
	});

	it("keeps nothing after 10,000 publish / disconnect cycles", () => {
		const reg = new TrackRegistry<number>();
		for (let i = 0; i < 10_000; i++) {
			expect(reg.register(track(`t${i}`, "ns", `${i % 50}`), i % 5).ok).toBe(true);
			if (i % 4 === 0) reg.withdraw(track(`t${i}`, "ns", `${i % 50}`), i % 5);
		}
		const gone = [0, 1, 2, 3, 4].flatMap((p) => reg.withdrawAll(p));
		expect(gone).toHaveLength(7500);
		expect(reg.size).toBe(0);
		expect(reg.registrations).toBe(0);
		expect(reg.nodeCount).toBe(1);
	});
});
