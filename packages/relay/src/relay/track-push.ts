/**
 * Pushing tracks to subscribers that asked for them (draft-ietf-moq-transport-19 §6.1
 * "Subscribing to Namespaces": "SUBSCRIBE_TRACKS requests track subscriptions: the publisher sends
 * PUBLISH messages for tracks within matching namespaces, excluding tracks published by the
 * subscriber"; §9.5: "When a relay receives an incoming PUBLISH message, it MUST send a PUBLISH
 * request to each subscriber that has sent SUBSCRIBE_TRACKS for the Track's namespace or a prefix
 * thereof. However, if the relay is holding a downstream SUBSCRIBE awaiting a publisher for this
 * Track ..., it MUST proceed with the SUBSCRIBE and MUST NOT also forward the PUBLISH to that
 * subscriber"; -14 §6.1 and -16: SUBSCRIBE_NAMESPACE asks for PUBLISH messages too).
 *
 * Every track pushed to the relay with PUBLISH is offered this way: the relay sends its own
 * PUBLISH on the subscriber's session and joins the resulting subscription to the track's
 * fan-out at once (objects may precede PUBLISH_OK); a subscriber refusing it just ends it.
 * SUBSCRIBE_TRACKS prefixes have their own overlap space (-19), apart from SUBSCRIBE_NAMESPACE's.
 *
 * @module
 */

import type { IncomingSubscribeTracks, TrackPublisher } from "@moqt/session";
import type { TrackNamespace } from "@moqt/wire";
import { AuthRequest } from "../auth/error-codes.js";
import type { FullTrackName } from "../namespaces/names.js";
import type { NamespaceSubscriptions } from "../namespaces/namespace-subscriptions.js";
import type { TrackRegistry } from "../namespaces/track-registry.js";
import { queueOptions, refuse } from "./answers.js";
import type { RelayContext, RelayPeer } from "./peer.js";
import type { RelayTrack } from "./relay-track.js";

/** A session that wants the tracks under a prefix pushed to it. */
export interface TrackWatcher {
	readonly peer: RelayPeer;
	/** The Forward State its subscriptions start in. */
	readonly forward: boolean;
}

/** Offers pushed tracks to the sessions that asked for them. */
export class TrackPush {
	readonly #ctx: RelayContext;
	readonly #watchers: NamespaceSubscriptions<TrackWatcher>;
	readonly #pushed: TrackRegistry<RelayPeer>;
	readonly #track: (name: FullTrackName) => RelayTrack | undefined;

	constructor(
		ctx: RelayContext,
		watchers: NamespaceSubscriptions<TrackWatcher>,
		pushed: TrackRegistry<RelayPeer>,
		track: (name: FullTrackName) => RelayTrack | undefined,
	) {
		this.#ctx = ctx;
		this.#watchers = watchers;
		this.#pushed = pushed;
		this.#track = track;
	}

	/** Answers a subscriber's SUBSCRIBE_TRACKS (draft-18+). */
	async subscribeTracks(request: IncomingSubscribeTracks, peer: RelayPeer): Promise<void> {
		const prefix = request.message.trackNamespacePrefix;
		const decision = await peer.authorize(AuthRequest.SUBSCRIBE_TRACKS, prefix, request.authorizationTokens);
		if (!decision.allowed) {
			this.#ctx.metrics?.error("request", decision.error);
			if (request.state === "pending") request.reject(decision.code, decision.reason);
			return;
		}
		if (this.#ctx.draining) {
			refuse(request, peer.draft, "SUBSCRIBE_TRACKS", "GOING_AWAY", "the relay is going away");
			return;
		}
		const watcher: TrackWatcher = { peer, forward: request.message.forward !== false };
		const added = this.watch(prefix, watcher);
		if (added !== undefined) {
			refuse(request, peer.draft, "SUBSCRIBE_TRACKS", added, "cannot watch this prefix");
			return;
		}
		let responder: ReturnType<IncomingSubscribeTracks["accept"]>;
		try {
			responder = request.accept();
		} catch {
			this.#watchers.unsubscribe(prefix, watcher);
			return;
		}
		this.#ctx.metrics?.requestStarted("subscribe_tracks");
		this.offerExisting(prefix, watcher);
		void responder.done.then(() => {
			this.#ctx.metrics?.requestEnded("subscribe_tracks");
			this.#watchers.unsubscribe(prefix, watcher);
		});
	}

	/** Adds a watcher of `prefix`; the error's name when refused. */
	watch(prefix: TrackNamespace, watcher: TrackWatcher): "PREFIX_OVERLAP" | "EXCESSIVE_LOAD" | undefined {
		const result = this.#watchers.subscribe(prefix, watcher);
		if (result.ok) return undefined;
		return result.error === "prefix-overlap" ? "PREFIX_OVERLAP" : "EXCESSIVE_LOAD";
	}

	/** Removes a watcher added with {@link TrackPush.watch}. */
	unwatch(prefix: TrackNamespace, watcher: TrackWatcher): void {
		this.#watchers.unsubscribe(prefix, watcher);
	}

	/** Offers a new watcher the tracks already pushed under its prefix (not its own). */
	offerExisting(prefix: TrackNamespace, watcher: TrackWatcher): void {
		for (const { track: name, publishers } of this.#pushed.tracksUnder(prefix)) {
			if (publishers.has(watcher.peer)) continue;
			const track = this.#track(name);
			if (track !== undefined) this.#offer(track, watcher);
		}
	}

	/**
	 * A track was pushed by `publisher`: offered to every matching watcher but its publisher and
	 * the sessions in `skip` (their held SUBSCRIBEs for it proceed instead).
	 */
	trackPublished(track: RelayTrack, publisher: RelayPeer, skip: ReadonlySet<object>): void {
		for (const { subscriber } of this.#watchers.subscribersOf(track.name.namespace)) {
			if (subscriber.peer === publisher || skip.has(subscriber.peer)) continue;
			this.#offer(track, subscriber);
		}
	}

	#offer(track: RelayTrack, watcher: TrackWatcher): void {
		const peer = watcher.peer;
		if (!peer.open) return;
		const largest = track.largest;
		const trackProperties = track.trackProperties(peer.draft);
		peer.session
			.publish(track.name.namespace, track.name.name, {
				forward: watcher.forward,
				...(largest !== undefined && { largestObject: largest }),
				...(trackProperties !== undefined && { trackProperties }),
				waitResponse: false,
			})
			.then(
				(publisher: TrackPublisher) => {
					if (track.ended) {
						publisher.close();
						return;
					}
					this.#ctx.metrics?.requestStarted("publish");
					void publisher.done.then(() => this.#ctx.metrics?.requestEnded("publish"));
					track.attach(publisher, peer, queueOptions(publisher.parameters));
				},
				(error: unknown) => peer.log.info("PUBLISH to a subscriber failed", { error }),
			);
	}
}
