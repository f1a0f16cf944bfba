/**
 * MoqtSession: one MoQT session over a transport session, for either role and any supported
 * draft (draft-ietf-moq-transport-14, -16, -18, -19). It joins the protocol core (requests, their
 * state machines, setup, GOAWAY, limits), the driver (streams, timer) and the data plane
 * (objects), and offers the application:
 *
 * - our requests: `subscribe`, `fetch`, `joiningFetch`, `publish`, `publishNamespace`,
 *   `subscribeNamespace`, `subscribeTracks` (draft-18+), `trackStatus`, each taking `{ signal,
 *   timeout, waitResponse }` and resolving to a handle (request.ts);
 * - the peer's requests: `handlers` per request type, or the `incoming` iterable, else the
 *   draft's default refusal (incoming-router.ts, defaults.ts);
 * - `goaway` (-14 §9.4, -19 §10.4), `close` with a termination code (-14 §3.4, -19 §3.5
 *   "Termination"), `closed`;
 * - escape hatches: `sendMessage` / `onMessage` for raw control messages.
 *
 * Sessions are made by `establishSession` (establish.ts), which resolves once setup completed.
 *
 * @module
 */

import {
	type ControlMessage,
	type Draft,
	encodeControlMessage,
	type Fetch as FetchMessage,
	FetchType,
	type KeyValuePair,
	type Location,
	type MessageParameters,
	type SubscribeNamespace,
	TerminationCode,
	type TrackNamespace,
	type WireLimits,
} from "@moqt/wire";
import {
	type PeerSetup,
	type Role,
	type SessionCore,
	SessionError,
	type SessionEvent,
	type SessionStats,
} from "../core/index.js";
import { systemClock } from "../data/clock.js";
import type { DataStreamRouterStats } from "../data/data-stream-router.js";
import type { RequestEvent, RequestListener, SessionContext } from "./context.js";
import { DataPlane, type ReceiveLimits } from "./data-plane.js";
import { Driver } from "./driver.js";
import { Fetch } from "./fetch.js";
import { type GoawayInfo, type IncomingRequest, IncomingRouter, type SessionHandlers } from "./incoming-router.js";
import { NamespaceSubscription, PublishedNamespace, TrackSubscription } from "./namespaces.js";
import { type AbortSignalLike, asyncDispose, onAbort, reportError } from "./platform.js";
import { type PublisherOptions, TrackPublisher } from "./publisher.js";
import { type CallOptions, launch } from "./request.js";
import { Subscription } from "./subscription.js";
import { withDefaultPriority } from "./track-settings.js";
import { TrackStatusRequest } from "./track-status.js";
import type { MoqtTransport } from "./transport.js";

/** How a session ended. */
export interface SessionClosedInfo {
	/** The session termination code (draft-14 §13.1.1, -19 §3.5): NO_ERROR (0), PROTOCOL_VIOLATION... */
	readonly code: number;
	readonly reason: string;
	/** True when the peer closed it or the connection vanished; false when we closed it. */
	readonly remote: boolean;
	/** Set when the connection ended without a close ("idle-timeout", "transport-error"). */
	readonly transportError?: string;
}

/** A control message seen by {@link MoqtSession.onMessage}. */
export interface MessageRecord {
	/** "in": received (before the core acts on it); "out": sent. */
	readonly direction: "in" | "out";
	/** 0: the control stream; others: request streams, numbered by the session. */
	readonly channel: number;
	readonly message: ControlMessage;
}

/** Options of `subscribe`: SUBSCRIBE's parameters (priority, filter, forward, timeouts, tokens...) and the call's. */
export type SubscribeOptions = MessageParameters & CallOptions;

/**
 * Options of a standalone `fetch`: the range (End Location is "the last Object plus 1"; Object 0
 * means the whole group), FETCH's parameters and the call's.
 */
export type FetchOptions = MessageParameters & CallOptions & { readonly start: Location; readonly end: Location };

/**
 * Options of `joiningFetch`: `relative` groups before the subscription's Joining Location, or the
 * `absolute` Group ID to start at; FETCH's parameters and the call's.
 */
export type JoiningFetchOptions = MessageParameters &
	CallOptions &
	({ readonly relative: bigint; readonly absolute?: never } | { readonly absolute: bigint; readonly relative?: never });

/** Options of `publish`: PUBLISH's parameters, the Track Alias and Track Properties, how objects go out, and the call's. */
export type PublishOptions = MessageParameters &
	CallOptions &
	PublisherOptions & { readonly trackAlias?: bigint; readonly trackProperties?: readonly KeyValuePair[] };

/** Options of the namespace requests and TRACK_STATUS: their parameters (tokens...) and the call's. */
export type SessionRequestOptions = MessageParameters & CallOptions;

/** What the session holds, for monitoring and leak checks. */
export interface MoqtSessionStats {
	/** The core's state. */
	readonly core: SessionStats;
	/** Requests followed by a handle. */
	readonly requests: number;
	/** Control and request streams the driver holds. */
	readonly channels: number;
	/** Subscriptions and fetches with an object queue. */
	readonly queues: { readonly tracks: number; readonly fetches: number };
	/** The data-stream router's state. */
	readonly router: DataStreamRouterStats;
}

/** What a session is made with (see `establishSession`). @internal */
export interface MoqtSessionInit {
	readonly transport: MoqtTransport;
	readonly core: SessionCore;
	readonly handlers: SessionHandlers;
	/** Queue unhandled requests for `incoming` from the start. */
	readonly incoming: boolean;
	readonly receive: ReceiveLimits | undefined;
	readonly wireLimits: Partial<WireLimits> | undefined;
	/** ms an ended subscription waits for its last streams. */
	readonly drainTimeout: number;
}

function split<T extends CallOptions>(options: T): [CallOptions, Omit<T, keyof CallOptions>] {
	const { signal, timeout, waitResponse, ...rest } = options;
	return [{ signal, timeout, waitResponse }, rest];
}

/** One MoQT session. */
export class MoqtSession implements SessionContext {
	/** The draft spoken. */
	readonly draft: Draft;
	/** Our role. */
	readonly role: Role;
	/** The protocol core: read its state (`stats`, `subscription`...); act through the session. */
	readonly core: SessionCore;
	/** @internal */
	readonly data: DataPlane;
	/** How the session ended; never rejects. */
	readonly closed: Promise<SessionClosedInfo>;
	readonly #driver: Driver;
	readonly #router: IncomingRouter;
	readonly #listeners = new Map<bigint, RequestListener>();
	readonly #messageListeners = new Set<(record: MessageRecord) => void>();
	readonly #ready: Promise<void>;
	#resolveReady!: () => void;
	#rejectReady!: (error: unknown) => void;
	#resolveClosed!: (info: SessionClosedInfo) => void;
	#closedError: SessionError | undefined;
	#goaway: GoawayInfo | undefined;

	/** @internal Use `establishSession`. */
	constructor(init: MoqtSessionInit) {
		const { transport, core } = init;
		this.core = core;
		this.draft = core.draft;
		this.role = core.role;
		this.#ready = new Promise((resolve, reject) => {
			this.#resolveReady = resolve;
			this.#rejectReady = reject;
		});
		this.#ready.catch(() => undefined);
		this.closed = new Promise((resolve) => {
			this.#resolveClosed = resolve;
		});
		const driver = new Driver(transport, core, {
			draft: core.draft,
			...(init.wireLimits !== undefined && { limits: init.wireLimits }),
		});
		this.#driver = driver;
		this.data = new DataPlane({
			draft: core.draft,
			core,
			transport,
			clock: systemClock,
			limits: init.receive,
			...(init.wireLimits !== undefined && { wireLimits: init.wireLimits }),
			drainTimeout: init.drainTimeout,
			onError: (error) => driver.fail(error.terminationCode, error.message),
			onControlStream: (stream, head) => driver.controlStream(stream, head),
		});
		this.#router = new IncomingRouter(this, init.handlers, init.incoming, (target) =>
			this.#listeners.get(target)?.updated?.(),
		);
		driver.start(
			{
				event: (e) => this.#event(e),
				message: (direction, channel, message) => this.#seen(direction, channel, message),
			},
			{ stream: (s) => void this.data.router.handleStream(s), datagram: (d) => this.data.router.handleDatagram(d) },
		);
	}

	/** The handlers of the peer's requests; change them at any time. */
	get handlers(): SessionHandlers {
		return this.#router.handlers;
	}

	set handlers(handlers: SessionHandlers) {
		this.#router.handlers = handlers;
	}

	/**
	 * The peer's requests that no handler takes, for `for await`. While a loop reads it, requests
	 * queue here; leaving the loop gives the ones still queued the default answer.
	 */
	get incoming(): AsyncIterable<IncomingRequest> {
		return this.#router.incoming;
	}

	/** What the peer said in its setup message. */
	get peerSetup(): PeerSetup {
		const peer = this.core.peer;
		if (peer === undefined) throw new SessionError("invalid-state", "the session is not set up");
		return peer;
	}

	/** The GOAWAY the peer sent on the control stream, if any: new requests are refused since. */
	get goawayReceived(): GoawayInfo | undefined {
		return this.#goaway;
	}

	/** @internal */
	get closedError(): SessionError | undefined {
		return this.#closedError;
	}

	// Our requests.

	/** SUBSCRIBE: resolves on SUBSCRIBE_OK (rejects with a RequestError on refusal). */
	subscribe(
		trackNamespace: TrackNamespace,
		trackName: Uint8Array,
		options: SubscribeOptions = {},
	): Promise<Subscription> {
		const [call, parameters] = split(options);
		return launch(this, new Subscription(this, trackNamespace, trackName), call, (now, o) =>
			this.core.subscribe({ trackNamespace, trackName, ...parameters }, now, o),
		);
	}

	/** A Standalone FETCH of a range of a track: resolves on FETCH_OK. */
	fetch(trackNamespace: TrackNamespace, trackName: Uint8Array, options: FetchOptions): Promise<Fetch> {
		const { start, end, ...rest } = options;
		const [call, parameters] = split(rest);
		return this.#fetch(call, parameters, {
			type: FetchType.STANDALONE,
			trackNamespace,
			trackName,
			startLocation: start,
			endLocation: end,
		});
	}

	/** A Joining FETCH: the objects before one of our subscriptions' start. Resolves on FETCH_OK. */
	joiningFetch(subscription: Subscription, options: JoiningFetchOptions): Promise<Fetch> {
		const { relative, absolute, ...rest } = options;
		const [call, parameters] = split(rest);
		const joiningRequestId = subscription.requestId;
		return this.#fetch(
			call,
			parameters,
			relative !== undefined
				? { type: FetchType.RELATIVE_JOINING, joiningRequestId, joiningStart: relative }
				: { type: FetchType.ABSOLUTE_JOINING, joiningRequestId, joiningStart: absolute! },
		);
	}

	/**
	 * PUBLISH: a subscription we start as publisher. Resolves on PUBLISH_OK; with `waitResponse:
	 * false` objects may be sent at once ("possibly before PUBLISH_OK", -19 §10.10).
	 */
	publish(
		trackNamespace: TrackNamespace,
		trackName: Uint8Array,
		options: PublishOptions = {},
	): Promise<TrackPublisher> {
		const { publisherPriority, publisherDeliveryTimeout, trackAlias, trackProperties, ...rest } = options;
		const [call, parameters] = split(rest);
		const properties = withDefaultPriority(this.draft, trackProperties, publisherPriority);
		const publisher = new TrackPublisher(this, {
			trackNamespace,
			trackName,
			options: {
				...(publisherPriority !== undefined && { publisherPriority }),
				...(publisherDeliveryTimeout !== undefined && { publisherDeliveryTimeout }),
			},
		});
		return launch(this, publisher, call, (now, o) =>
			this.core.publish(
				{
					trackNamespace,
					trackName,
					...(trackAlias !== undefined && { trackAlias }),
					...(properties !== undefined && { trackProperties: properties }),
					...parameters,
				},
				now,
				o,
			),
		);
	}

	/** PUBLISH_NAMESPACE: resolves on PUBLISH_NAMESPACE_OK / REQUEST_OK. */
	publishNamespace(trackNamespace: TrackNamespace, options: SessionRequestOptions = {}): Promise<PublishedNamespace> {
		const [call, parameters] = split(options);
		return launch(this, new PublishedNamespace(this, trackNamespace), call, (now, o) =>
			this.core.publishNamespace({ trackNamespace, ...parameters }, now, o),
		);
	}

	/** SUBSCRIBE_NAMESPACE: resolves on its OK; iterate the handle for NAMESPACE / NAMESPACE_DONE (draft-16+). */
	subscribeNamespace(
		trackNamespacePrefix: TrackNamespace,
		options: SessionRequestOptions & { readonly subscribeOptions?: SubscribeNamespace["subscribeOptions"] } = {},
	): Promise<NamespaceSubscription> {
		const [call, parameters] = split(options);
		return launch(this, new NamespaceSubscription(this, trackNamespacePrefix), call, (now, o) =>
			this.core.subscribeNamespace({ trackNamespacePrefix, ...parameters }, now, o),
		);
	}

	/** SUBSCRIBE_TRACKS (draft-18+): the publisher PUBLISHes the matching tracks (see `handlers.onPublish`). */
	subscribeTracks(
		trackNamespacePrefix: TrackNamespace,
		options: SessionRequestOptions = {},
	): Promise<TrackSubscription> {
		const [call, parameters] = split(options);
		return launch(this, new TrackSubscription(this, trackNamespacePrefix), call, (now, o) =>
			this.core.subscribeTracks({ trackNamespacePrefix, ...parameters }, now, o),
		);
	}

	/** TRACK_STATUS: resolves with the answer in `result` (rejects with a RequestError on refusal). */
	trackStatus(
		trackNamespace: TrackNamespace,
		trackName: Uint8Array,
		options: SessionRequestOptions = {},
	): Promise<TrackStatusRequest> {
		const [call, parameters] = split(options);
		return launch(this, new TrackStatusRequest(this, trackNamespace, trackName), call, (now, o) =>
			this.core.trackStatus({ trackNamespace, trackName, ...parameters }, now, o),
		);
	}

	// The session.

	/**
	 * GOAWAY: asks the peer to move to `newSessionUri` (servers only; empty: this one). From
	 * draft-18 `timeout` (ms) is sent; with a timeout the session closes then (GOAWAY_TIMEOUT if
	 * requests are still open). Throws a SessionError if sent already or the session is closed.
	 */
	goaway(options?: { readonly newSessionUri?: string; readonly timeout?: number }): void {
		this.command((now) => this.core.goaway(now, options));
	}

	/** Closes the session with a termination code (default NO_ERROR). Idempotent; resolves with how it ended. */
	close(code: number = TerminationCode.NO_ERROR, reason = ""): Promise<SessionClosedInfo> {
		if (this.#closedError === undefined) this.command((now) => this.core.close(code, reason, now));
		return this.closed;
	}

	/** Closes with NO_ERROR (if still open); resolves once closed. */
	async [asyncDispose](): Promise<void> {
		await this.close();
	}

	/**
	 * Escape hatch: writes a control message on a channel (0: the control stream) as it is, without
	 * the core knowing. The peer may well close the session over it; the core's view of requests
	 * does not change. False when the channel has no stream or the session is closed. Throws the
	 * WireError of a message the draft cannot carry.
	 */
	sendMessage(message: ControlMessage, channel = 0): boolean {
		return this.#driver.sendRaw(channel, message, encodeControlMessage(message, this.draft));
	}

	/** Escape hatch: sees every control message received and sent. Returns the function that stops it. */
	onMessage(listener: (record: MessageRecord) => void): () => void {
		this.#messageListeners.add(listener);
		return () => this.#messageListeners.delete(listener);
	}

	/** What the session holds now. */
	stats(): MoqtSessionStats {
		return {
			core: this.core.stats(),
			requests: this.#listeners.size,
			channels: this.#driver.channels,
			queues: this.data.size,
			router: this.data.router.stats,
		};
	}

	/** @internal Resolves once setup completed; rejects with a SessionError, or the reason of an abort before it. */
	async whenReady(signal?: AbortSignalLike): Promise<void> {
		if (signal?.aborted) this.#abortSetup(signal.reason);
		const stop = onAbort(signal, () => this.#abortSetup(signal?.reason));
		try {
			await this.#ready;
		} finally {
			stop();
		}
	}

	// SessionContext.

	/** @internal */
	command<T>(fn: (now: number) => T, follow?: (result: T) => void): T {
		try {
			const result = fn(this.#driver.now());
			follow?.(result);
			return result;
		} finally {
			this.#driver.flush();
		}
	}

	/** @internal */
	follow(requestId: bigint, listener: RequestListener): void {
		this.#listeners.set(requestId, listener);
	}

	/** @internal */
	release(requestId: bigint, listener: RequestListener): void {
		if (this.#listeners.get(requestId) === listener) this.#listeners.delete(requestId);
	}

	// Internals.

	#fetch(call: CallOptions, parameters: MessageParameters, fetchType: FetchMessage["fetchType"]): Promise<Fetch> {
		return launch(this, new Fetch(this, parameters.groupOrder), call, (now, o) =>
			this.core.fetch({ fetchType, ...parameters }, now, o),
		);
	}

	#event(e: SessionEvent): void {
		switch (e.kind) {
			case "ready":
				this.#resolveReady();
				return;
			case "closed":
				this.#onClosed(e);
				return;
			case "goaway": {
				const info: GoawayInfo = {
					newSessionUri: e.newSessionUri,
					timeout: e.timeout,
					requestId: e.requestId,
					peerRequestId: e.peerRequestId,
				};
				if (e.requestId === undefined) this.#goaway = info;
				this.#router.goaway(info);
				return;
			}
			case "request":
				this.#router.request(e);
				return;
			case "update":
				this.#router.update(e);
				return;
			default:
				this.#listeners.get(e.requestId)?.event(e as RequestEvent);
		}
	}

	#onClosed(e: Extract<SessionEvent, { kind: "closed" }>): void {
		const error = new SessionError("closed", `the session closed with code ${e.code}${e.reason && `: ${e.reason}`}`, {
			terminationCode: e.code,
		});
		this.#closedError = error;
		this.data.close();
		const listeners = [...this.#listeners.values()];
		this.#listeners.clear();
		for (const listener of listeners) listener.closed(error);
		this.#router.close();
		this.#messageListeners.clear();
		this.#rejectReady(error);
		const transportError = this.#driver.transportClosed?.transportError;
		this.#resolveClosed({
			code: e.code,
			reason: e.reason,
			remote: e.remote,
			...(transportError !== undefined && { transportError }),
		});
	}

	#abortSetup(reason: unknown): void {
		if (this.core.state !== "setup") return;
		this.#rejectReady(reason);
		this.command((now) => this.core.close(TerminationCode.NO_ERROR, "setup aborted", now));
	}

	#seen(direction: "in" | "out", channel: number, message: ControlMessage): void {
		for (const listener of this.#messageListeners) {
			try {
				listener({ direction, channel, message });
			} catch (error) {
				reportError(error);
			}
		}
	}
}
