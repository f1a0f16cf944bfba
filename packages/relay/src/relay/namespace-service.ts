/**
 * Namespaces through the relay (draft-ietf-moq-transport-19 §6 "Namespace Discovery", §9.5
 * "Publisher Interactions", §10.15 PUBLISH_NAMESPACE, §10.16 NAMESPACE, §10.17 NAMESPACE_DONE,
 * §10.18 SUBSCRIBE_NAMESPACE; -14 §6, §8.4, §9.23-§9.29):
 *
 * - PUBLISH_NAMESPACE registers the publisher (several may publish one namespace) until it
 *   withdraws it, the relay's acceptance is cancelled, or its session ends.
 * - A namespace gaining its first publisher is announced to every session whose
 *   SUBSCRIBE_NAMESPACE prefix matches it, and withdrawn when its last publisher leaves: NAMESPACE
 *   and NAMESPACE_DONE from draft-16, a PUBLISH_NAMESPACE and its withdrawal in draft-14 ("it MUST
 *   send a PUBLISH_NAMESPACE to any subscriber that has subscribed via SUBSCRIBE_NAMESPACE").
 *   A new SUBSCRIBE_NAMESPACE hears of the namespaces published already, its own echoed back.
 * - Upstream links hear of every namespace published here by another session, as a
 *   PUBLISH_NAMESPACE of the relay's own, so subscriptions at upstream relays find their way down.
 *
 * @module
 */

import type {
	IncomingPublishNamespace,
	IncomingSubscribeNamespace,
	NamespaceResponder,
	PublishedNamespace,
} from "@moqt/session";
import { SubscribeOptions, type TrackNamespace } from "@moqt/wire";
import { AuthRequest } from "../auth/error-codes.js";
import { namespaceKey } from "../namespaces/names.js";
import type { NamespaceRegistry } from "../namespaces/namespace-registry.js";
import type { NamespaceSubscriptions } from "../namespaces/namespace-subscriptions.js";
import { refuse } from "./answers.js";
import type { RelayContext, RelayPeer } from "./peer.js";
import type { TrackPush } from "./track-push.js";
import type { TrackRouter } from "./track-router.js";

/** Someone told of namespaces as they come and go. */
export interface NamespaceWatcher {
	readonly peer: RelayPeer;
	namespaceAdded(namespace: TrackNamespace): void;
	namespaceRemoved(namespace: TrackNamespace): void;
}

/** Someone told whether each namespace is published by a session other than its own (an upstream link). */
export interface GlobalNamespaceWatcher {
	readonly peer: RelayPeer;
	/** Called whenever a registration of `namespace` changes; idempotent on the watcher's side. */
	namespaceState(namespace: TrackNamespace, published: boolean): void;
}

/** PUBLISH_NAMESPACE and SUBSCRIBE_NAMESPACE at the relay. */
export class NamespaceService {
	readonly #ctx: RelayContext;
	readonly #registry: NamespaceRegistry<RelayPeer>;
	readonly #subscriptions: NamespaceSubscriptions<NamespaceWatcher>;
	readonly #router: TrackRouter;
	readonly #push: TrackPush;
	/** Watchers of every namespace (upstream links), told of those published by others. */
	readonly #global = new Set<GlobalNamespaceWatcher>();

	constructor(
		ctx: RelayContext,
		registry: NamespaceRegistry<RelayPeer>,
		subscriptions: NamespaceSubscriptions<NamespaceWatcher>,
		router: TrackRouter,
		push: TrackPush,
	) {
		this.#ctx = ctx;
		this.#push = push;
		this.#registry = registry;
		this.#subscriptions = subscriptions;
		this.#router = router;
	}

	/** Answers a publisher's PUBLISH_NAMESPACE. */
	async publishNamespace(request: IncomingPublishNamespace, peer: RelayPeer): Promise<void> {
		const namespace = request.message.trackNamespace;
		const decision = await peer.authorize(AuthRequest.PUBLISH_NAMESPACE, namespace, request.authorizationTokens);
		if (!decision.allowed) {
			this.#ctx.metrics?.error("request", decision.error);
			if (request.state === "pending") request.reject(decision.code, decision.reason);
			return;
		}
		if (this.#ctx.draining) {
			refuse(request, peer.draft, "PUBLISH_NAMESPACE", "GOING_AWAY", "the relay is going away");
			return;
		}
		const registered = this.#registry.register(namespace, peer);
		if (!registered.ok) {
			const name =
				registered.error === "invalid-namespace" || registered.error === "duplicate"
					? "INTERNAL_ERROR"
					: "EXCESSIVE_LOAD";
			refuse(request, peer.draft, "PUBLISH_NAMESPACE", name, registered.message);
			return;
		}
		let accepted: ReturnType<IncomingPublishNamespace["accept"]>;
		try {
			accepted = request.accept();
		} catch {
			this.#withdraw(namespace, peer);
			return;
		}
		this.#ctx.metrics?.requestStarted("publish_namespace");
		peer.log.debug("namespace published", { namespace });
		this.#changed(namespace, peer, "added", registered.first);
		this.#router.publisherAdded(namespace, peer);
		void accepted.done.then(() => {
			this.#ctx.metrics?.requestEnded("publish_namespace");
			this.#withdraw(namespace, peer);
		});
	}

	/** Answers a subscriber's SUBSCRIBE_NAMESPACE. */
	async subscribeNamespace(request: IncomingSubscribeNamespace, peer: RelayPeer): Promise<void> {
		const prefix = request.message.trackNamespacePrefix;
		const decision = await peer.authorize(AuthRequest.SUBSCRIBE_NAMESPACE, prefix, request.authorizationTokens);
		if (!decision.allowed) {
			this.#ctx.metrics?.error("request", decision.error);
			if (request.state === "pending") request.reject(decision.code, decision.reason);
			return;
		}
		if (this.#ctx.draining) {
			refuse(request, peer.draft, "SUBSCRIBE_NAMESPACE", "GOING_AWAY", "the relay is going away");
			return;
		}
		const watcher = new SubscriberWatcher(peer, request.message.subscribeOptions);
		const subscribed = this.#subscriptions.subscribe(prefix, watcher);
		if (!subscribed.ok) {
			const name =
				subscribed.error === "prefix-overlap"
					? "PREFIX_OVERLAP"
					: subscribed.error === "invalid-namespace"
						? "INTERNAL_ERROR"
						: "EXCESSIVE_LOAD";
			refuse(request, peer.draft, "SUBSCRIBE_NAMESPACE", name, subscribed.message);
			return;
		}
		let responder: NamespaceResponder;
		try {
			responder = request.accept();
		} catch {
			this.#subscriptions.unsubscribe(prefix, watcher);
			return;
		}
		this.#ctx.metrics?.requestStarted("subscribe_namespace");
		watcher.responder = responder;
		for (const namespace of this.#registry.namespacesUnder(prefix)) watcher.namespaceAdded(namespace);
		// Drafts 14 and 16 deliver the matching tracks on a SUBSCRIBE_NAMESPACE too (PUBLISH); later drafts use SUBSCRIBE_TRACKS.
		const tracks = peer.draft <= 16 && request.message.subscribeOptions !== SubscribeOptions.NAMESPACE;
		const trackWatcher = { peer, forward: true };
		if (tracks && this.#push.watch(prefix, trackWatcher) === undefined) this.#push.offerExisting(prefix, trackWatcher);
		void responder.done.then(() => {
			this.#ctx.metrics?.requestEnded("subscribe_namespace");
			this.#subscriptions.unsubscribe(prefix, watcher);
			if (tracks) this.#push.unwatch(prefix, trackWatcher);
			watcher.close();
		});
	}

	/** Adds a watcher of every namespace published by someone else (an upstream link); returns its removal. */
	watchAll(watcher: GlobalNamespaceWatcher): () => void {
		this.#global.add(watcher);
		for (const namespace of this.#registry.namespacesUnder([])) {
			if (this.#publishedByOthers(namespace, watcher.peer)) watcher.namespaceState(namespace, true);
		}
		return () => this.#global.delete(watcher);
	}

	#withdraw(namespace: TrackNamespace, peer: RelayPeer): void {
		const result = this.#registry.withdraw(namespace, peer);
		if (result.withdrawn) this.#changed(namespace, peer, "removed", result.last);
	}

	// `peer`'s registration of `namespace` came or went; `edge`: it was the first / the last one.
	#changed(namespace: TrackNamespace, peer: RelayPeer, how: "added" | "removed", edge: boolean): void {
		if (edge) {
			for (const { subscriber } of this.#subscriptions.subscribersOf(namespace)) {
				if (how === "added") subscriber.namespaceAdded(namespace);
				else subscriber.namespaceRemoved(namespace);
			}
		}
		for (const watcher of this.#global) {
			if (watcher.peer !== peer) watcher.namespaceState(namespace, this.#publishedByOthers(namespace, watcher.peer));
		}
	}

	#publishedByOthers(namespace: TrackNamespace, except: RelayPeer): boolean {
		for (const publisher of this.#registry.publishersOf(namespace)) if (publisher !== except) return true;
		return false;
	}
}

/** A session's SUBSCRIBE_NAMESPACE: NAMESPACE / NAMESPACE_DONE (-16+) or PUBLISH_NAMESPACE (-14). */
class SubscriberWatcher implements NamespaceWatcher {
	readonly peer: RelayPeer;
	responder: NamespaceResponder | undefined;
	readonly #wantsNamespaces: boolean;
	/** draft-14: the PUBLISH_NAMESPACEs sent, by namespace key. */
	readonly #announced = new Map<string, PublishedNamespace | undefined>();

	constructor(peer: RelayPeer, options: number | undefined) {
		this.peer = peer;
		// draft-16's Subscribe Options: PUBLISH alone asks for no NAMESPACE messages.
		this.#wantsNamespaces = options !== SubscribeOptions.PUBLISH;
	}

	namespaceAdded(namespace: TrackNamespace): void {
		if (this.responder === undefined || !this.#wantsNamespaces || !this.peer.open) return;
		if (this.peer.draft !== 14) {
			this.responder.namespace(namespace);
			return;
		}
		const key = namespaceKey(namespace);
		if (this.#announced.has(key)) return;
		this.#announced.set(key, undefined);
		this.peer.session.publishNamespace(namespace, { waitResponse: false }).then(
			(handle) => {
				if (this.#announced.has(key)) this.#announced.set(key, handle);
				else handle.withdraw();
			},
			() => this.#announced.delete(key),
		);
	}

	namespaceRemoved(namespace: TrackNamespace): void {
		if (this.responder === undefined || !this.#wantsNamespaces || !this.peer.open) return;
		if (this.peer.draft !== 14) {
			this.responder.namespaceDone(namespace);
			return;
		}
		const key = namespaceKey(namespace);
		const handle = this.#announced.get(key);
		this.#announced.delete(key);
		handle?.withdraw();
	}

	/** The SUBSCRIBE_NAMESPACE ended: draft-14 announcements made for it are withdrawn. */
	close(): void {
		for (const handle of this.#announced.values()) handle?.withdraw();
		this.#announced.clear();
	}
}
