/**
 * SessionCore: the deterministic protocol state of one MoQT session (draft-ietf-moq-transport-14,
 * -16, -18, -19), sans-I/O in the manner of quinn-proto. It reads no clock and touches no stream:
 * the driver feeds it decoded messages, stream events and the time, and pulls transmits, events
 * and the next deadline. See index.ts for the API summary; the handler modules cite the draft
 * sections they implement.
 *
 * Every input method catches a peer's protocol violation and closes the session with the draft's
 * termination code (a `close` transmit and a `closed` event); commands throw a SessionError, with
 * nothing changed, when the request does not fit the session, the draft or the request's state.
 *
 * @module
 */

import type {
	ControlMessage,
	Draft,
	Fetch,
	MessageParameters,
	PublishNamespace,
	Subscribe,
	SubscribeNamespace,
	SubscribeTracks,
	TrackNamespace,
	TrackStatus,
} from "@moqt/wire";
import { TerminationCode } from "@moqt/wire";
import { publishSkipped, respond, sendNamespace } from "./answers.js";
import * as commands from "./commands.js";
import { flushQueue } from "./commands.js";
import { onChannelEvent, onChannelMessage, onControlMessage, SETUP_TIMER } from "./dispatch.js";
import {
	type CancelOptions,
	cancel,
	cancelOwn,
	dataStreamOpened,
	fetchStreamDone,
	type PublishDoneOptions,
	publishDone,
	releaseDraining,
} from "./endings.js";
import { ProtocolViolation, violation } from "./errors.js";
import {
	GOAWAY_TIMER,
	type GoawayOptions,
	goaway,
	goawayRequest,
	onGoawayTimeout,
	onRequestGoawayTimeout,
} from "./goaway.js";
import { closeSession, failOwn } from "./lifecycle.js";
import type { Request } from "./request.js";
import { buildSetup, checkLocalSetup } from "./setup.js";
import { CoreState } from "./state.js";
import type {
	ChannelEvent,
	FetchInfo,
	PeerSetup,
	PublishInput,
	RequestInput,
	RequestOptions,
	Response,
	Role,
	SessionCoreOptions,
	SessionEvent,
	SessionStats,
	SubscriptionInfo,
	Transmit,
} from "./types.js";

const NO_SUBSCRIPTIONS: readonly SubscriptionInfo[] = Object.freeze([]);

/** The deterministic state machine of one MoQT session. */
export class SessionCore {
	private readonly s: CoreState;

	/**
	 * Starts a session: queues our setup message (CLIENT_SETUP for a draft-14/16 client, SETUP from
	 * draft-17; a draft-14/16 server answers CLIENT_SETUP). Throws a SessionError for a setup the
	 * draft does not allow (PATH from a server, versions in draft-16...).
	 */
	constructor(options: SessionCoreOptions) {
		const s = new CoreState(options);
		this.s = s;
		checkLocalSetup(s);
		s.ownTokens.registerSetup(s.local.authorizationTokens);
		const setup = buildSetup(s, s.info.maxRequestId ? s.peerIds.initialMax : undefined);
		const bytes = s.encode(setup);
		if (s.role === "client" || s.info.requestStreams) s.send(0, setup, bytes);
		if (s.limits.setupTimeout !== undefined) s.deadlines.set(SETUP_TIMER, s.now + s.limits.setupTimeout);
	}

	/** The draft spoken. */
	get draft(): Draft {
		return this.s.draft;
	}

	/** Our role. */
	get role(): Role {
		return this.s.role;
	}

	/** "setup" until both setup messages are exchanged, then "ready", then "closed". */
	get state(): "setup" | "ready" | "closed" {
		return this.s.status;
	}

	/** The peer's setup, once received. */
	get peer(): PeerSetup | undefined {
		return this.s.peer;
	}

	/** How the session ended, once closed. */
	get closeInfo(): { readonly code: number; readonly reason: string } | undefined {
		return this.s.closeInfo;
	}

	// Inputs.

	/** A decoded message on a channel (0: the control stream). */
	receive(channel: number, message: ControlMessage, now: number): void {
		this.input(now, () => {
			if (channel === 0) onControlMessage(this.s, message);
			else onChannelMessage(this.s, channel, message);
		});
	}

	/** The peer finished or reset its half of a channel, or sent STOP_SENDING for ours. */
	channelEvent(channel: number, event: ChannelEvent, now: number): void {
		this.input(now, () => onChannelEvent(this.s, channel, event));
	}

	/**
	 * The peer opened a bidirectional stream (other than the draft-14/16 control stream): returns
	 * the channel to report its messages and events on. In draft-14, which has no such streams,
	 * this closes the session with PROTOCOL_VIOLATION (draft-14 §3.3).
	 */
	channelOpened(now: number): number {
		const channel = this.s.allocateChannel();
		this.input(now, () => {
			if (this.s.draft === 14) violation(TerminationCode.PROTOCOL_VIOLATION, "a second bidirectional stream");
			this.s.unclaimed.add(channel);
		});
		return channel;
	}

	/** Runs the deadlines due at `now`. */
	timeout(now: number): void {
		this.input(now, () => {
			for (let key = this.s.deadlines.expire(now); key !== undefined; key = this.s.deadlines.expire(now)) {
				if (this.s.status === "closed") return;
				this.fire(key);
			}
		});
	}

	/** The transport session ended (the peer closed it, or the connection was lost). */
	sessionClosed(code: number, reason: string, now: number): void {
		this.s.now = now;
		closeSession(this.s, code, reason, true);
	}

	// Commands: new requests. Each returns the Request ID.

	/** SUBSCRIBE. */
	subscribe(input: RequestInput<Subscribe>, now: number, options?: RequestOptions): bigint {
		return this.command(now, () => commands.subscribe(this.s, input, options));
	}

	/** PUBLISH: a subscription we start as publisher. */
	publish(input: PublishInput, now: number, options?: RequestOptions): bigint {
		return this.command(now, () => commands.publish(this.s, input, options));
	}

	/** FETCH: standalone, or joining one of our subscriptions. */
	fetch(input: RequestInput<Fetch>, now: number, options?: RequestOptions): bigint {
		return this.command(now, () => commands.fetch(this.s, input, options));
	}

	/** TRACK_STATUS. */
	trackStatus(input: RequestInput<TrackStatus>, now: number, options?: RequestOptions): bigint {
		return this.command(now, () => commands.trackStatus(this.s, input, options));
	}

	/** PUBLISH_NAMESPACE. */
	publishNamespace(input: RequestInput<PublishNamespace>, now: number, options?: RequestOptions): bigint {
		return this.command(now, () => commands.publishNamespace(this.s, input, options));
	}

	/** SUBSCRIBE_NAMESPACE. */
	subscribeNamespace(input: RequestInput<SubscribeNamespace>, now: number, options?: RequestOptions): bigint {
		return this.command(now, () => commands.subscribeNamespace(this.s, input, options));
	}

	/** SUBSCRIBE_TRACKS (draft-18+). */
	subscribeTracks(input: RequestInput<SubscribeTracks>, now: number, options?: RequestOptions): bigint {
		return this.command(now, () => commands.subscribeTracks(this.s, input, options));
	}

	/** SUBSCRIBE_UPDATE (draft-14) / REQUEST_UPDATE of `requestId`; returns the update's Request ID. */
	requestUpdate(requestId: bigint, parameters: MessageParameters, now: number, options?: RequestOptions): bigint {
		return this.command(now, () => commands.requestUpdate(this.s, requestId, parameters, options));
	}

	// Commands on existing requests. Each returns false when the request has already ended.

	/** Answers one of the peer's requests or updates. */
	respond(requestId: bigint, response: Response, now: number): boolean {
		return this.command(now, () => respond(this.s, requestId, response));
	}

	/** Ends a request from our side, with the draft's mechanism (see endings.ts). */
	cancel(requestId: bigint, now: number, options?: CancelOptions): boolean {
		return this.command(now, () => cancel(this.s, requestId, options));
	}

	/** PUBLISH_DONE for a subscription we publish. */
	publishDone(requestId: bigint, options: PublishDoneOptions, now: number): boolean {
		return this.command(now, () => publishDone(this.s, requestId, options));
	}

	/** NAMESPACE on the peer's accepted SUBSCRIBE_NAMESPACE (draft-16+); the full namespace is given. */
	namespace(requestId: bigint, trackNamespace: TrackNamespace, now: number): boolean {
		return this.command(now, () => sendNamespace(this.s, requestId, trackNamespace, false));
	}

	/** NAMESPACE_DONE on the peer's accepted SUBSCRIBE_NAMESPACE (draft-16+). */
	namespaceDone(requestId: bigint, trackNamespace: TrackNamespace, now: number): boolean {
		return this.command(now, () => sendNamespace(this.s, requestId, trackNamespace, true));
	}

	/** PUBLISH_BLOCKED (draft-18) / PUBLISH_SKIPPED (draft-19) on the peer's SUBSCRIBE_TRACKS. */
	publishSkipped(requestId: bigint, trackNamespace: TrackNamespace, trackName: Uint8Array, now: number): boolean {
		return this.command(now, () => publishSkipped(this.s, requestId, trackNamespace, trackName));
	}

	/** GOAWAY for the session. */
	goaway(now: number, options?: GoawayOptions): void {
		this.command(now, () => goaway(this.s, options));
	}

	/** GOAWAY on one request's stream (draft-18+). */
	goawayRequest(requestId: bigint, now: number, options?: GoawayOptions): boolean {
		return this.command(now, () => goawayRequest(this.s, requestId, options));
	}

	/** Closes the session with a termination code. Idempotent. */
	close(code: number, reason: string, now: number): void {
		this.s.now = now;
		closeSession(this.s, code, reason, false);
	}

	// The data plane's reports.

	/** A data stream was opened for a subscription we publish (counted for PUBLISH_DONE). */
	dataStreamOpened(requestId: bigint): boolean {
		return dataStreamOpened(this.s, requestId);
	}

	/** A fetch's data stream is done (finished by us, or ended at our end as subscriber). */
	fetchStreamDone(requestId: bigint, now: number): boolean {
		return this.command(now, () => fetchStreamDone(this.s, requestId));
	}

	/** Forgets a draining subscription before its drain timer does. */
	release(requestId: bigint): boolean {
		return releaseDraining(this.s, requestId);
	}

	// Outputs.

	/** The next thing for the driver to do, or undefined. */
	pollTransmit(): Transmit | undefined {
		return this.s.pollTransmit();
	}

	/** The next event for the application, or undefined. */
	pollEvent(): SessionEvent | undefined {
		return this.s.pollEvent();
	}

	/** The next deadline (same clock as `now`), or undefined; call `timeout` then. */
	pollTimeout(): number | undefined {
		return this.s.status === "closed" ? undefined : this.s.deadlines.next();
	}

	// Lookups for the data plane.

	/**
	 * The subscriptions we receive that use a Track Alias (draining ones included, so late objects
	 * can be recognised; prefer live ones). Several in draft-19 when a publisher shares an alias.
	 */
	subscriptionsByAlias(alias: bigint): readonly SubscriptionInfo[] {
		const set = this.s.aliases.get(alias);
		return set === undefined ? NO_SUBSCRIPTIONS : [...set];
	}

	/** A subscription, either role, live or draining. */
	subscription(requestId: bigint): SubscriptionInfo | undefined {
		const req = this.s.requests.get(requestId);
		if (req?.isSubscription) return req;
		return this.s.draining.get(requestId);
	}

	/** A fetch, either role. */
	fetchByRequestId(requestId: bigint): FetchInfo | undefined {
		const req = this.s.requests.get(requestId);
		return req?.type === "FETCH" ? (req as unknown as FetchInfo) : undefined;
	}

	/** Counts of the state held (tests, monitoring). */
	stats(): SessionStats {
		const s = this.s;
		let subscriptions = 0;
		let fetches = 0;
		for (const r of s.requests.values()) {
			if (r.isSubscription) subscriptions++;
			else if (r.type === "FETCH") fetches++;
		}
		return {
			requests: s.requests.size,
			channels: s.channels.size,
			queued: s.queue.length,
			subscriptions,
			draining: s.draining.size,
			aliases: s.aliases.size,
			fetches,
			buffered: s.buffer.length,
			timers: s.deadlines.size,
			tokenCacheBytes: { peer: s.peerTokens.bytes, own: s.ownTokens.bytes },
			pendingEvents: s.pendingEvents,
			pendingTransmits: s.pendingTransmits,
		};
	}

	// Internals.

	// Peer input: a violation closes the session; then what completed frees Request IDs and the queue.
	private input(now: number, fn: () => void): void {
		if (this.s.status === "closed") return;
		this.s.now = now;
		try {
			fn();
		} catch (e) {
			if (!(e instanceof ProtocolViolation)) throw e;
			closeSession(this.s, e.terminationCode, e.message, false);
		}
		this.afterInput();
	}

	private command<T>(now: number, fn: () => T): T {
		this.s.now = now;
		try {
			return fn();
		} finally {
			this.afterInput();
		}
	}

	// drafts 14 and 16: grant the peer the Request IDs its completed requests freed, and send what
	// the peer's MAX_REQUEST_ID now allows.
	private afterInput(): void {
		const s = this.s;
		if (s.status !== "ready") return;
		const raise = s.peerIds.takeRaise();
		if (raise !== undefined) s.send(0, { type: "MAX_REQUEST_ID", maxRequestId: raise });
		flushQueue(s);
	}

	private fire(key: string): void {
		const s = this.s;
		if (key === SETUP_TIMER) {
			closeSession(s, TerminationCode.CONTROL_MESSAGE_TIMEOUT, "no setup from the peer", false);
			return;
		}
		if (key === GOAWAY_TIMER) {
			onGoawayTimeout(s);
			return;
		}
		const [, id, suffix] = key.split(":");
		const requestId = BigInt(id!);
		if (suffix === "drain") {
			const draining = s.draining.get(requestId);
			if (draining !== undefined) s.forgetDraining(draining);
			return;
		}
		const req = s.requests.get(requestId);
		if (req === undefined) return;
		if (suffix === "response") {
			closeSession(s, TerminationCode.CONTROL_MESSAGE_TIMEOUT, `no answer to request ${requestId}`, false);
		} else if (suffix === "goaway") {
			onRequestGoawayTimeout(s, req);
		} else {
			this.requestTimedOut(req);
		}
	}

	// A request's own timeout: cancel it and tell the application, with code TIMEOUT.
	private requestTimedOut(req: Request): void {
		const s = this.s;
		if (req.answered) return;
		const failure = { code: s.timeoutCode, reason: "timed out", retryInterval: 0n };
		if (req.type === "REQUEST_UPDATE" && s.info.requestStreams) {
			// Answers on a request stream come in order: keep its place, drop its answer when it comes.
			req.abandoned = true;
			s.deadlines.clear(`r:${req.requestId}:response`);
			s.emit({ kind: "request-error", requestId: req.requestId, request: req.type, ...failure, source: "local" });
			return;
		}
		cancelOwn(s, req);
		failOwn(s, req, failure, "local");
	}
}
