/**
 * The MoQT relay (draft-ietf-moq-transport-19 §9 "Relays", -14 §8): sessions of any supported
 * draft over any transport meet here. Publishers announce namespaces and push tracks; subscribers
 * subscribe, fetch and discover; the relay aggregates subscriptions (one upstream subscription per
 * track), fans objects out through each subscriber's bounded queue, caches them for FETCH, hands
 * requests it cannot serve to its upstream relays, and authorizes everything when keys are set.
 *
 * The pieces: {@link TrackRouter} (SUBSCRIBE, PUBLISH, rendezvous), `RelayTrack` (fan-out),
 * {@link NamespaceService} (PUBLISH_NAMESPACE, SUBSCRIBE_NAMESPACE), {@link FetchService}
 * (FETCH, TRACK_STATUS), `RelaySession` (one session's glue) and {@link UpstreamLink}.
 *
 * Shutting down: {@link Relay.drain} sends GOAWAY (-19 §10.4) to every session, refuses new
 * requests and sessions, waits for the sessions to leave, then closes the rest with
 * GOAWAY_TIMEOUT.
 *
 * @module
 */

import { establishSession, type MoqtTransport, type SessionOptions } from "@moqt/session";
import { type Draft, TerminationCode } from "@moqt/wire";
import { Authorizer } from "../auth/authorizer.js";
import { type CacheStats, ObjectCache } from "../cache/object-cache.js";
import { createLogger, type Logger } from "../log.js";
import type { RelayMetrics, RelayTransport } from "../metrics/relay-metrics.js";
import { NamespaceRegistry } from "../namespaces/namespace-registry.js";
import { NamespaceSubscriptions } from "../namespaces/namespace-subscriptions.js";
import { TrackRegistry } from "../namespaces/track-registry.js";
import { AuthGate } from "./auth-gate.js";
import { terminationName } from "./codes.js";
import { FetchService } from "./fetch-service.js";
import { NamespaceService, type NamespaceWatcher } from "./namespace-service.js";
import type { RelayContext, RelayPeer, RoutingLimits } from "./peer.js";
import { RelaySession, SessionBinding } from "./relay-session.js";
import { SessionSender, type SessionSenderLimits } from "./session-sender.js";
import { TrackPush, type TrackWatcher } from "./track-push.js";
import { TrackRouter } from "./track-router.js";
import { UpstreamLink, type UpstreamLinkOptions } from "./upstream-link.js";

/** Every bound of the relay. */
export interface RelayLimits extends RoutingLimits, SessionSenderLimits {
	/** Sessions at once; more are closed at once. */
	readonly sessions: number;
	/** Requests one session may have open (MAX_REQUEST_ID / request streams). */
	readonly requestsPerSession: number;
	/** Subscriptions (SUBSCRIBE, PUBLISH) one session may have open. */
	readonly subscriptionsPerSession: number;
	/** Namespaces one session may publish. */
	readonly namespacesPerSession: number;
	/** Namespaces published in the whole relay. */
	readonly namespacesTotal: number;
	/** SUBSCRIBE_NAMESPACE prefixes one session may hold. */
	readonly namespaceSubscriptionsPerSession: number;
	/** ms a new session has to complete setup. */
	readonly setupTimeoutMs: number;
}

/** The default bounds. */
export const DEFAULT_RELAY_LIMITS: RelayLimits = {
	sessions: 10_000,
	requestsPerSession: 1_000,
	subscriptionsPerSession: 1_000,
	namespacesPerSession: 1_024,
	namespacesTotal: 100_000,
	namespaceSubscriptionsPerSession: 256,
	setupTimeoutMs: 10_000,
	queueBytes: 4 * 1024 * 1024,
	queueObjects: 1_024,
	windowBytes: 1024 * 1024,
	windowObjects: 256,
	maxRendezvousMs: 30_000,
	maxRendezvousHeld: 10_000,
	defaultRendezvousMs: 0,
	upstreamTimeoutMs: 10_000,
	finishTimeoutMs: 5_000,
};

/** Options of a {@link Relay}. */
export interface RelayOptions {
	/** Token authorization; off when absent. */
	readonly authorizer?: Authorizer;
	readonly log?: Logger;
	readonly metrics?: RelayMetrics;
	/** The object cache budget in bytes; 0 turns caching off. Default 64 MiB. */
	readonly cacheBytes?: number;
	readonly limits?: Partial<RelayLimits>;
	/** The drafts sessions may speak (default: all supported). */
	readonly drafts?: readonly Draft[];
	/** The clock in ms (cache, queues); `Date.now` by default. */
	readonly now?: () => number;
}

/** How a session reached the relay. */
export interface AcceptOptions {
	/** For metrics; default from the transport's kind. */
	readonly transport?: RelayTransport;
	/** The draft, for transports that negotiate none (the in-memory pair). */
	readonly draft?: Draft;
}

/** What the relay holds: for monitoring, and for tests that check nothing is left behind. */
export interface RelayStats {
	readonly sessions: number;
	readonly links: number;
	readonly tracks: number;
	readonly sources: number;
	readonly downstreams: number;
	/** Upstream subgroups with open streams or pending ends. */
	readonly subgroups: number;
	/** Objects waiting in the sessions' send queues. */
	readonly queued: number;
	readonly namespaces: number;
	readonly namespaceNodes: number;
	readonly namespaceSubscriptions: number;
	/** SUBSCRIBE_TRACKS prefixes (and draft-14/16 SUBSCRIBE_NAMESPACEs asking for tracks). */
	readonly trackSubscriptions: number;
	readonly pushedTracks: number;
	readonly rendezvous: number;
	readonly cache: CacheStats | undefined;
}

const CACHE_SWEEP_MS = 10_000;

/** A MoQT relay. */
export class Relay {
	readonly log: Logger;
	readonly metrics: RelayMetrics | undefined;
	readonly cache: ObjectCache | undefined;
	readonly limits: RelayLimits;
	readonly #authorizer: Authorizer;
	readonly #drafts: readonly Draft[] | undefined;
	readonly #now: () => number;
	readonly #sessions = new Set<RelaySession>();
	readonly #links = new Set<UpstreamLink>();
	readonly #registry: NamespaceRegistry<RelayPeer>;
	readonly #pushed: TrackRegistry<RelayPeer>;
	readonly #namespaceSubscriptions: NamespaceSubscriptions<NamespaceWatcher>;
	/** SUBSCRIBE_TRACKS prefixes: their own overlap space (-19 §10.19). */
	readonly #trackSubscriptions: NamespaceSubscriptions<TrackWatcher>;
	readonly #push: TrackPush;
	readonly #router: TrackRouter;
	readonly #namespaces: NamespaceService;
	readonly #fetches: FetchService;
	readonly #sweep: ReturnType<typeof setInterval> | undefined;
	#nextId = 1;
	#draining = false;
	#closing: Promise<void> | undefined;

	constructor(options: RelayOptions = {}) {
		this.log = options.log ?? createLogger({ level: "warn" });
		this.metrics = options.metrics;
		this.limits = { ...DEFAULT_RELAY_LIMITS, ...options.limits };
		this.#authorizer = options.authorizer ?? Authorizer.disabled();
		this.#drafts = options.drafts;
		this.#now = options.now ?? Date.now;
		const cacheBytes = options.cacheBytes ?? 64 * 1024 * 1024;
		this.cache = cacheBytes > 0 ? new ObjectCache({ maxBytes: cacheBytes, now: this.#now }) : undefined;
		if (this.cache !== undefined) {
			const cache = this.cache;
			this.metrics?.observeCache(() => cache.stats);
			this.#sweep = setInterval(() => cache.sweep(), CACHE_SWEEP_MS);
			this.#sweep.unref?.();
		}
		const relay = this;
		const ctx: RelayContext = {
			log: this.log,
			metrics: this.metrics,
			cache: this.cache,
			now: this.#now,
			limits: this.limits,
			links: () => [...this.#links].flatMap((link) => (link.peer === undefined ? [] : [link.peer])),
			get draining() {
				return relay.#draining;
			},
		};
		this.#registry = new NamespaceRegistry({
			perPublisher: this.limits.namespacesPerSession,
			total: this.limits.namespacesTotal,
		});
		this.#pushed = new TrackRegistry({ perPublisher: this.limits.subscriptionsPerSession });
		this.#namespaceSubscriptions = new NamespaceSubscriptions({
			perSubscriber: this.limits.namespaceSubscriptionsPerSession,
		});
		this.#trackSubscriptions = new NamespaceSubscriptions({
			perSubscriber: this.limits.namespaceSubscriptionsPerSession,
		});
		const router = new TrackRouter(ctx, this.#registry, this.#pushed);
		this.#push = new TrackPush(ctx, this.#trackSubscriptions, this.#pushed, (name) => router.track(name));
		router.push = this.#push;
		this.#router = router;
		this.#namespaces = new NamespaceService(ctx, this.#registry, this.#namespaceSubscriptions, router, this.#push);
		this.#fetches = new FetchService(ctx, router);
	}

	/** True when no more sessions are taken (full, draining or closed). */
	get full(): boolean {
		return this.#draining || this.#closing !== undefined || this.#sessions.size >= this.limits.sessions;
	}

	/** What the relay holds now. */
	get stats(): RelayStats {
		let sources = 0;
		let downstreams = 0;
		let subgroups = 0;
		for (const track of this.#router.tracks.values()) {
			const counts = track.counts;
			sources += counts.sources;
			downstreams += counts.downstreams;
			subgroups += counts.subgroups;
		}
		let queued = 0;
		for (const session of this.#sessions) queued += session.sender.stats.queued;
		return {
			sessions: this.#sessions.size,
			links: [...this.#links].filter((l) => l.peer !== undefined).length,
			tracks: this.#router.tracks.size,
			sources,
			downstreams,
			subgroups,
			queued,
			namespaces: this.#registry.size,
			namespaceNodes: this.#registry.nodeCount,
			namespaceSubscriptions: this.#namespaceSubscriptions.size,
			trackSubscriptions: this.#trackSubscriptions.size,
			pushedTracks: this.#pushed.size,
			rendezvous: this.#router.rendezvous.size,
			cache: this.cache?.stats,
		};
	}

	/**
	 * Serves a session a client opened: runs MoQT setup as the server and routes its requests.
	 * Resolves with the session, or undefined when it was refused (full, draining) or setup failed.
	 */
	async accept(transport: MoqtTransport, options: AcceptOptions = {}): Promise<RelaySession | undefined> {
		if (this.full) {
			transport.close({ code: TerminationCode.INTERNAL_ERROR, reason: "the relay takes no more sessions" });
			return undefined;
		}
		try {
			return await this.establish(
				transport,
				{ role: "server", ...(options.draft && { draft: options.draft }) },
				options.transport,
				false,
			);
		} catch (error) {
			this.log.info("session setup failed", { error });
			return undefined;
		}
	}

	/**
	 * Adds an upstream relay: the relay connects to it (and reconnects), announces the namespaces
	 * published here, and sends it the SUBSCRIBEs and FETCHes nobody here can serve.
	 */
	addUpstream(url: string, options: UpstreamLinkOptions = {}): UpstreamLink {
		const link = new UpstreamLink(url, options, {
			log: this.log,
			establish: (transport, sessionOptions) => this.establish(transport, sessionOptions, undefined, true),
			watchNamespaces: (watcher) => this.#namespaces.watchAll(watcher),
		});
		this.#links.add(link);
		link.start();
		return link;
	}

	/** @internal Runs setup on `transport` and makes the session part of the relay. */
	async establish(
		transport: MoqtTransport,
		options: Pick<SessionOptions, "role" | "draft" | "setup">,
		label: RelayTransport | undefined,
		link: boolean,
	): Promise<RelaySession> {
		const binding = new SessionBinding({
			router: this.#router,
			namespaces: this.#namespaces,
			fetches: this.#fetches,
			push: this.#push,
		});
		const limits = this.limits;
		const session = await establishSession(transport, {
			...options,
			...(this.#drafts !== undefined && { drafts: this.#drafts }),
			handlers: binding.handlers,
			setupTimeout: limits.setupTimeoutMs,
			limits: {
				maxIncomingRequests: limits.requestsPerSession,
				maxSubscriptions: limits.subscriptionsPerSession,
				maxNamespaces: Math.max(limits.namespacesPerSession, limits.namespaceSubscriptionsPerSession),
			},
		});
		const id = this.#nextId++;
		const log = this.log.child({ session: id });
		const peer = new RelaySession({
			id,
			session,
			sender: new SessionSender({ ...limits, draft: session.draft, now: this.#now, metrics: this.metrics }),
			auth: new AuthGate(this.#authorizer, session.draft, session.peerSetup.authorizationTokens),
			link,
			log,
		});
		const kind = label ?? transportLabel(transport.kind);
		this.#sessions.add(peer);
		this.metrics?.sessionOpened(session.draft, kind);
		log.info("session open", { draft: session.draft, transport: transport.kind, link });
		void session.closed.then((closed) => {
			this.#sessions.delete(peer);
			this.metrics?.sessionClosed(session.draft, kind);
			if (closed.code !== TerminationCode.NO_ERROR) this.metrics?.error("session", terminationName(closed.code));
			log.info("session closed", { code: closed.code, reason: closed.reason, remote: closed.remote });
		});
		binding.bind(peer);
		return peer;
	}

	/**
	 * GOAWAY to every session (with `newSessionUri`, where they should go), then waits up to
	 * `timeoutMs` for them to leave, and closes the relay. New sessions and requests are refused
	 * meanwhile.
	 */
	async drain(options: { readonly newSessionUri?: string; readonly timeoutMs?: number } = {}): Promise<void> {
		if (this.#draining || this.#closing !== undefined) return this.#closing ?? this.close();
		this.#draining = true;
		const timeoutMs = options.timeoutMs ?? 30_000;
		this.log.info("draining", { sessions: this.#sessions.size, timeoutMs });
		const sessions = [...this.#sessions];
		for (const peer of sessions) {
			peer.retire();
			if (peer.link || peer.session.role !== "server") continue;
			try {
				peer.session.goaway({
					...(options.newSessionUri !== undefined && { newSessionUri: options.newSessionUri }),
					...(peer.draft >= 18 && { timeout: timeoutMs }),
				});
			} catch {
				// Closed, or told already.
			}
		}
		let timer: ReturnType<typeof setTimeout> | undefined;
		const servedGone = Promise.all(sessions.filter((p) => !p.link).map((p) => p.session.closed));
		await Promise.race([servedGone, new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
		clearTimeout(timer);
		await this.close(TerminationCode.GOAWAY_TIMEOUT, "the relay went away");
	}

	/** Ends everything: tracks, sessions (with `code`), upstream links. Idempotent. */
	close(code: number = TerminationCode.NO_ERROR, reason = "the relay is closing"): Promise<void> {
		this.#closing ??= (async () => {
			if (this.#sweep !== undefined) clearInterval(this.#sweep);
			this.#router.close("GOING_AWAY", reason);
			for (const link of this.#links) link.close();
			const sessions = [...this.#sessions];
			await Promise.all(sessions.map((peer) => peer.session.close(code, reason)));
		})();
		return this.#closing;
	}
}

function transportLabel(kind: string): RelayTransport {
	switch (kind) {
		case "quic":
		case "webtransport-h3":
		case "webtransport-h2":
			return kind;
		default:
			return "memory";
	}
}
