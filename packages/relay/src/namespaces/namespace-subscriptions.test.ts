import { describe, expect, it } from "vitest";
import { ns } from "../../test/helpers.js";
import { formatNamespace } from "./names.js";
import { NamespaceSubscriptions } from "./namespace-subscriptions.js";

describe("NamespaceSubscriptions", () => {
	it("yields every subscriber whose prefix matches, with that prefix", () => {
		const subs = new NamespaceSubscriptions<string>();
		subs.subscribe(ns("room"), "s1");
		subs.subscribe(ns("room", "1"), "s2");
		subs.subscribe([], "s3");
		subs.subscribe(ns("room", "2"), "s4");
		subs.subscribe(ns("roomy"), "s5");
		const told = subs.subscribersOf(ns("room", "1", "alice"));
		expect(told.map((m) => `${m.subscriber}:${formatNamespace(m.prefix)}`).sort()).toEqual([
			"s1:room",
			"s2:room-1",
			"s3:",
		]);
	});

	it("refuses overlapping prefixes from one subscriber (PREFIX_OVERLAP) in both directions", () => {
		const subs = new NamespaceSubscriptions<string>();
		expect(subs.subscribe(ns("a", "b"), "s").ok).toBe(true);
		const longer = subs.subscribe(ns("a", "b", "c"), "s");
		expect(longer).toMatchObject({ ok: false, error: "prefix-overlap" });
		expect(formatNamespace(longer.ok ? [] : (longer.overlaps ?? []))).toBe("a-b");
		expect(subs.subscribe(ns("a"), "s")).toMatchObject({ ok: false, error: "prefix-overlap" });
		expect(subs.subscribe(ns("a", "b"), "s")).toMatchObject({ ok: false, error: "prefix-overlap" });
		expect(subs.subscribe([], "s")).toMatchObject({ ok: false, error: "prefix-overlap" });
		// Siblings do not overlap, and other subscribers have their own space.
		expect(subs.subscribe(ns("a", "bb"), "s").ok).toBe(true);
		expect(subs.subscribe(ns("a"), "t").ok).toBe(true);
		expect(subs.size).toBe(3);
	});

	it("unsubscribes one prefix or all of a subscriber", () => {
		const subs = new NamespaceSubscriptions<string>();
		subs.subscribe(ns("a"), "s");
		subs.subscribe(ns("b"), "s");
		subs.subscribe(ns("a"), "t");
		expect(subs.unsubscribe(ns("a"), "s")).toBe(true);
		expect(subs.unsubscribe(ns("a"), "s")).toBe(false);
		expect(subs.subscribersOf(ns("a", "x")).map((m) => m.subscriber)).toEqual(["t"]);
		expect(subs.unsubscribeAll("s")).toBe(1);
		expect(subs.unsubscribeAll("t")).toBe(1);
		expect(subs.nodeCount).toBe(1);
		expect(subs.subscriberCount).toBe(0);
	});

	it("enforces limits and rejects hostile prefixes", () => {
		const subs = new NamespaceSubscriptions<string>({ perSubscriber: 1, total: 2 });
		expect(subs.subscribe(ns("a"), "s").ok).toBe(true);
		expect(subs.subscribe(ns("b"), "s")).toMatchObject({ ok: false, error: "per-subscriber-limit" });
		expect(subs.subscribe(ns("b"), "t").ok).toBe(true);
		expect(subs.subscribe(ns("c"), "u")).toMatchObject({ ok: false, error: "total-limit" });
		expect(
			subs.subscribe(
				Array.from({ length: 40 }, () => ns("x")[0]!),
				"v",
			),
		).toMatchObject({
			error: "invalid-namespace",
		});
	});

	it("keeps nothing after 10,000 subscribe / unsubscribe cycles", () => {
		const subs = new NamespaceSubscriptions<number>({ perSubscriber: 1000 });
		for (let i = 0; i < 10_000; i++) {
			expect(subs.subscribe(ns("t", `${i}`), i % 13).ok).toBe(true);
			if (i % 3 === 0) expect(subs.unsubscribe(ns("t", `${i}`), i % 13)).toBe(true);
		}
		for (let s = 0; s < 13; s++) subs.unsubscribeAll(s);
		expect(subs.size).toBe(0);
		expect(subs.nodeCount).toBe(1);
		expect(subs.subscriberCount).toBe(0);
	});
});
