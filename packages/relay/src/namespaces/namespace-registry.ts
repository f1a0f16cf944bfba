/**
 * The namespaces publishers have published to the relay with PUBLISH_NAMESPACE
 * (draft-ietf-moq-transport-19 §6.2 "Publishing Namespaces", §9.3 "Multiple Publishers", §9.5
 * "Publisher Interactions"; -14 §6.2, §8.4).
 *
 * - Several publishers may publish one namespace; the relay keeps them all ("There is no specified
 *   limit to the number of publishers of a Track Namespace").
 * - A registration ends when its publisher withdraws it (cancels the request; PUBLISH_NAMESPACE_DONE
 *   in -14), when the relay cancels it, or when the publisher's session ends ({@link
 *   NamespaceRegistry.withdrawAll}). A namespace is announced to namespace subscribers when its
 *   first publisher arrives and withdrawn (NAMESPACE_DONE) when its last one leaves, which the
 *   `first` / `last` flags of the results report.
 * - Lookups use Namespace Prefix Matching: a SUBSCRIBE for (foo, bar) matches publishers of (foo)
 *   and of (foo, bar), not (foobar). Relays "MUST send SUBSCRIBE messages to all matching
 *   publishers" ({@link NamespaceRegistry.matching}), and a subscriber that has an exact match
 *   "SHOULD only request it from the senders of those" ({@link NamespaceRegistry.longestMatch}).
 * - Limits per publisher and in total protect the relay from PUBLISH_NAMESPACE floods (draft-19
 *   §13.7.1 "State maintenance").
 *
 * Publishers are compared by identity (`P` is the relay's session handle).
 *
 * @module
 */

import type { TrackNamespace } from "@moqt/wire";
import { copyNamespace, namespaceKey, namespaceProblem } from "./names.js";
import { NamespaceTrie } from "./trie.js";

/** Limits on published namespaces. */
export interface NamespaceRegistryLimits {
	/** Namespaces one publisher may have published at once. */
	readonly perPublisher: number;
	/** (namespace, publisher) registrations in the whole relay. */
	readonly total: number;
}

/** The default limits: generous, but finite. */
export const DEFAULT_NAMESPACE_REGISTRY_LIMITS: NamespaceRegistryLimits = { perPublisher: 1024, total: 100_000 };

/** Why a registration was refused. */
export type RegistrationError = "duplicate" | "invalid-namespace" | "per-publisher-limit" | "total-limit";

/** The outcome of a registration. */
export type RegistrationResult =
	| {
			readonly ok: true;
			/** True when the namespace had no publisher before: announce it to namespace subscribers. */
			readonly first: boolean;
	  }
	| { readonly ok: false; readonly error: RegistrationError; readonly message: string };

/** The outcome of a withdrawal. */
export interface WithdrawalResult {
	/** False when the publisher had not published the namespace. */
	readonly withdrawn: boolean;
	/** True when no publisher is left: send NAMESPACE_DONE to namespace subscribers. */
	readonly last: boolean;
}

/** A namespace and its publishers, as lookups return them. */
export interface NamespacePublishers<P> {
	readonly namespace: TrackNamespace;
	readonly publishers: ReadonlySet<P>;
}

/** The registry of published namespaces. */
export class NamespaceRegistry<P> {
	readonly #trie = new NamespaceTrie<Set<P>>();
	readonly #byPublisher = new Map<P, Map<string, TrackNamespace>>();
	readonly #limits: NamespaceRegistryLimits;
	#registrations = 0;

	constructor(limits: Partial<NamespaceRegistryLimits> = {}) {
		this.#limits = { ...DEFAULT_NAMESPACE_REGISTRY_LIMITS, ...limits };
	}

	/** Distinct namespaces with at least one publisher. */
	get size(): number {
		return this.#trie.size;
	}

	/** (namespace, publisher) registrations. */
	get registrations(): number {
		return this.#registrations;
	}

	/** Publishers with at least one namespace. */
	get publisherCount(): number {
		return this.#byPublisher.size;
	}

	/** Trie nodes, the root included: 1 once everything is withdrawn. */
	get nodeCount(): number {
		return this.#trie.nodeCount;
	}

	/** How many namespaces `publisher` has published. */
	countFor(publisher: P): number {
		return this.#byPublisher.get(publisher)?.size ?? 0;
	}

	/** Records that `publisher` publishes `namespace`. The namespace is copied. */
	register(namespace: TrackNamespace, publisher: P): RegistrationResult {
		const problem = namespaceProblem(namespace);
		if (problem !== undefined) return { ok: false, error: "invalid-namespace", message: problem };
		const key = namespaceKey(namespace);
		const mine = this.#byPublisher.get(publisher);
		if (mine?.has(key)) return { ok: false, error: "duplicate", message: "the namespace is already published" };
		if ((mine?.size ?? 0) >= this.#limits.perPublisher) {
			return {
				ok: false,
				error: "per-publisher-limit",
				message: `a publisher may publish at most ${this.#limits.perPublisher} namespaces`,
			};
		}
		if (this.#registrations >= this.#limits.total) {
			return { ok: false, error: "total-limit", message: `the relay holds at most ${this.#limits.total} namespaces` };
		}
		const copy = copyNamespace(namespace);
		let publishers = this.#trie.get(copy);
		const first = publishers === undefined;
		if (publishers === undefined) {
			publishers = new Set();
			this.#trie.set(copy, publishers);
		}
		publishers.add(publisher);
		if (mine === undefined) this.#byPublisher.set(publisher, new Map([[key, copy]]));
		else mine.set(key, copy);
		this.#registrations++;
		return { ok: true, first };
	}

	/** Removes `publisher`'s registration of `namespace`. */
	withdraw(namespace: TrackNamespace, publisher: P): WithdrawalResult {
		const mine = this.#byPublisher.get(publisher);
		const key = namespaceKey(namespace);
		if (mine === undefined || !mine.delete(key)) return { withdrawn: false, last: false };
		if (mine.size === 0) this.#byPublisher.delete(publisher);
		return { withdrawn: true, last: this.#unlink(namespace, publisher) };
	}

	/**
	 * Removes every registration of `publisher` (its session ended). Returns the namespaces that
	 * lost their last publisher, for NAMESPACE_DONE.
	 */
	withdrawAll(publisher: P): TrackNamespace[] {
		const mine = this.#byPublisher.get(publisher);
		if (mine === undefined) return [];
		this.#byPublisher.delete(publisher);
		const gone: TrackNamespace[] = [];
		for (const namespace of mine.values()) {
			if (this.#unlink(namespace, publisher)) gone.push(namespace);
		}
		return gone;
	}

	/** The publishers of exactly `namespace`. */
	publishersOf(namespace: TrackNamespace): ReadonlySet<P> {
		return this.#trie.get(namespace) ?? new Set();
	}

	/**
	 * Every published namespace that prefixes `namespace` (itself included) with its publishers,
	 * longest first: where a SUBSCRIBE, FETCH or TRACK_STATUS for a track in `namespace` goes.
	 */
	matching(namespace: TrackNamespace): NamespacePublishers<P>[] {
		return this.#trie.prefixesOf(namespace).map((e) => ({ namespace: e.namespace, publishers: e.value }));
	}

	/** The longest published prefix of `namespace` and its publishers, if any. */
	longestMatch(namespace: TrackNamespace): NamespacePublishers<P> | undefined {
		return this.matching(namespace)[0];
	}

	/** The published namespaces under `prefix` (itself included): what SUBSCRIBE_NAMESPACE matches. */
	namespacesUnder(prefix: TrackNamespace): TrackNamespace[] {
		return Array.from(this.#trie.under(prefix), (e) => e.namespace);
	}

	// Removes the publisher from the namespace's set; true when the set emptied.
	#unlink(namespace: TrackNamespace, publisher: P): boolean {
		const publishers = this.#trie.get(namespace);
		if (publishers === undefined || !publishers.delete(publisher)) return false;
		this.#registrations--;
		if (publishers.size > 0) return false;
		this.#trie.delete(namespace);
		return true;
	}
}
