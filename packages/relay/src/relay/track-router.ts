/**
 * Where SUBSCRIBE and PUBLISH meet (draft-ietf-moq-transport-19 §9.4 "Subscriber Interactions",
 * §9.5 "Publisher Interactions", §10.7 SUBSCRIBE, §10.10 PUBLISH; -14 §8.3, §8.4):
 *
 * - A SUBSCRIBE is "matched exactly against existing upstream subscriptions": a live track gets
 *   SUBSCRIBE_OK at once with its Largest Location; a track being subscribed upstream makes the
 *   SUBSCRIBE wait ("The relay MUST have an Established upstream subscription before sending
 *   SUBSCRIBE_OK"). Otherwise the relay sends a SUBSCRIBE "to each publisher that has published
 *   the subscription's namespace or prefix thereof", or, with none, to its upstream relays, or
 *   holds the SUBSCRIBE for a publisher to appear (rendezvous.ts), or answers DOES_NOT_EXIST.
 * - Upstream SUBSCRIBEs use Forward=1 and the Largest Object filter ("relays that aggregate
 *   upstream subscriptions can subscribe using the Largest Object Location filter to avoid churn").
 * - A PUBLISH is accepted with Forward=1 (the cache warms; "The relay MAY respond with PUBLISH_OK
 *   in Forward State=0 until there are known subscribers", which it does not), registered, and
 *   releases held SUBSCRIBEs for its track.
 * - A new PUBLISH_NAMESPACE gets a SUBSCRIBE "for each matching subscription" the relay holds
 *   ({@link TrackRouter.publisherAdded}).
 *
 * @module
 */

import type { IncomingPublish, IncomingSubscribe, Subscription } from "@moqt/session";
import { FilterType } from "@moqt/wire";
import { AuthRequest } from "../auth/error-codes.js";
import { type FullTrackName, isPrefixOf, trackKey } from "../namespaces/names.js";
import type { NamespaceRegistry } from "../namespaces/namespace-registry.js";
import type { TrackRegistry } from "../namespaces/track-registry.js";
import { queueOptions, refuse, refuseWith } from "./answers.js";
import type { RelayContext, RelayPeer } from "./peer.js";
import { RelayTrack } from "./relay-track.js";
import { Rendezvous } from "./rendezvous.js";
import type { TrackPush } from "./track-push.js";

/** Routes subscriptions to tracks and tracks to publishers. */
export class TrackRouter {
	readonly #ctx: RelayContext;
	readonly #namespaces: NamespaceRegistry<RelayPeer>;
	readonly #pushed: TrackRegistry<RelayPeer>;
	readonly #tracks = new Map<string, RelayTrack>();
	readonly rendezvous: Rendezvous;
	/** Where pushed tracks are offered to the sessions that asked for them. */
	push: TrackPush | undefined;

	constructor(ctx: RelayContext, namespaces: NamespaceRegistry<RelayPeer>, pushed: TrackRegistry<RelayPeer>) {
		this.#ctx = ctx;
		this.#namespaces = namespaces;
		this.#pushed = pushed;
		this.rendezvous = new Rendezvous({ maxMs: ctx.limits.maxRendezvousMs, maxHeld: ctx.limits.maxRendezvousHeld });
	}

	/** Tracks the relay holds (live, being subscribed, or draining). */
	get tracks(): ReadonlyMap<string, RelayTrack> {
		return this.#tracks;
	}

	/** The track of `name`, if the relay holds one that has not ended. */
	track(name: FullTrackName): RelayTrack | undefined {
		const track = this.#tracks.get(trackKey(name));
		return track === undefined || track.ended ? undefined : track;
	}

	/**
	 * Who can serve `name`: publishers of its namespace or a prefix of it, else the upstream links
	 * other than `from` (a request is never sent back up the link it came down).
	 */
	publishersFor(name: FullTrackName, from: RelayPeer): RelayPeer[] {
		const found = new Set<RelayPeer>();
		for (const match of this.#namespaces.matching(name.namespace)) {
			for (const peer of match.publishers) if (peer.open) found.add(peer);
		}
		if (found.size > 0) return [...found];
		return this.#ctx.links().filter((link) => link !== from && link.open);
	}

	/** Answers a peer's SUBSCRIBE. */
	async subscribe(request: IncomingSubscribe, peer: RelayPeer): Promise<void> {
		const m = request.message;
		const name: FullTrackName = { namespace: m.trackNamespace, name: m.trackName };
		const decision = await peer.authorize(AuthRequest.SUBSCRIBE, m.trackNamespace, request.authorizationTokens);
		if (!decision.allowed) {
			this.#ctx.metrics?.error("request", decision.error);
			if (request.state === "pending") request.reject(decision.code, decision.reason);
			return;
		}
		if (this.#ctx.draining) {
			refuse(request, peer.draft, "SUBSCRIBE", "GOING_AWAY", "the relay is going away");
			return;
		}
		let track = this.#trackFor(name, request, peer);
		if (track === undefined) {
			const outcome = await this.#hold(name, request, peer);
			if (outcome !== "ready") {
				if (outcome === "timeout") refuse(request, peer.draft, "SUBSCRIBE", "TIMEOUT", "no publisher appeared");
				else if (outcome !== "cancelled") refuse(request, peer.draft, "SUBSCRIBE", "DOES_NOT_EXIST", "no publisher");
				return;
			}
			track = this.#trackFor(name, request, peer);
			if (track === undefined) {
				refuse(request, peer.draft, "SUBSCRIBE", "DOES_NOT_EXIST", "the publisher went away");
				return;
			}
		}
		const outcome = await track.whenLive(request.cancelled);
		if (outcome === "cancelled") return;
		if (outcome !== undefined) {
			refuseWith(request, peer.draft, "SUBSCRIBE", outcome);
			return;
		}
		this.#accept(request, peer, track);
	}

	/** Answers a publisher's PUBLISH: accepted with Forward=1, its track fed by it. */
	async publish(request: IncomingPublish, peer: RelayPeer): Promise<void> {
		const m = request.message;
		const name: FullTrackName = { namespace: m.trackNamespace, name: m.trackName };
		const decision = await peer.authorize(AuthRequest.PUBLISH, m.trackNamespace, request.authorizationTokens);
		if (!decision.allowed) {
			this.#ctx.metrics?.error("request", decision.error);
			if (request.state === "pending") request.reject(decision.code, decision.reason);
			return;
		}
		if (this.#ctx.draining) {
			refuse(request, peer.draft, "PUBLISH", "GOING_AWAY", "the relay is going away");
			return;
		}
		const registered = this.#pushed.register(name, peer);
		if (!registered.ok) {
			refuse(
				request,
				peer.draft,
				"PUBLISH",
				registered.error === "duplicate" ? "INTERNAL_ERROR" : "EXCESSIVE_LOAD",
				registered.message,
			);
			return;
		}
		let subscription: Subscription;
		try {
			subscription = request.accept({ parameters: { forward: true } });
		} catch {
			this.#pushed.withdraw(name, peer);
			return;
		}
		this.#ctx.metrics?.requestStarted("publish");
		const track = this.#liveTrack(name);
		track.addSource(subscription, "publish", peer.draft, peer);
		void subscription.done.then(() => {
			this.#pushed.withdraw(name, peer);
			this.#ctx.metrics?.requestEnded("publish");
		});
		// Held SUBSCRIBEs for the track proceed; their sessions are not also offered the PUBLISH.
		const held = this.rendezvous.wake((name) => trackKey(name) === track.key);
		this.push?.trackPublished(track, peer, held);
	}

	/**
	 * A peer published `namespace`: tracks under it that have subscribers subscribe to it too
	 * ("MUST send a SUBSCRIBE to the publisher ... for each matching subscription"), and held
	 * SUBSCRIBEs under it are released.
	 */
	publisherAdded(namespace: readonly Uint8Array[], peer: RelayPeer): void {
		for (const track of this.#tracks.values()) {
			if (track.ended || track.counts.downstreams === 0 || track.hasSourceFrom(peer)) continue;
			if (!isPrefixOf(namespace, track.name.namespace)) continue;
			this.#subscribeUpstream(track, peer, undefined);
		}
		this.rendezvous.wake((held) => isPrefixOf(namespace, held.namespace));
	}

	/** The relay closes: held SUBSCRIBEs end, and every track ends with `reason`. */
	close(status: "GOING_AWAY" | "TRACK_ENDED", reason: string): void {
		this.rendezvous.close();
		for (const track of [...this.#tracks.values()]) track.end(status, reason);
	}

	// The track a SUBSCRIBE joins: the one the relay holds, or a new one subscribed upstream now;
	// undefined when nobody can publish it.
	#trackFor(name: FullTrackName, request: IncomingSubscribe, peer: RelayPeer): RelayTrack | undefined {
		const existing = this.track(name);
		if (existing !== undefined) return existing;
		const publishers = this.publishersFor(name, peer);
		if (publishers.length === 0) return undefined;
		const track = this.#liveTrack(name);
		for (const publisher of publishers) this.#subscribeUpstream(track, publisher, request);
		return track;
	}

	// The relay's track of `name`, made if it has none (or only an ended one).
	#liveTrack(name: FullTrackName): RelayTrack {
		const existing = this.track(name);
		if (existing !== undefined) return existing;
		const key = trackKey(name);
		const track = new RelayTrack({ namespace: name.namespace.map((f) => f.slice()), name: name.name.slice() }, key, {
			cache: this.#ctx.cache,
			metrics: this.#ctx.metrics,
			log: this.#ctx.log,
			now: this.#ctx.now,
			finishTimeoutMs: this.#ctx.limits.finishTimeoutMs,
			idle: (t) => {
				if (this.#tracks.get(t.key) === t) this.#tracks.delete(t.key);
			},
		});
		this.#tracks.set(key, track);
		return track;
	}

	#subscribeUpstream(track: RelayTrack, publisher: RelayPeer, request: IncomingSubscribe | undefined): void {
		const m = request?.message;
		const wait = m?.rendezvousTimeout;
		track.subscribeUpstream(publisher, publisher.draft, () =>
			publisher.session.subscribe(track.name.namespace, track.name.name, {
				forward: true,
				subscriptionFilter: { type: FilterType.LARGEST_OBJECT },
				...(m?.subscriberPriority !== undefined && { subscriberPriority: m.subscriberPriority }),
				...(m?.newGroupRequest !== undefined && { newGroupRequest: m.newGroupRequest }),
				// An upstream relay may hold the SUBSCRIBE too (drafts with RENDEZVOUS_TIMEOUT).
				...(publisher.link && wait !== undefined && publisher.draft >= 18 && { rendezvousTimeout: wait }),
				timeout: this.#ctx.limits.upstreamTimeoutMs + (wait === undefined ? 0 : Number(wait)),
				waitResponse: false,
			}),
		);
	}

	#hold(name: FullTrackName, request: IncomingSubscribe, peer: RelayPeer) {
		const asked = peer.draft >= 18 ? request.message.rendezvousTimeout : undefined;
		const ms = asked === undefined ? this.#ctx.limits.defaultRendezvousMs : Number(asked);
		if (ms <= 0) return Promise.resolve("none" as const);
		return this.rendezvous.hold(name, peer, ms, request.cancelled);
	}

	#accept(request: IncomingSubscribe, peer: RelayPeer, track: RelayTrack): void {
		if (request.state !== "pending" || !peer.open) return;
		if (track.ended) {
			// Its last publisher left between going live and this answer.
			refuse(request, peer.draft, "SUBSCRIBE", "DOES_NOT_EXIST", "the track ended");
			return;
		}
		const largest = track.largest;
		const trackProperties = track.trackProperties(peer.draft);
		let publisher: ReturnType<IncomingSubscribe["accept"]>;
		try {
			publisher = request.accept({
				...(largest !== undefined && { parameters: { largestObject: largest } }),
				...(trackProperties !== undefined && { trackProperties }),
			});
		} catch {
			// The subscriber cancelled as the track went live.
			return;
		}
		const metrics = this.#ctx.metrics;
		metrics?.requestStarted("subscribe");
		void publisher.done.then(() => metrics?.requestEnded("subscribe"));
		const downstream = track.attach(publisher, peer, queueOptions(publisher.parameters));
		peer.follow(request.requestId, downstream);
	}
}
