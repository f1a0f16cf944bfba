/**
 * The tracks publishers have pushed to the relay with PUBLISH (draft-ietf-moq-transport-19 §10.10
 * PUBLISH, §9.3 "Multiple Publishers", §9.5 "Publisher Interactions"; -14 §8.4).
 *
 * - A track may have several publishers (a publisher switching relays or networks publishes on
 *   both sessions for a while, draft-19 §9.5.1); the relay subscribes to all of them.
 * - A new track is offered to SUBSCRIBE_TRACKS subscribers (-14: SUBSCRIBE_NAMESPACE subscribers)
 *   whose prefix matches its namespace; {@link TrackRegistry.tracksUnder} lists what a new
 *   SUBSCRIBE_TRACKS matches, and `first` / `last` say when a track appears or disappears.
 * - Limits per publisher and in total (draft-19 §13.7.1 "State maintenance").
 *
 * @module
 */

import type { TrackNamespace } from "@moqt/wire";
import {
	copyNamespace,
	type FullTrackName,
	fieldKey,
	MAX_FULL_TRACK_NAME_BYTES,
	namespaceBytes,
	namespaceProblem,
	trackKey,
} from "./names.js";
import { NamespaceTrie } from "./trie.js";

/** Limits on published tracks. */
export interface TrackRegistryLimits {
	/** Tracks one publisher may have published at once. */
	readonly perPublisher: number;
	/** (track, publisher) registrations in the whole relay. */
	readonly total: number;
}

/** The default limits. */
export const DEFAULT_TRACK_REGISTRY_LIMITS: TrackRegistryLimits = { perPublisher: 4096, total: 1_000_000 };

/** Why a track registration was refused. */
export type TrackRegistrationError = "duplicate" | "invalid-name" | "per-publisher-limit" | "total-limit";

/** The outcome of {@link TrackRegistry.register}. */
export type TrackRegistrationResult =
	| {
			readonly ok: true;
			/** True when the track had no publisher before: offer it to SUBSCRIBE_TRACKS subscribers. */
			readonly first: boolean;
	  }
	| { readonly ok: false; readonly error: TrackRegistrationError; readonly message: string };

/** A published track and its publishers. */
export interface TrackPublishers<P> {
	readonly track: FullTrackName;
	readonly publishers: ReadonlySet<P>;
}

interface TrackEntry<P> {
	readonly track: FullTrackName;
	readonly publishers: Set<P>;
}

/** The registry of PUBLISH'd tracks. */
export class TrackRegistry<P> {
	// Tracks hang off their namespace's trie node, keyed by the name's bytes.
	readonly #trie = new NamespaceTrie<Map<string, TrackEntry<P>>>();
	readonly #byPublisher = new Map<P, Map<string, FullTrackName>>();
	readonly #limits: TrackRegistryLimits;
	#tracks = 0;
	#registrations = 0;

	constructor(limits: Partial<TrackRegistryLimits> = {}) {
		this.#limits = { ...DEFAULT_TRACK_REGISTRY_LIMITS, ...limits };
	}

	/** Distinct tracks with at least one publisher. */
	get size(): number {
		return this.#tracks;
	}

	/** (track, publisher) registrations. */
	get registrations(): number {
		return this.#registrations;
	}

	/** Trie nodes, the root included: 1 once everything is withdrawn. */
	get nodeCount(): number {
		return this.#trie.nodeCount;
	}

	/** Records that `publisher` publishes `track`. The name is copied. */
	register(track: FullTrackName, publisher: P): TrackRegistrationResult {
		const problem = namespaceProblem(track.namespace);
		if (problem !== undefined) return { ok: false, error: "invalid-name", message: problem };
		if (namespaceBytes(track.namespace) + track.name.byteLength > MAX_FULL_TRACK_NAME_BYTES) {
			return {
				ok: false,
				error: "invalid-name",
				message: `a Full Track Name exceeds ${MAX_FULL_TRACK_NAME_BYTES} bytes`,
			};
		}
		const key = trackKey(track);
		const mine = this.#byPublisher.get(publisher);
		if (mine?.has(key)) return { ok: false, error: "duplicate", message: "the track is already published" };
		if ((mine?.size ?? 0) >= this.#limits.perPublisher) {
			return {
				ok: false,
				error: "per-publisher-limit",
				message: `a publisher may publish at most ${this.#limits.perPublisher} tracks`,
			};
		}
		if (this.#registrations >= this.#limits.total) {
			return { ok: false, error: "total-limit", message: `the relay holds at most ${this.#limits.total} tracks` };
		}
		const copy: FullTrackName = { namespace: copyNamespace(track.namespace), name: track.name.slice() };
		let names = this.#trie.get(copy.namespace);
		if (names === undefined) {
			names = new Map();
			this.#trie.set(copy.namespace, names);
		}
		const nameKey = fieldKey(copy.name);
		let entry = names.get(nameKey);
		const first = entry === undefined;
		if (entry === undefined) {
			entry = { track: copy, publishers: new Set() };
			names.set(nameKey, entry);
			this.#tracks++;
		}
		entry.publishers.add(publisher);
		if (mine === undefined) this.#byPublisher.set(publisher, new Map([[key, copy]]));
		else mine.set(key, copy);
		this.#registrations++;
		return { ok: true, first };
	}

	/** Removes `publisher`'s registration of `track`; `last` when no publisher is left. */
	withdraw(track: FullTrackName, publisher: P): { readonly withdrawn: boolean; readonly last: boolean } {
		const mine = this.#byPublisher.get(publisher);
		if (mine === undefined || !mine.delete(trackKey(track))) return { withdrawn: false, last: false };
		if (mine.size === 0) this.#byPublisher.delete(publisher);
		return { withdrawn: true, last: this.#unlink(track, publisher) };
	}

	/** Removes every track of `publisher`; returns those that lost their last publisher. */
	withdrawAll(publisher: P): FullTrackName[] {
		const mine = this.#byPublisher.get(publisher);
		if (mine === undefined) return [];
		this.#byPublisher.delete(publisher);
		const gone: FullTrackName[] = [];
		for (const track of mine.values()) {
			if (this.#unlink(track, publisher)) gone.push(track);
		}
		return gone;
	}

	/** The publishers of exactly `track`. */
	publishersOf(track: FullTrackName): ReadonlySet<P> {
		return this.#trie.get(track.namespace)?.get(fieldKey(track.name))?.publishers ?? new Set();
	}

	/** The published tracks whose namespace `prefix` prefixes: what a SUBSCRIBE_TRACKS matches. */
	tracksUnder(prefix: TrackNamespace): TrackPublishers<P>[] {
		const found: TrackPublishers<P>[] = [];
		for (const { value } of this.#trie.under(prefix)) {
			for (const entry of value.values()) found.push({ track: entry.track, publishers: entry.publishers });
		}
		return found;
	}

	#unlink(track: FullTrackName, publisher: P): boolean {
		const names = this.#trie.get(track.namespace);
		const nameKey = fieldKey(track.name);
		const entry = names?.get(nameKey);
		if (names === undefined || entry === undefined || !entry.publishers.delete(publisher)) return false;
		this.#registrations--;
		if (entry.publishers.size > 0) return false;
		names.delete(nameKey);
		this.#tracks--;
		if (names.size === 0) this.#trie.delete(track.namespace);
		return true;
	}
}
