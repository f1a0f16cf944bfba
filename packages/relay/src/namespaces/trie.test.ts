import { describe, expect, it } from "vitest";
import { ns } from "../../test/helpers.js";
import { formatNamespace } from "./names.js";
import { NamespaceTrie } from "./trie.js";

const names = (entries: Iterable<{ namespace: readonly Uint8Array[] }>) =>
	Array.from(entries, (e) => formatNamespace(e.namespace)).sort();

describe("NamespaceTrie", () => {
	it("finds stored prefixes of a namespace, longest first", () => {
		const trie = new NamespaceTrie<string>();
		trie.set([], "root");
		trie.set(ns("a"), "a");
		trie.set(ns("a", "b", "c"), "abc");
		trie.set(ns("a", "x"), "ax");
		expect(trie.prefixesOf(ns("a", "b", "c", "d")).map((e) => e.value)).toEqual(["abc", "a", "root"]);
		expect(trie.prefixesOf(ns("a", "b")).map((e) => e.value)).toEqual(["a", "root"]);
		expect(trie.prefixesOf(ns("z")).map((e) => e.value)).toEqual(["root"]);
	});

	it("lists the stored namespaces under a prefix", () => {
		const trie = new NamespaceTrie<number>();
		trie.set(ns("a", "b"), 1);
		trie.set(ns("a", "b", "c"), 2);
		trie.set(ns("a", "d"), 3);
		trie.set(ns("e"), 4);
		expect(names(trie.under(ns("a")))).toEqual(["a-b", "a-b-c", "a-d"]);
		expect(names(trie.under(ns("a", "b")))).toEqual(["a-b", "a-b-c"]);
		expect(names(trie.under([]))).toHaveLength(4);
		expect(names(trie.under(ns("q")))).toEqual([]);
	});

	it("copies fields, so reusing the caller's buffer changes nothing", () => {
		const trie = new NamespaceTrie<number>();
		const field = new Uint8Array([1, 2, 3]);
		trie.set([field], 1);
		field[0] = 9;
		expect(trie.get([new Uint8Array([1, 2, 3])])).toBe(1);
		expect(Array.from(trie.under([]), (e) => Array.from(e.namespace[0]!))).toEqual([[1, 2, 3]]);
	});

	it("prunes every node once the values are deleted", () => {
		const trie = new NamespaceTrie<number>();
		trie.set(ns("a", "b", "c"), 1);
		trie.set(ns("a", "b"), 2);
		expect(trie.nodeCount).toBe(4);
		expect(trie.delete(ns("a", "b"))).toBe(true);
		expect(trie.nodeCount).toBe(4); // "a"/"b" still leads to "c"
		expect(trie.delete(ns("a", "b", "c"))).toBe(true);
		expect(trie.nodeCount).toBe(1);
		expect(trie.size).toBe(0);
		expect(trie.delete(ns("a"))).toBe(false);
	});

	it("holds 32-field namespaces of binary fields", () => {
		const trie = new NamespaceTrie<number>();
		const deep = Array.from({ length: 32 }, (_, i) => new Uint8Array([i, 0, 255]));
		trie.set(deep, 7);
		expect(trie.prefixesOf(deep)[0]?.value).toBe(7);
		expect(trie.nodeCount).toBe(33);
		trie.delete(deep);
		expect(trie.nodeCount).toBe(1);
	});
});
