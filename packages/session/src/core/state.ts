/**
 * The state of one session core, shared by the handler modules: configuration, the request and
 * channel maps and their indexes, the ID and token bookkeeping, deadlines, and the queues of
 * transmits and events the driver pulls. It also holds the primitives every handler uses:
 * encoding and sending messages, stream actions, emitting events, forgetting a request, closing.
 *
 * Draft references: control streams and request streams (draft-ietf-moq-transport-14 §3.3, -16
 * §3.3, -18/-19 §3.3 "Session initialization"); termination (-19 §3.5 "Termination").
 *
 * @module
 */

import {
	type ControlMessage,
	type Draft,
	type DraftInfo,
	draftInfo,
	encodeControlMessage,
	RequestErrorCode,
	SubscribeErrorCode,
	type TrackNamespace,
	WireError,
} from "@moqt/wire";
import { SessionError } from "./errors.js";
import { namespaceKey } from "./keys.js";
import type { Request } from "./request.js";
import { OwnRequestIds, PeerRequestIds } from "./request-ids.js";
import { Deadlines } from "./timers.js";
import { OwnTokenRegistry, PeerTokenCache } from "./tokens.js";
import type {
	ChannelEvent,
	LocalSetup,
	PeerSetup,
	Role,
	SessionCoreOptions,
	SessionEvent,
	SessionLimits,
	SetupRejection,
	Transmit,
	TransportMode,
} from "./types.js";
import { DEFAULT_SESSION_LIMITS } from "./types.js";

/** Input held until the peer's setup arrives. */
export type Buffered =
	| { readonly kind: "message"; readonly channel: number; readonly message: ControlMessage }
	| { readonly kind: "event"; readonly channel: number; readonly event: ChannelEvent };

/** Out-of-order request IDs remembered above the lowest unseen one (draft-16+). */
const ID_WINDOW = 1024;

/** The state of a session core. */
export class CoreState {
	readonly draft: Draft;
	readonly info: DraftInfo;
	readonly role: Role;
	readonly transport: TransportMode;
	readonly limits: SessionLimits;
	readonly local: LocalSetup;
	readonly checkPeerSetup: ((peer: PeerSetup) => SetupRejection | undefined) | undefined;
	now: number;
	status: "setup" | "ready" | "closed" = "setup";
	/** The peer's setup, once received. */
	peer: PeerSetup | undefined;
	/** How the session ended, once closed. */
	closeInfo: { readonly code: number; readonly reason: string } | undefined;

	/** Live requests by Request ID, both directions (queued, pending, established). */
	readonly requests = new Map<bigint, Request>();
	/** Request channels to the request that owns them. */
	readonly channels = new Map<number, Request>();
	/** Channels the peer opened whose first message has not arrived. */
	readonly unclaimed = new Set<number>();
	private nextChannel = 1;
	/** Ended subscriber-side subscriptions kept for late objects. */
	readonly draining = new Map<bigint, Request>();
	/** Subscriber side: Track Alias to subscriptions (draining included). */
	readonly aliases = new Map<bigint, Set<Request>>();
	/** Publisher side: Track Alias to subscriptions. */
	readonly publisherAliases = new Map<bigint, Set<Request>>();
	/** Live subscriptions by Full Track Name, per role (draining excluded). */
	readonly subscriberTracks = new Map<string, Set<Request>>();
	readonly publisherTracks = new Map<string, Set<Request>>();
	/** Namespace requests by "<direction>:<type>:<namespace key>" (draft-14 names them by namespace). */
	readonly namespaces = new Map<string, Set<Request>>();
	/** Our requests waiting for the peer's MAX_REQUEST_ID (drafts 14 and 16), oldest first. */
	readonly queue: Request[] = [];
	/** Input held until the peer's setup arrives, and the peer-opened channels it concerns. */
	readonly buffer: Buffered[] = [];
	readonly bufferedChannels = new Set<number>();
	readonly deadlines = new Deadlines();
	readonly ownIds: OwnRequestIds;
	readonly peerIds: PeerRequestIds;
	readonly peerTokens: PeerTokenCache;
	readonly ownTokens: OwnTokenRegistry;
	/** Session GOAWAY sent / received on the control stream. */
	goawaySent = false;
	goawayReceived = false;
	/** The peer's live requests, by kind, for the limits. */
	incomingRequests = 0;
	incomingSubscriptions = 0;
	incomingNamespaceRequests = 0;
	/** The next Track Alias the core picks when the application gives none. */
	nextAlias = 0n;

	private readonly transmits: Transmit[] = [];
	private transmitHead = 0;
	private readonly events: SessionEvent[] = [];
	private eventHead = 0;

	constructor(options: SessionCoreOptions) {
		this.draft = options.draft;
		this.info = draftInfo(options.draft);
		this.role = options.role;
		this.transport = options.transport;
		this.limits = { ...DEFAULT_SESSION_LIMITS, ...options.limits };
		this.local = options.setup ?? {};
		this.checkPeerSetup = options.checkPeerSetup;
		this.now = options.now;
		const peerRole: Role = this.role === "client" ? "server" : "client";
		this.ownIds = new OwnRequestIds(this.role, this.info.maxRequestId);
		this.peerIds = new PeerRequestIds(
			peerRole,
			this.draft === 14,
			ID_WINDOW,
			this.info.maxRequestId ? this.limits.maxIncomingRequests : undefined,
		);
		this.peerTokens = new PeerTokenCache(this.local.maxAuthTokenCacheSize ?? 0n, this.draft, this.role);
		this.ownTokens = new OwnTokenRegistry(this.draft);
	}

	// Output queues.

	/** Queues a transmit. */
	transmit(t: Transmit): void {
		this.transmits.push(t);
	}

	/** Queues an event. */
	emit(e: SessionEvent): void {
		this.events.push(e);
	}

	/** The next transmit, if any. */
	pollTransmit(): Transmit | undefined {
		return take(this.transmits, this.transmitHead, (h) => {
			this.transmitHead = h;
		});
	}

	/** The next event, if any. */
	pollEvent(): SessionEvent | undefined {
		return take(this.events, this.eventHead, (h) => {
			this.eventHead = h;
		});
	}

	get pendingTransmits(): number {
		return this.transmits.length - this.transmitHead;
	}

	get pendingEvents(): number {
		return this.events.length - this.eventHead;
	}

	// Messages.

	/**
	 * Encodes a message for this draft. A message the draft cannot carry is the caller's mistake:
	 * a {@link SessionError} "invalid-argument", thrown before anything changed.
	 */
	encode(message: ControlMessage): Uint8Array {
		try {
			return encodeControlMessage(message, this.draft);
		} catch (e) {
			if (e instanceof WireError) {
				throw new SessionError("invalid-argument", `${message.type}: ${e.message}`, { cause: e });
			}
			throw e;
		}
	}

	/** Encodes and sends a message on a channel. */
	send(channel: number, message: ControlMessage, bytes?: Uint8Array): void {
		this.transmit({ kind: "send", channel, message, bytes: bytes ?? this.encode(message) });
	}

	/** A new channel ID, for a stream we open or one the peer opened. */
	allocateChannel(): number {
		return this.nextChannel++;
	}

	/** Finishes our sending half of a request's stream, if it has one and it is open. */
	finish(req: Request): void {
		if (!req.ownChannel || !req.sendOpen) return;
		req.sendOpen = false;
		this.transmit({ kind: "fin", channel: req.channel });
	}

	/**
	 * Cancels a request's stream abruptly: RESET_STREAM on our half and STOP_SENDING on the peer's,
	 * for the halves still open (draft-19 §3.3.3 "Request Cancellation and Rejection").
	 */
	abort(req: Request, code: number): void {
		if (!req.ownChannel) return;
		if (req.sendOpen) {
			req.sendOpen = false;
			this.transmit({ kind: "reset", channel: req.channel, code });
		}
		if (req.recvOpen) {
			req.recvOpen = false;
			this.transmit({ kind: "stop-sending", channel: req.channel, code });
		}
	}

	// Codes that depend on the draft.

	/** The request error code for "overloaded": EXCESSIVE_LOAD where the draft has it, else INTERNAL_ERROR. */
	get overloadCode(): number {
		return this.draft >= 18 ? RequestErrorCode[18].EXCESSIVE_LOAD : SubscribeErrorCode.INTERNAL_ERROR;
	}

	/** The request error code TIMEOUT (0x2 in every draft's tables). */
	get timeoutCode(): number {
		return SubscribeErrorCode.TIMEOUT;
	}

	// Forgetting requests.

	/**
	 * Forgets a request: its maps, indexes, deadlines and, for the peer's requests in drafts 14 and
	 * 16, returns its Request ID credit. Subscriber-side aliases are kept when `keepAlias` (draining).
	 */
	forget(req: Request, keepAlias = false): void {
		if (this.requests.get(req.requestId) !== req) return;
		this.requests.delete(req.requestId);
		if (req.ownChannel && this.channels.get(req.channel) === req) this.channels.delete(req.channel);
		for (const suffix of TIMER_SUFFIXES) this.deadlines.clear(timerKey(req, suffix));
		// A queued request stays in the queue: its Request ID must still be sent, in sequence, and the
		// queue sends it with whatever ends it (afterSend).
		if (req.trackKey !== undefined && req.isSubscription) {
			const tracks = req.role === "subscriber" ? this.subscriberTracks : this.publisherTracks;
			removeFrom(tracks, req.trackKey, req);
		}
		if (req.trackAlias !== undefined && req.isSubscription) {
			if (req.role === "publisher") removeFrom(this.publisherAliases, req.trackAlias, req);
			else if (!keepAlias) removeFrom(this.aliases, req.trackAlias, req);
		}
		if (req.namespaceKey !== undefined) removeFrom(this.namespaces, namespaceIndex(req), req);
		if (!req.outgoing) {
			if (req.type !== "REQUEST_UPDATE") this.incomingRequests--;
			if (req.isSubscription) this.incomingSubscriptions--;
			if (isNamespaceRequest(req)) this.incomingNamespaceRequests--;
			// drafts 14 and 16: one more Request ID for the peer (sent after this input).
			this.peerIds.release();
		} else {
			this.ownTokens.settled(req.requestId);
		}
		if (req.target !== undefined) {
			const list = req.outgoing ? req.target.updatesOut : req.target.updatesIn;
			const i = list.indexOf(req);
			if (i >= 0) list.splice(i, 1);
		}
	}

	/** Indexes a live subscription by track and alias. */
	indexSubscription(req: Request): void {
		if (req.trackKey !== undefined) {
			addTo(req.role === "subscriber" ? this.subscriberTracks : this.publisherTracks, req.trackKey, req);
		}
		if (req.trackAlias !== undefined)
			addTo(req.role === "subscriber" ? this.aliases : this.publisherAliases, req.trackAlias, req);
	}

	/** Indexes a namespace request by its namespace or prefix. */
	indexNamespace(req: Request): void {
		if (req.namespaceKey !== undefined) addTo(this.namespaces, namespaceIndex(req), req);
	}

	/** Moves a namespace subscription to a new prefix (an accepted TRACK_NAMESPACE_PREFIX update). */
	rekeyNamespace(req: Request, prefix: TrackNamespace): void {
		if (req.namespaceKey !== undefined) removeFrom(this.namespaces, namespaceIndex(req), req);
		req.namespace = prefix;
		req.namespaceKey = namespaceKey(prefix);
		addTo(this.namespaces, namespaceIndex(req), req);
	}

	/** The first live namespace request of a direction and type with a namespace key, if any. */
	findNamespace(outgoing: boolean, type: string, key: string): Request | undefined {
		const set = this.namespaces.get(`${outgoing ? "out" : "in"}:${type}:${key}`);
		return set === undefined ? undefined : set.values().next().value;
	}

	/** Live requests of a direction and type (for prefix overlap checks). */
	*liveRequests(outgoing: boolean, type: string): Iterable<Request> {
		for (const r of this.requests.values()) if (r.outgoing === outgoing && r.type === type) yield r;
	}

	/** Removes a draining subscription's last traces. */
	forgetDraining(req: Request): void {
		this.draining.delete(req.requestId);
		this.deadlines.clear(timerKey(req, "drain"));
		if (req.trackAlias !== undefined) removeFrom(this.aliases, req.trackAlias, req);
	}

	/** Drops every piece of state (the session closed). */
	clear(): void {
		this.requests.clear();
		this.channels.clear();
		this.unclaimed.clear();
		this.draining.clear();
		this.aliases.clear();
		this.publisherAliases.clear();
		this.subscriberTracks.clear();
		this.publisherTracks.clear();
		this.namespaces.clear();
		this.queue.length = 0;
		this.buffer.length = 0;
		this.bufferedChannels.clear();
		this.deadlines.clearAll();
		this.incomingRequests = 0;
		this.incomingSubscriptions = 0;
		this.incomingNamespaceRequests = 0;
	}
}

/** The per-request deadline kinds. */
export type TimerSuffix = "timeout" | "response" | "goaway" | "drain";
const TIMER_SUFFIXES: readonly TimerSuffix[] = ["timeout", "response", "goaway"];

/** The deadline key of a request's timer. */
export function timerKey(req: Request, suffix: TimerSuffix): string {
	return `r:${req.requestId}:${suffix}`;
}

/** True for PUBLISH_NAMESPACE, SUBSCRIBE_NAMESPACE and SUBSCRIBE_TRACKS. */
export function isNamespaceRequest(req: Request): boolean {
	return req.type === "PUBLISH_NAMESPACE" || req.type === "SUBSCRIBE_NAMESPACE" || req.type === "SUBSCRIBE_TRACKS";
}

function namespaceIndex(req: Request): string {
	return `${req.outgoing ? "out" : "in"}:${req.type}:${req.namespaceKey}`;
}

function addTo<K>(map: Map<K, Set<Request>>, key: K, req: Request): void {
	let set = map.get(key);
	if (set === undefined) {
		set = new Set();
		map.set(key, set);
	}
	set.add(req);
}

function removeFrom<K>(map: Map<K, Set<Request>>, key: K, req: Request): void {
	const set = map.get(key);
	if (set === undefined) return;
	set.delete(req);
	if (set.size === 0) map.delete(key);
}

// Pops the head of a queue kept as an array and a head index, compacting now and then.
function take<T>(queue: T[], head: number, setHead: (h: number) => void): T | undefined {
	if (head >= queue.length) return undefined;
	const item = queue[head]!;
	head++;
	if (head === queue.length) {
		queue.length = 0;
		head = 0;
	} else if (head > 1024 && head * 2 > queue.length) {
		queue.splice(0, head);
		head = 0;
	}
	setHead(head);
	return item;
}
