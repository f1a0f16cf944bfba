/**
 * A trie over Track Namespace tuples, one level per field, keyed by the field's exact bytes
 * (draft-ietf-moq-transport-19 §2.4.1 "Track Naming": fields compare "by exact comparison of the
 * bytes"). It answers the two walks Namespace Prefix Matching needs (draft-19 §9.5 "Publisher
 * Interactions", -14 §8.4): every stored prefix *of* a namespace (which publishers serve it), and
 * every stored namespace *under* a prefix (what SUBSCRIBE_NAMESPACE matches).
 *
 * Nodes without a value and without children are pruned as soon as a value is removed, so a
 * trie that had every value deleted holds only its root: {@link NamespaceTrie.nodeCount} says so.
 *
 * @module
 */

import type { TrackNamespace } from "@moqt/wire";
import { fieldKey } from "./names.js";

interface Node<V> {
	readonly parent: Node<V> | undefined;
	/** This node's field (a private copy) and its key in the parent's map; empty at the root. */
	readonly field: Uint8Array;
	readonly key: string;
	readonly children: Map<string, Node<V>>;
	value: V | undefined;
}

/** A stored namespace and its value, as the walks yield them. */
export interface TrieEntry<V> {
	readonly namespace: TrackNamespace;
	readonly value: V;
}

function newNode<V>(parent: Node<V> | undefined, field: Uint8Array, key: string): Node<V> {
	return { parent, field, key, children: new Map(), value: undefined };
}

/** A map from Track Namespaces to values that also answers prefix queries. */
export class NamespaceTrie<V> {
	readonly #root: Node<V> = newNode<V>(undefined, new Uint8Array(0), "");
	#size = 0;
	#nodes = 1;

	/** How many namespaces have a value. */
	get size(): number {
		return this.#size;
	}

	/** How many nodes the trie holds, the root included: 1 when it is empty. */
	get nodeCount(): number {
		return this.#nodes;
	}

	/** The value stored for exactly this namespace. */
	get(namespace: TrackNamespace): V | undefined {
		return this.#find(namespace)?.value;
	}

	/** Stores `value` for `namespace`, replacing any value it had. */
	set(namespace: TrackNamespace, value: V): void {
		let node = this.#root;
		for (const field of namespace) {
			const key = fieldKey(field);
			let child = node.children.get(key);
			if (child === undefined) {
				child = newNode(node, field.slice(), key);
				node.children.set(key, child);
				this.#nodes++;
			}
			node = child;
		}
		if (node.value === undefined) this.#size++;
		node.value = value;
	}

	/** Removes the value of `namespace` and prunes the nodes left empty; false when it had none. */
	delete(namespace: TrackNamespace): boolean {
		const node = this.#find(namespace);
		if (node === undefined || node.value === undefined) return false;
		node.value = undefined;
		this.#size--;
		this.#prune(node);
		return true;
	}

	/**
	 * The stored namespaces that are prefixes of `namespace` (itself included), longest first:
	 * the registrations Namespace Prefix Matching selects for a request in `namespace`.
	 */
	prefixesOf(namespace: TrackNamespace): TrieEntry<V>[] {
		const found: TrieEntry<V>[] = [];
		let node = this.#root;
		if (node.value !== undefined) found.push({ namespace: [], value: node.value });
		for (let depth = 0; depth < namespace.length; depth++) {
			const child = node.children.get(fieldKey(namespace[depth]!));
			if (child === undefined) break;
			node = child;
			if (node.value !== undefined) found.push({ namespace: namespace.slice(0, depth + 1), value: node.value });
		}
		return found.reverse();
	}

	/** The stored namespaces that `prefix` prefixes (itself included), depth first. */
	*under(prefix: TrackNamespace): Generator<TrieEntry<V>> {
		const start = this.#find(prefix);
		if (start === undefined) return;
		// An explicit stack: at most 32 levels deep, but no recursion on hostile input either way.
		const stack: Array<{ node: Node<V>; namespace: TrackNamespace }> = [{ node: start, namespace: prefix }];
		for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
			if (top.node.value !== undefined) yield { namespace: top.namespace, value: top.node.value };
			for (const child of top.node.children.values()) {
				stack.push({ node: child, namespace: [...top.namespace, child.field] });
			}
		}
	}

	#find(namespace: TrackNamespace): Node<V> | undefined {
		let node: Node<V> | undefined = this.#root;
		for (const field of namespace) {
			node = node.children.get(fieldKey(field));
			if (node === undefined) return undefined;
		}
		return node;
	}

	#prune(node: Node<V>): void {
		let current: Node<V> | undefined = node;
		while (current?.parent !== undefined && current.value === undefined && current.children.size === 0) {
			current.parent.children.delete(current.key);
			this.#nodes--;
			current = current.parent;
		}
	}
}
