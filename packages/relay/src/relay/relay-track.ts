/**
 * One relayed track: its upstream subscriptions (sources) and downstream subscriptions, joined by
 * one fan-out (draft-ietf-moq-transport-19 §9 "Relays": §9.1 "Caching Relays", §9.3 "Multiple
 * Publishers", §9.4 "Subscriber Interactions"; -14 §8).
 *
 * - **Aggregation.** However many subscribers a track has, the relay holds one upstream
 *   subscription per publisher of it; subscribers join and leave the fan-out without upstream
 *   traffic. The last subscriber leaving ends the upstream subscriptions the relay made (a
 *   pushed track stays, its publisher decides).
 * - **Fan-out.** Each object is cached, checked against the cache (a duplicate from a second
 *   publisher, or an object known not to exist, is not forwarded: "The Relay SHOULD attempt to
 *   deduplicate Objects"), and pushed by reference to every subscriber's session queue; nothing
 *   is awaited, so the publisher is never held back.
 * - **Largest Location.** The largest of what upstream reported and what arrived (-19 §10.2.6
 *   "LARGEST OBJECT": "A relay MUST set LARGEST_OBJECT to the largest of ...").
 * - **End.** When the last source ends, every subscriber gets PUBLISH_DONE after its queued
 *   objects: the upstream status translated to its draft, or TRACK_ENDED when the publisher
 *   vanished ("The track is no longer being published").
 *
 * @module
 */

import type { ReceivedObject, SubgroupStreamEnd, Subscription, TrackPublisher } from "@moqt/session";
import { type Draft, type KeyValuePair, type Location, propertiesForDraft } from "@moqt/wire";
import { compareLocations, MAX_OBJECT_ID } from "../cache/location.js";
import type { ObjectCache } from "../cache/object-cache.js";
import type { Logger } from "../log.js";
import type { RelayMetrics } from "../metrics/relay-metrics.js";
import type { FullTrackName } from "../namespaces/names.js";
import type { QueueSubscriptionOptions } from "../subscriber-queue.js";
import { publishDoneCode, translatePublishDone } from "./codes.js";
import { Downstream, type DownstreamOwner } from "./downstream.js";
import { type RelayObject, relayObject, subgroupMarker } from "./relay-object.js";
import type { SessionSender } from "./session-sender.js";
import { type SourceKind, type SourceSink, type SubgroupState, TrackSource } from "./track-source.js";

/** What a track needs from the relay. */
export interface TrackContext {
	/** The object cache; undefined when caching is off. */
	readonly cache: ObjectCache | undefined;
	readonly metrics: RelayMetrics | undefined;
	readonly log: Logger;
	readonly now: () => number;
	/** How long an ending subscriber may take to receive what is queued for it (ms). */
	readonly finishTimeoutMs: number;
	/** The track has no source and no subscriber left: forget it. */
	idle(track: RelayTrack): void;
}

/** A downstream session as a track sees it. */
export interface DownstreamSession {
	readonly draft: Draft;
	readonly sender: SessionSender;
}

/** The draft the cache keeps object properties in: translating later costs nothing for -18/-19 peers. */
const CACHE_DRAFT: Draft = 19;
/** MAX_CACHE_DURATION (Track Property 0x04, -16+; a SUBSCRIBE_OK parameter in -14). */
const MAX_CACHE_DURATION = 0x04n;

type SourceEnd = { readonly statusCode: number } | Error | undefined;

/** One relayed track. */
export class RelayTrack implements SourceSink, DownstreamOwner {
	readonly name: FullTrackName;
	/** `trackKey(name)`. */
	readonly key: string;
	readonly #ctx: TrackContext;
	readonly #sources = new Set<TrackSource>();
	/** Sources whose subscription is established (SUBSCRIBE_OK, or an accepted PUBLISH). */
	readonly #live = new Set<TrackSource>();
	readonly #downstreams = new Map<Downstream, DownstreamSession>();
	readonly #waiters: ((error: Error | undefined) => void)[] = [];
	// The largest Location as two fields, so raising it per object allocates nothing; -1: none.
	#largestGroup = -1n;
	#largestObject = -1n;
	/** The first established source's Track Properties (decoded, so any draft can carry them). */
	#properties: readonly KeyValuePair[] | undefined;
	#seq = 0;
	/** Upstream SUBSCRIBEs being sent, not yet sources. */
	#launching = 0;
	#lastError: Error | undefined;
	#ended = false;

	constructor(name: FullTrackName, key: string, ctx: TrackContext) {
		this.name = name;
		this.key = key;
		this.#ctx = ctx;
	}

	/** True once a source is established: subscribers can be accepted at once. */
	get live(): boolean {
		return this.#live.size > 0;
	}

	/** True once the track ended (all sources gone); a new track takes its place for new subscribers. */
	get ended(): boolean {
		return this.#ended;
	}

	/** The largest Location reported upstream or received (or cached). */
	get largest(): Location | undefined {
		const own = this.#largestGroup < 0n ? undefined : { group: this.#largestGroup, object: this.#largestObject };
		const cached = this.#ctx.cache?.largest(this.key);
		if (cached === undefined) return own;
		if (own === undefined) return cached;
		return compareLocations(cached, own) > 0 ? cached : own;
	}

	/** The Track Properties upstream announced, for a session of `draft` (none for draft-14). */
	trackProperties(draft: Draft): readonly KeyValuePair[] | undefined {
		if (draft === 14 || this.#properties === undefined || this.#properties.length === 0) return undefined;
		return this.#properties;
	}

	/** Counts, for stats and leak checks. */
	get counts(): { readonly sources: number; readonly downstreams: number; readonly subgroups: number } {
		let subgroups = 0;
		for (const source of this.#sources) subgroups += source.openSubgroups;
		return { sources: this.#sources.size, downstreams: this.#downstreams.size, subgroups };
	}

	/** Whether `peer` already feeds the track. */
	hasSourceFrom(peer: object): boolean {
		for (const source of this.#sources) if (source.peer === peer) return true;
		return false;
	}

	/**
	 * Adds an upstream subscription (sent or accepted already) and starts reading it. A SUBSCRIBE
	 * counts once its SUBSCRIBE_OK arrives; a PUBLISH the relay accepted counts at once.
	 */
	addSource(subscription: Subscription, kind: SourceKind, draft: Draft, peer: object): TrackSource {
		const source = new TrackSource(subscription, kind, draft, peer, this);
		this.#sources.add(source);
		void source.run();
		subscription.response.then(
			(accepted) => {
				if (!this.#sources.has(source)) return;
				this.#live.add(source);
				const largest = subscription.largest;
				if (largest !== undefined) this.#raise(largest.group, largest.object);
				this.#properties ??= accepted.trackProperties;
				this.#cacheDuration(accepted.parameters.maxCacheDuration, accepted.trackProperties);
				this.#settleWaiters(undefined);
			},
			(error: unknown) => {
				this.#lastError = error instanceof Error ? error : new Error(String(error));
			},
		);
		return source;
	}

	/**
	 * Subscribes upstream: `launch` sends the SUBSCRIBE (without waiting for its answer) and the
	 * subscription becomes a source. A launch that fails counts as a source that failed.
	 */
	subscribeUpstream(peer: object, draft: Draft, launch: () => Promise<Subscription>): void {
		this.#launching++;
		launch().then(
			(subscription) => {
				this.#launching--;
				if (this.#ended) subscription.unsubscribe();
				else this.addSource(subscription, "subscribe", draft, peer);
			},
			(error: unknown) => {
				this.#launching--;
				this.#lastError = error instanceof Error ? error : new Error(String(error));
				if (this.#sources.size === 0 && this.#launching === 0) this.sourceEnded(undefined, this.#lastError);
			},
		);
	}

	/**
	 * Resolves once the track is live (undefined), with the error of its last upstream
	 * subscription when none succeeded, or with "cancelled" when `cancelled` resolves first.
	 */
	whenLive(cancelled: Promise<unknown>): Promise<Error | undefined | "cancelled"> {
		if (this.live) return Promise.resolve(undefined);
		if ((this.#sources.size === 0 && this.#launching === 0) || this.#ended) {
			return Promise.resolve(this.#lastError ?? new Error("the track has no publisher"));
		}
		return new Promise((resolve) => {
			const waiter = (error: Error | undefined) => resolve(error);
			this.#waiters.push(waiter);
			void cancelled.then(() => {
				const i = this.#waiters.indexOf(waiter);
				if (i < 0) return;
				this.#waiters.splice(i, 1);
				resolve("cancelled");
				if (this.#downstreams.size === 0 && this.#waiters.length === 0 && !this.live) {
					for (const source of this.#sources) source.cancel();
					this.#checkIdle();
				}
			});
		});
	}

	/** Adds a subscriber whose request was accepted with `publisher`. */
	attach(publisher: TrackPublisher, session: DownstreamSession, options: QueueSubscriptionOptions): Downstream {
		const downstream = new Downstream(publisher, session.draft, this.#seq, this, this.#ctx.finishTimeoutMs);
		this.#downstreams.set(downstream, session);
		session.sender.add(downstream, options);
		return downstream;
	}

	/** Ends every upstream subscription the relay made and every subscriber's (with `code` by name). */
	end(status: "TRACK_ENDED" | "MALFORMED_TRACK" | "GOING_AWAY", reason: string): void {
		this.#ended = true;
		for (const source of this.#sources) source.cancel();
		for (const downstream of this.#downstreams.keys())
			downstream.finish(publishDoneCode(downstream.draft, status), reason);
		this.#settleWaiters(new Error(reason));
		this.#checkIdle();
	}

	// SourceSink

	/** @internal */
	object(source: TrackSource, o: ReceivedObject, state: SubgroupState | undefined): void {
		const ctx = this.#ctx;
		ctx.metrics?.objects("in", 1, o.payload.byteLength);
		const seq = this.#seq++;
		if (state !== undefined && state.start < 0) state.start = seq;
		const ro = relayObject(o, source.draft, ctx.now(), state?.start ?? seq, undefined);
		if (!this.#admit(ro)) return;
		this.#raise(o.groupId, o.objectId);
		for (const [downstream, session] of this.#downstreams) {
			if (downstream.wants) session.sender.push(downstream, ro);
		}
	}

	/** @internal */
	streamEnded(source: TrackSource, state: SubgroupState, end: SubgroupStreamEnd): void {
		if (state.start < 0) return;
		if (end.kind === "fin" && end.endOfGroup) {
			// The header's End of Group bit and a FIN: nothing after the last object of this group exists.
			const next = { group: state.groupId, object: state.lastObjectId + 1n };
			this.#ctx.cache?.recordNonExistent(this.key, next, { group: state.groupId, object: MAX_OBJECT_ID });
		}
		const marker = subgroupMarker(
			end.kind === "fin" ? "fin" : "reset",
			state,
			source.draft,
			this.#ctx.now(),
			end.kind === "fin" && end.endOfGroup,
			end.code ?? 0,
		);
		for (const [downstream, session] of this.#downstreams) {
			if (!downstream.over) session.sender.push(downstream, marker);
		}
	}

	/** @internal */
	sourceEnded(source: TrackSource | undefined, end: SourceEnd): void {
		if (source !== undefined) {
			this.#sources.delete(source);
			this.#live.delete(source);
		}
		if (end instanceof Error) this.#lastError = end;
		if (this.#sources.size > 0 || this.#launching > 0) return;
		this.#ended = true;
		this.#settleWaiters(this.#lastError ?? new Error("the publisher ended the track"));
		for (const downstream of this.#downstreams.keys()) {
			const code =
				end === undefined || end instanceof Error
					? publishDoneCode(downstream.draft, "TRACK_ENDED")
					: translatePublishDone(source!.draft, downstream.draft, end.statusCode);
			const vanished = end instanceof Error;
			downstream.finish(code, vanished ? "the publisher went away" : "", vanished);
		}
		this.#checkIdle();
	}

	// DownstreamOwner

	/** @internal */
	downstreamEnded(downstream: Downstream): void {
		const session = this.#downstreams.get(downstream);
		if (session === undefined) return;
		this.#downstreams.delete(downstream);
		session.sender.remove(downstream);
		if (this.#downstreams.size > 0 || this.#waiters.length > 0) return;
		// Nobody is left to forward to: end what the relay subscribed to; pushed tracks stay.
		for (const source of this.#sources) if (source.kind === "subscribe") source.cancel();
		this.#checkIdle();
	}

	/** @internal */
	discard(downstream: Downstream): void {
		this.#downstreams.get(downstream)?.sender.remove(downstream);
	}

	#checkIdle(): void {
		if (this.#downstreams.size > 0 || this.#waiters.length > 0) return;
		const pushed = [...this.#sources].some((s) => s.kind === "publish");
		if (this.#sources.size === 0 || !pushed) {
			// Forgotten by the relay from here on: late launches are cancelled, new subscribers get a new track.
			this.#ended = true;
			this.#ctx.idle(this);
		}
	}

	#settleWaiters(error: Error | undefined): void {
		for (const resolve of this.#waiters.splice(0)) resolve(error);
	}

	// Caches the object; false when it must not be forwarded (a duplicate, or known not to exist).
	#admit(ro: RelayObject): boolean {
		const cache = this.#ctx.cache;
		if (cache === undefined || cache.maxBytes === 0) return true;
		// The object itself goes in unless its properties need re-encoding for the cache's draft.
		const properties =
			ro.properties.length === 0 ? ro.properties : propertiesForDraft(ro.properties, ro.draft, CACHE_DRAFT)!;
		const result = cache.put(this.key, properties === ro.properties ? ro : { ...ro, properties }, {
			receivedAt: ro.receivedAt,
			owned: true,
		});
		switch (result.kind) {
			case "duplicate":
			case "known-missing":
				return false;
			case "malformed":
				this.#ctx.log.warn("malformed track", { track: this.key, reason: result.reason });
				this.#ctx.metrics?.error("stream", "MALFORMED_TRACK");
				this.end("MALFORMED_TRACK", result.reason);
				return false;
			default:
				return true;
		}
	}

	#raise(group: bigint, object: bigint): void {
		if (group > this.#largestGroup || (group === this.#largestGroup && object > this.#largestObject)) {
			this.#largestGroup = group;
			this.#largestObject = object;
		}
	}

	#cacheDuration(parameter: bigint | undefined, properties: readonly KeyValuePair[]): void {
		const value = parameter ?? properties.find((p) => p.type === MAX_CACHE_DURATION)?.value;
		if (typeof value === "bigint") this.#ctx.cache?.setMaxCacheDuration(this.key, Number(value));
	}
}
