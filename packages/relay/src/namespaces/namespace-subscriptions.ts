/**
 * Namespace subscriptions: which subscribers asked to hear about which namespace prefixes
 * (draft-ietf-moq-transport-19 §6.1 "Subscribing to Namespaces", §10.18 SUBSCRIBE_NAMESPACE,
 * §10.19 SUBSCRIBE_TRACKS; -14 §6.1, §9.28 SUBSCRIBE_NAMESPACE).
 *
 * - When a namespace gains its first publisher or loses its last one, the relay tells every
 *   subscriber whose prefix matches it (NAMESPACE / NAMESPACE_DONE from -16 on, PUBLISH_NAMESPACE /
 *   PUBLISH_NAMESPACE_DONE in -14): {@link NamespaceSubscriptions.subscribersOf}. The same query
 *   finds the SUBSCRIBE_TRACKS subscribers a new PUBLISH goes to.
 * - One subscriber's prefixes may not overlap: a new prefix that is a prefix of, equal to, or an
 *   extension of one it already holds is refused with PREFIX_OVERLAP (-14:
 *   NAMESPACE_PREFIX_OVERLAP, "a prefix of, suffix of, or equal to an active SUBSCRIBE_NAMESPACE";
 *   -19: "shares a common prefix", read the same way, since every two prefixes share the empty one).
 * - SUBSCRIBE_NAMESPACE and SUBSCRIBE_TRACKS "have independent overlap spaces" in -19: the relay
 *   keeps one instance for each.
 * - Limits per subscriber and in total (draft-19 §13.7.1 "State maintenance").
 *
 * Subscribers are compared by identity (`S` is the relay's handle for the subscriber's session).
 *
 * @module
 */

import type { TrackNamespace } from "@moqt/wire";
import { copyNamespace, isPrefixOf, namespaceKey, namespaceProblem } from "./names.js";
import { NamespaceTrie } from "./trie.js";

/** Limits on namespace subscriptions. */
export interface NamespaceSubscriptionLimits {
	/** Prefixes one subscriber may hold at once. */
	readonly perSubscriber: number;
	/** (prefix, subscriber) subscriptions in the whole relay. */
	readonly total: number;
}

/** The default limits. */
export const DEFAULT_NAMESPACE_SUBSCRIPTION_LIMITS: NamespaceSubscriptionLimits = {
	perSubscriber: 256,
	total: 100_000,
};

/** Why a namespace subscription was refused. */
export type NamespaceSubscriptionError =
	| "prefix-overlap"
	| "invalid-namespace"
	| "per-subscriber-limit"
	| "total-limit";

/** The outcome of {@link NamespaceSubscriptions.subscribe}. */
export type NamespaceSubscribeResult =
	| { readonly ok: true }
	| {
			readonly ok: false;
			readonly error: NamespaceSubscriptionError;
			readonly message: string;
			/** For "prefix-overlap": the subscriber's prefix the new one overlaps. */
			readonly overlaps?: TrackNamespace;
	  };

/** A subscriber whose prefix matched, and that prefix (NAMESPACE messages carry the suffix after it). */
export interface MatchedSubscriber<S> {
	readonly subscriber: S;
	readonly prefix: TrackNamespace;
}

/** The registry of namespace subscriptions. */
export class NamespaceSubscriptions<S> {
	readonly #trie = new NamespaceTrie<Set<S>>();
	readonly #bySubscriber = new Map<S, Map<string, TrackNamespace>>();
	readonly #limits: NamespaceSubscriptionLimits;
	#subscriptions = 0;

	constructor(limits: Partial<NamespaceSubscriptionLimits> = {}) {
		this.#limits = { ...DEFAULT_NAMESPACE_SUBSCRIPTION_LIMITS, ...limits };
	}

	/** (prefix, subscriber) subscriptions. */
	get size(): number {
		return this.#subscriptions;
	}

	/** Subscribers with at least one prefix. */
	get subscriberCount(): number {
		return this.#bySubscriber.size;
	}

	/** Trie nodes, the root included: 1 once every subscription is gone. */
	get nodeCount(): number {
		return this.#trie.nodeCount;
	}

	/** The prefixes `subscriber` holds. */
	prefixesOf(subscriber: S): TrackNamespace[] {
		return [...(this.#bySubscriber.get(subscriber)?.values() ?? [])];
	}

	/** Adds a subscription of `subscriber` to `prefix` (copied), unless it overlaps one it holds. */
	subscribe(prefix: TrackNamespace, subscriber: S): NamespaceSubscribeResult {
		const problem = namespaceProblem(prefix);
		if (problem !== undefined) return { ok: false, error: "invalid-namespace", message: problem };
		const mine = this.#bySubscriber.get(subscriber);
		// Linear in the subscriber's prefixes, which the per-subscriber limit bounds.
		for (const held of mine?.values() ?? []) {
			if (isPrefixOf(held, prefix) || isPrefixOf(prefix, held)) {
				return {
					ok: false,
					error: "prefix-overlap",
					message: "the prefix overlaps one this subscriber already holds",
					overlaps: held,
				};
			}
		}
		if ((mine?.size ?? 0) >= this.#limits.perSubscriber) {
			return {
				ok: false,
				error: "per-subscriber-limit",
				message: `a subscriber may hold at most ${this.#limits.perSubscriber} namespace subscriptions`,
			};
		}
		if (this.#subscriptions >= this.#limits.total) {
			return {
				ok: false,
				error: "total-limit",
				message: `the relay holds at most ${this.#limits.total} namespace subscriptions`,
			};
		}
		const copy = copyNamespace(prefix);
		let subscribers = this.#trie.get(copy);
		if (subscribers === undefined) {
			subscribers = new Set();
			this.#trie.set(copy, subscribers);
		}
		subscribers.add(subscriber);
		if (mine === undefined) this.#bySubscriber.set(subscriber, new Map([[namespaceKey(copy), copy]]));
		else mine.set(namespaceKey(copy), copy);
		this.#subscriptions++;
		return { ok: true };
	}

	/** Removes `subscriber`'s subscription to `prefix`; false when it had none. */
	unsubscribe(prefix: TrackNamespace, subscriber: S): boolean {
		const mine = this.#bySubscriber.get(subscriber);
		if (mine === undefined || !mine.delete(namespaceKey(prefix))) return false;
		if (mine.size === 0) this.#bySubscriber.delete(subscriber);
		this.#unlink(prefix, subscriber);
		return true;
	}

	/** Removes every subscription of `subscriber` (its session ended); returns how many. */
	unsubscribeAll(subscriber: S): number {
		const mine = this.#bySubscriber.get(subscriber);
		if (mine === undefined) return 0;
		this.#bySubscriber.delete(subscriber);
		for (const prefix of mine.values()) this.#unlink(prefix, subscriber);
		return mine.size;
	}

	/**
	 * The subscribers to tell about `namespace` appearing or going away: those holding a prefix
	 * of it (itself included). Each subscriber appears at most once, since its prefixes never
	 * overlap.
	 */
	subscribersOf(namespace: TrackNamespace): MatchedSubscriber<S>[] {
		const matched: MatchedSubscriber<S>[] = [];
		for (const entry of this.#trie.prefixesOf(namespace)) {
			for (const subscriber of entry.value) matched.push({ subscriber, prefix: entry.namespace });
		}
		return matched;
	}

	#unlink(prefix: TrackNamespace, subscriber: S): void {
		const subscribers = this.#trie.get(prefix);
		if (subscribers === undefined || !subscribers.delete(subscriber)) return;
		this.#subscriptions--;
		if (subscribers.size === 0) this.#trie.delete(prefix);
	}
}
