/**
 * One upstream subscription of a relayed track: the relay's SUBSCRIBE to a publisher, or a
 * publisher's PUBLISH the relay accepted (draft-ietf-moq-transport-19 §9.3 "Multiple
 * Publishers", §9.5 "Publisher Interactions"; -14 §8.2, §8.4). It reads the subscription's
 * objects as fast as they come (the relay never holds a publisher back: slow subscribers lose
 * objects in their own queues instead) and hands them to its track.
 *
 * Subgroup stream ends (FIN or reset) are reported by the session as soon as the stream ends,
 * while the objects it carried may still be waiting in the subscription's queue. The source
 * counts the objects it has taken per subgroup and passes an end on only once every object of
 * that stream has been passed on, so markers never overtake objects.
 *
 * @module
 */

import type { ReceivedObject, SubgroupStreamEnd, Subscription } from "@moqt/session";
import type { Draft } from "@moqt/wire";

/** What a source reports to its track. */
export interface SourceSink {
	/** An object arrived; `start` is the sequence number of its subgroup's first object (see {@link SubgroupState}). */
	object(source: TrackSource, o: ReceivedObject, state: SubgroupState | undefined): void;
	/** A subgroup stream's end, after all its objects. */
	streamEnded(source: TrackSource, state: SubgroupState, end: SubgroupStreamEnd): void;
	/** The subscription is over: PUBLISH_DONE (its status), or an Error, or undefined when the relay ended it. */
	sourceEnded(source: TrackSource, end: { readonly statusCode: number } | Error | undefined): void;
}

/** What a source remembers of one subgroup while its streams are open. */
export interface SubgroupState {
	readonly groupId: bigint;
	readonly subgroupId: bigint;
	/** The track sequence number of the subgroup's first object, set by the track. */
	start: number;
	/** Objects of the subgroup taken from the subscription. */
	taken: number;
	/** Objects the ended streams of the subgroup delivered, in total. */
	ended: number;
	lastObjectId: bigint;
	publisherPriority: number;
	/** Stream ends waiting for their objects: the `taken` count each needs. */
	readonly pending: { readonly target: number; readonly end: SubgroupStreamEnd }[];
}

/** Why a source exists: the relay subscribed, or the publisher pushed the track. */
export type SourceKind = "subscribe" | "publish";

/** One upstream subscription of a track. */
export class TrackSource {
	readonly subscription: Subscription;
	readonly kind: SourceKind;
	/** The draft of the upstream session. */
	readonly draft: Draft;
	/** Who owns the upstream session (the relay's handle for it). */
	readonly peer: object;
	readonly #sink: SourceSink;
	readonly #subgroups = new Map<bigint, Map<bigint, SubgroupState>>();

	constructor(subscription: Subscription, kind: SourceKind, draft: Draft, peer: object, sink: SourceSink) {
		this.subscription = subscription;
		this.kind = kind;
		this.draft = draft;
		this.peer = peer;
		this.#sink = sink;
		subscription.onStreamEnd = (end) => this.#streamEnded(end);
	}

	/** Subgroups with state (streams open, or ends waiting): 0 once the source is idle. */
	get openSubgroups(): number {
		let n = 0;
		for (const group of this.#subgroups.values()) n += group.size;
		return n;
	}

	/** Reads the subscription until it ends, then reports how. */
	async run(): Promise<void> {
		try {
			for await (const o of this.subscription) this.#object(o);
		} catch {
			// The iteration fails only with the subscription, whose `done` says how.
		}
		this.#subgroups.clear();
		this.#sink.sourceEnded(this, await this.subscription.done);
	}

	/** Ends the upstream subscription from the relay's side. */
	cancel(): void {
		this.subscription.unsubscribe();
	}

	#object(o: ReceivedObject): void {
		if (o.forwarding === "datagram" || o.subgroupId === undefined) {
			this.#sink.object(this, o, undefined);
			return;
		}
		const state = this.#state(o.groupId, o.subgroupId, true)!;
		state.taken++;
		state.lastObjectId = o.objectId;
		state.publisherPriority = o.publisherPriority ?? state.publisherPriority;
		this.#sink.object(this, o, state);
		while (state.pending.length > 0 && state.pending[0]!.target <= state.taken) this.#emit(state);
	}

	#streamEnded(end: SubgroupStreamEnd): void {
		// A stream that carried nothing, or one the relay stopped reading itself, needs no marker.
		if (end.subgroupId === undefined || end.kind === "stopped") return;
		const state = this.#state(end.groupId, end.subgroupId, end.objects > 0);
		if (state === undefined) return;
		const target = state.ended + end.objects;
		state.ended = target;
		state.pending.push({ target, end });
		while (state.pending.length > 0 && state.pending[0]!.target <= state.taken) this.#emit(state);
	}

	#emit(state: SubgroupState): void {
		const { end } = state.pending.shift()!;
		this.#sink.streamEnded(this, state, end);
		if (state.pending.length === 0 && state.taken === state.ended) {
			const group = this.#subgroups.get(state.groupId);
			group?.delete(state.subgroupId);
			if (group?.size === 0) this.#subgroups.delete(state.groupId);
		}
	}

	#state(groupId: bigint, subgroupId: bigint, create: boolean): SubgroupState | undefined {
		let group = this.#subgroups.get(groupId);
		let state = group?.get(subgroupId);
		if (state !== undefined || !create) return state;
		state = {
			groupId,
			subgroupId,
			start: -1,
			taken: 0,
			ended: 0,
			lastObjectId: 0n,
			publisherPriority: 128,
			pending: [],
		};
		if (group === undefined) {
			group = new Map();
			this.#subgroups.set(groupId, group);
		}
		group.set(subgroupId, state);
		return state;
	}
}
