/**
 * One session at the relay, any draft and any transport: the handlers that hand each of the
 * peer's requests to the relay's services, its send queue, its authorization, and the updates of
 * its subscriptions (draft-ietf-moq-transport-19 §10.9 REQUEST_UPDATE: the new Subscriber
 * Priority and delivery timeout reach the session's send queue; -14 §9.10 SUBSCRIBE_UPDATE).
 *
 * Requests can reach the handlers as soon as setup completes, possibly before the code that
 * established the session has the session in hand: a {@link SessionBinding} holds them until
 * the session is bound, then passes them on in order.
 *
 * Nothing needs undoing by hand when the session ends: every request of the session ends with
 * it, and each service cleans up on that end (registrations withdrawn, subscribers told
 * PUBLISH_DONE, upstream subscriptions nobody needs any more ended).
 *
 * @module
 */

import type {
	IncomingFetch,
	IncomingPublish,
	IncomingPublishNamespace,
	IncomingRequestUpdate,
	IncomingSubscribe,
	IncomingSubscribeNamespace,
	IncomingSubscribeTracks,
	IncomingTrackStatus,
	MoqtSession,
	ResolvedToken,
	SessionHandlers,
} from "@moqt/session";
import type { Draft, TrackNamespace } from "@moqt/wire";
import type { AuthDecision } from "../auth/authorizer.js";
import type { AuthRequest } from "../auth/error-codes.js";
import type { Logger } from "../log.js";
import { queueOptions } from "./answers.js";
import type { AuthGate } from "./auth-gate.js";
import { requestErrorCode } from "./codes.js";
import type { Downstream } from "./downstream.js";
import type { FetchService } from "./fetch-service.js";
import type { NamespaceService } from "./namespace-service.js";
import type { RelayPeer } from "./peer.js";
import type { SessionSender } from "./session-sender.js";
import type { TrackPush } from "./track-push.js";
import type { TrackRouter } from "./track-router.js";

/** The services a session's requests go to. */
export interface RelayServices {
	readonly router: TrackRouter;
	readonly namespaces: NamespaceService;
	readonly fetches: FetchService;
	readonly push: TrackPush;
}

/** What a {@link RelaySession} is made of. */
export interface RelaySessionInit {
	readonly id: number;
	readonly session: MoqtSession;
	readonly sender: SessionSender;
	readonly auth: AuthGate;
	readonly link: boolean;
	readonly log: Logger;
}

/** One session at the relay. */
export class RelaySession implements RelayPeer {
	readonly id: number;
	readonly session: MoqtSession;
	readonly draft: Draft;
	readonly sender: SessionSender;
	readonly link: boolean;
	readonly log: Logger;
	readonly #auth: AuthGate;
	readonly #downstreams = new Map<bigint, Downstream>();
	#open = true;

	constructor(init: RelaySessionInit) {
		this.id = init.id;
		this.session = init.session;
		this.draft = init.session.draft;
		this.sender = init.sender;
		this.link = init.link;
		this.log = init.log;
		this.#auth = init.auth;
		void init.session.closed.then(() => {
			this.#open = false;
			this.sender.close();
			this.#downstreams.clear();
		});
	}

	/** False once the session closed or was retired: nothing new is routed to it. */
	get open(): boolean {
		return this.#open;
	}

	/** Subscriptions the peer holds at the relay. */
	get subscriptions(): number {
		return this.#downstreams.size;
	}

	/** Stops routing new requests to the session (it was told GOAWAY, or is closing). */
	retire(): void {
		this.#open = false;
	}

	/** Decides a request by its tokens, or the setup's (see AuthGate). */
	authorize(request: AuthRequest, namespace: TrackNamespace, tokens: readonly ResolvedToken[]): Promise<AuthDecision> {
		return this.#auth.authorize(request, namespace, tokens);
	}

	/** Follows a downstream subscription by its Request ID until it ends, for REQUEST_UPDATEs. */
	follow(requestId: bigint, downstream: Downstream): void {
		if (downstream.over) return;
		this.#downstreams.set(requestId, downstream);
		void downstream.publisher.done.then(() => this.#downstreams.delete(requestId));
	}

	/** A SUBSCRIBE_UPDATE / REQUEST_UPDATE: accepted; a subscription's new priority reaches the queue. */
	update(request: IncomingRequestUpdate): void {
		if (!request.answered) {
			// A namespace subscription moving to another prefix would need re-registering; not offered.
			if (request.parameters.trackNamespacePrefix !== undefined) {
				request.reject(
					requestErrorCode(this.draft, "SUBSCRIBE_NAMESPACE", "NOT_SUPPORTED"),
					"prefix updates are not supported",
				);
				return;
			}
			if (!request.accept()) return;
		}
		const downstream = this.#downstreams.get(request.targetRequestId);
		if (downstream === undefined || downstream.over) return;
		const { subscriberPriority, deliveryTimeout } = queueOptions(downstream.publisher.parameters);
		this.sender.update(downstream, { subscriberPriority, deliveryTimeout });
	}
}

/** Requests that came before their session was bound, and the handlers that route them. */
export class SessionBinding {
	#peer: RelaySession | undefined;
	readonly #pending: ((peer: RelaySession) => void)[] = [];
	readonly #services: RelayServices;

	constructor(services: RelayServices) {
		this.#services = services;
	}

	/** The handlers to give `establishSession`. */
	readonly handlers: SessionHandlers = {
		onSubscribe: (r: IncomingSubscribe) => this.#route((p) => this.#services.router.subscribe(r, p)),
		onPublish: (r: IncomingPublish) => this.#route((p) => this.#services.router.publish(r, p)),
		onFetch: (r: IncomingFetch) => this.#route((p) => this.#services.fetches.fetch(r, p)),
		onTrackStatus: (r: IncomingTrackStatus) => this.#route((p) => this.#services.fetches.trackStatus(r, p)),
		onPublishNamespace: (r: IncomingPublishNamespace) =>
			this.#route((p) => this.#services.namespaces.publishNamespace(r, p)),
		onSubscribeNamespace: (r: IncomingSubscribeNamespace) =>
			this.#route((p) => this.#services.namespaces.subscribeNamespace(r, p)),
		onSubscribeTracks: (r: IncomingSubscribeTracks) => this.#route((p) => this.#services.push.subscribeTracks(r, p)),
		onRequestUpdate: (r: IncomingRequestUpdate) => this.#route(async (p) => p.update(r)),
		onGoaway: (info) => this.#peer?.log.info("GOAWAY received", { newSessionUri: info.newSessionUri }),
	};

	/** The session is established: requests held so far go to it, in order. */
	bind(peer: RelaySession): void {
		this.#peer = peer;
		for (const run of this.#pending.splice(0)) run(peer);
	}

	#route(run: (peer: RelaySession) => Promise<void>): Promise<void> | undefined {
		const peer = this.#peer;
		if (peer !== undefined) return run(peer);
		return new Promise((resolve, reject) => {
			this.#pending.push((p) => run(p).then(resolve, reject));
		});
	}
}
