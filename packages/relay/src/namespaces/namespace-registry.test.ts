import { describe, expect, it } from "vitest";
import { ns } from "../../test/helpers.js";
import { formatNamespace } from "./names.js";
import { NamespaceRegistry } from "./namespace-registry.js";

const fmt = (list: readonly (readonly Uint8Array[])[]) => list.map(formatNamespace).sort();

describe("NamespaceRegistry", () => {
	it("reports the first publisher and the last withdrawal", () => {
		const reg = new NamespaceRegistry<string>();
		expect(reg.register(ns("room", "1"), "alice")).toEqual({ ok: true, first: true });
		expect(reg.register(ns("room", "1"), "bob")).toEqual({ ok: true, first: false });
		expect(reg.publishersOf(ns("room", "1"))).toEqual(new Set(["alice", "bob"]));
		expect(reg.withdraw(ns("room", "1"), "alice")).toEqual({ withdrawn: true, last: false });
		expect(reg.withdraw(ns("room", "1"), "alice")).toEqual({ withdrawn: false, last: false });
		expect(reg.withdraw(ns("room", "1"), "bob")).toEqual({ withdrawn: true, last: true });
		expect(reg.size).toBe(0);
	});

	it("refuses the same namespace twice from one publisher", () => {
		const reg = new NamespaceRegistry<string>();
		reg.register(ns("a"), "p");
		expect(reg.register(ns("a"), "p")).toMatchObject({ ok: false, error: "duplicate" });
		expect(reg.registrations).toBe(1);
	});

	it("matches every published prefix, longest first, and never across field boundaries", () => {
		const reg = new NamespaceRegistry<string>();
		reg.register(ns("foo"), "p1");
		reg.register(ns("foo", "bar"), "p2");
		reg.register(ns("foobar"), "p3");
		reg.register([], "root");
		const matches = reg.matching(ns("foo", "bar"));
		expect(matches.map((m) => [formatNamespace(m.namespace), [...m.publishers]])).toEqual([
			["foo-bar", ["p2"]],
			["foo", ["p1"]],
			["", ["root"]],
		]);
		expect([...(reg.longestMatch(ns("foo", "bar", "baz"))?.publishers ?? [])]).toEqual(["p2"]);
		expect([...(reg.longestMatch(ns("foobar", "x"))?.publishers ?? [])]).toEqual(["p3"]);
		reg.withdraw([], "root");
		expect(reg.longestMatch(ns("nothing"))).toBeUndefined();
	});

	it("lists the namespaces under a SUBSCRIBE_NAMESPACE prefix", () => {
		const reg = new NamespaceRegistry<string>();
		reg.register(ns("example.com", "meeting=123", "participant=100"), "a");
		reg.register(ns("example.com", "meeting=123", "participant=200"), "b");
		reg.register(ns("example.com", "meeting=456"), "c");
		expect(fmt(reg.namespacesUnder(ns("example.com", "meeting=123")))).toEqual([
			"example.2ecom-meeting.3d123-participant.3d100",
			"example.2ecom-meeting.3d123-participant.3d200",
		]);
		expect(reg.namespacesUnder([])).toHaveLength(3);
		expect(reg.namespacesUnder(ns("example.com", "meeting=789"))).toEqual([]);
	});

	it("withdraws everything of a disconnected publisher and names the namespaces now gone", () => {
		const reg = new NamespaceRegistry<string>();
		reg.register(ns("a"), "p");
		reg.register(ns("b"), "p");
		reg.register(ns("b"), "q");
		expect(fmt(reg.withdrawAll("p"))).toEqual(["a"]);
		expect(reg.publishersOf(ns("b"))).toEqual(new Set(["q"]));
		expect(reg.withdrawAll("p")).toEqual([]);
		expect(reg.countFor("p")).toBe(0);
	});

	it("enforces the per-publisher and total limits", () => {
		const reg = new NamespaceRegistry<string>({ perPublisher: 2, total: 3 });
		expect(reg.register(ns("1"), "p").ok).toBe(true);
		expect(reg.register(ns("2"), "p").ok).toBe(true);
		expect(reg.register(ns("3"), "p")).toMatchObject({ ok: false, error: "per-publisher-limit" });
		expect(reg.register(ns("3"), "q").ok).toBe(true);
		expect(reg.register(ns("4"), "r")).toMatchObject({ ok: false, error: "total-limit" });
		reg.withdraw(ns("1"), "p");
		expect(reg.register(ns("4"), "r").ok).toBe(true);
	});

	it("refuses hostile namespaces without storing anything", () => {
		const reg = new NamespaceRegistry<string>();
		const tooDeep = Array.from({ length: 33 }, () => new Uint8Array([1]));
		const tooBig = [new Uint8Array(4097)];
		const emptyField = [new Uint8Array(0)];
		for (const bad of [tooDeep, tooBig, emptyField]) {
			expect(reg.register(bad, "p")).toMatchObject({ ok: false, error: "invalid-namespace" });
		}
		expect(reg.nodeCount).toBe(1);
		expect(reg.publisherCount).toBe(0);
	});

	it("keeps up with 10,000 register / withdraw cycles and ends empty", () => {
		const reg = new NamespaceRegistry<number>();
		for (let i = 0; i < 10_000; i++) {
			const namespace = ns("tenant", `t${i % 97}`, `room${i}`);
			expect(reg.register(namespace, i % 7).ok).toBe(true);
			if (i % 2 === 0) expect(reg.withdraw(namespace, i % 7).last).toBe(true);
		}
		expect(reg.size).toBe(5000);
		for (let p = 0; p < 7; p++) reg.withdrawAll(p);
		expect(reg.size).toBe(0);
		expect(reg.registrations).toBe(0);
		expect(reg.publisherCount).toBe(0);
		expect(reg.nodeCount).toBe(1);
	});
});
