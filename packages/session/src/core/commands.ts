/**
 * Our requests: creating them, sending them (at once, or from the queue that waits for the peer's
 * MAX_REQUEST_ID in drafts 14 and 16), and updating them.
 *
 * - Where a request travels (draft-ietf-moq-transport-14 §9 and -16 §9: the control stream, except
 *   -16's SUBSCRIBE_NAMESPACE on its own bidi stream; -18/-19 §3.3 "Session initialization": each
 *   request opens its own bidi stream, and TRACK_STATUS is "the first and only message" on it).
 * - Request IDs and REQUESTS_BLOCKED (-14 §9.6, -16 §9.6): a request beyond the peer's limit waits;
 *   one REQUESTS_BLOCKED per limit value.
 * - GOAWAY: "Upon receiving a GOAWAY, an endpoint SHOULD NOT initiate new requests" (-14 §9.4,
 *   -19 §10.4): new requests throw once one was received.
 * - Duplicate subscriptions: one per track and role, except in draft-19 (-14 §9.7 "A subscriber
 *   MUST NOT make multiple active subscriptions for a track"; -16 §5.1, -18 §5.1
 *   DUPLICATE_SUBSCRIPTION; -19 §5.1 "An endpoint MAY have multiple concurrent subscriptions").
 * - Updates: SUBSCRIBE_UPDATE (-14 §9.10, narrowing only, no answer), REQUEST_UPDATE (-16 §9.11
 *   with Existing Request ID; -18/-19 §10.9 on the request's stream, bounded by the peer's
 *   MAX_REQUEST_UPDATES in -19).
 *
 * @module
 */

import {
	type ControlMessage,
	type Fetch,
	FetchType,
	FilterType,
	type Location,
	type MessageParameters,
	type Publish,
	type PublishNamespace,
	type Subscribe,
	type SubscribeNamespace,
	type SubscribeTracks,
	type SubscriptionFilter,
	type TrackStatus,
} from "@moqt/wire";
import { SessionError } from "./errors.js";
import { compareLocations, namespaceKey, trackKey } from "./keys.js";
import { end } from "./lifecycle.js";
import { parametersOf } from "./params.js";
import { rangeCount } from "./range-filters.js";
import { Request } from "./request.js";
import { type CoreState, timerKey } from "./state.js";
import type { PublishInput, RequestInput, RequestOptions, RequestType } from "./types.js";

/** Throws unless the session can take commands. */
export function ensureOpen(state: CoreState): void {
	if (state.status === "closed") {
		throw new SessionError("closed", `the session is closed (${state.closeInfo?.reason ?? ""})`, {
			terminationCode: state.closeInfo?.code,
		});
	}
}

function ensureNewRequestAllowed(state: CoreState): void {
	ensureOpen(state);
	if (state.goawayReceived) throw new SessionError("going-away", "the peer sent GOAWAY: no new requests");
}

interface OwnRequestSpec {
	readonly type: RequestType;
	readonly build: (requestId: bigint) => ControlMessage;
	readonly options: RequestOptions | undefined;
	/** The request opens its own stream. */
	readonly ownChannel: boolean;
	readonly prepare?: (req: Request) => void;
}

/** Creates one of our requests and sends or queues it; returns its Request ID. Throws before any change. */
function createOwn(state: CoreState, spec: OwnRequestSpec): bigint {
	const id = state.ownIds.next;
	const message = spec.build(id);
	const bytes = state.encode(message);
	const ranges = rangeCount(message as MessageParameters);
	if (ranges > 0n && ranges > (state.peer?.maxFilterRanges ?? 0n)) {
		throw new SessionError("limit", `${ranges} filter ranges exceed the peer's MAX_FILTER_RANGES`);
	}
	const mustQueue =
		state.info.maxRequestId && (state.status !== "ready" || state.queue.length > 0 || !state.ownIds.canSend(id));
	if (mustQueue && state.queue.length >= state.limits.maxQueuedRequests) {
		throw new SessionError("limit", "too many requests waiting for the peer's MAX_REQUEST_ID");
	}
	const channel = spec.ownChannel ? state.allocateChannel() : 0;
	const tokens = "authorizationTokens" in message ? message.authorizationTokens : undefined;
	state.ownTokens.apply(tokens, channel, id);
	state.ownIds.allocate();
	const req = new Request(id, spec.type, true, message, "queued");
	req.bytes = bytes;
	req.channel = channel;
	spec.prepare?.(req);
	state.requests.set(id, req);
	if (spec.options?.timeout !== undefined)
		state.deadlines.set(timerKey(req, "timeout"), state.now + spec.options.timeout);
	if (mustQueue) {
		state.queue.push(req);
		reportBlocked(state);
	} else {
		sendOwn(state, req);
	}
	return id;
}

/** Sends one of our requests (or, if it ended while queued, sends it and what ends it). */
function sendOwn(state: CoreState, req: Request): void {
	const live = state.requests.get(req.requestId) === req;
	const bytes = req.bytes ?? state.encode(req.message);
	req.bytes = undefined;
	if (req.phase === "queued") req.phase = "pending";
	if (req.type === "REQUEST_UPDATE" && state.info.requestStreams) {
		state.send(req.target!.channel, req.message, bytes);
	} else if (req.channel !== 0) {
		if (live) state.channels.set(req.channel, req);
		state.transmit({ kind: "open", channel: req.channel, message: req.message, bytes });
		// TRACK_STATUS is "the first and only message" on its stream: the requester may FIN at once.
		if (req.type === "TRACK_STATUS") state.finish(req);
	} else {
		state.send(0, req.message, bytes);
	}
	if (!live) {
		req.afterSend?.();
		return;
	}
	if (req.type === "REQUEST_UPDATE" && state.draft === 14) {
		// SUBSCRIBE_UPDATE has no answer: it applies as sent.
		applyParameters(req.target!, req.parameters);
		end(state, req);
		return;
	}
	if (state.limits.controlMessageTimeout !== undefined) {
		state.deadlines.set(timerKey(req, "response"), state.now + state.limits.controlMessageTimeout);
	}
}

/** Sends what the peer's MAX_REQUEST_ID now allows from the queue, then REQUESTS_BLOCKED if still blocked. */
export function flushQueue(state: CoreState): void {
	if (state.status !== "ready") return;
	while (state.queue.length > 0 && state.ownIds.canSend(state.queue[0]!.requestId))
		sendOwn(state, state.queue.shift()!);
	reportBlocked(state);
}

function reportBlocked(state: CoreState): void {
	if (state.status !== "ready" || state.queue.length === 0) return;
	const max = state.ownIds.blockedReport();
	if (max !== undefined) state.send(0, { type: "REQUESTS_BLOCKED", maxRequestId: max });
}

/** Copies the parameters an update or response changes onto a request (tokens excepted). */
export function applyParameters(req: Request, params: MessageParameters): void {
	const { authorizationTokens: _, ...rest } = params;
	const defined = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
	req.parameters = { ...req.parameters, ...defined };
}

// Subscriptions share a track key, and one per track and role is allowed except in draft-19.
function ensureNoDuplicate(state: CoreState, role: "publisher" | "subscriber", key: string): void {
	if (state.draft === 19) return;
	const live = (role === "subscriber" ? state.subscriberTracks : state.publisherTracks).get(key);
	if (live !== undefined && live.size > 0) {
		throw new SessionError("invalid-state", `a ${role} subscription to this track exists (draft-${state.draft})`);
	}
}

/** SUBSCRIBE. */
export function subscribe(state: CoreState, input: RequestInput<Subscribe>, options?: RequestOptions): bigint {
	ensureNewRequestAllowed(state);
	const key = trackKey(input.trackNamespace, input.trackName);
	ensureNoDuplicate(state, "subscriber", key);
	return createOwn(state, {
		type: "SUBSCRIBE",
		build: (requestId) => ({ type: "SUBSCRIBE", requestId, ...input }),
		options,
		ownChannel: state.info.requestStreams,
		prepare: (req) => {
			req.role = "subscriber";
			setTrack(req, input.trackNamespace, input.trackName, key);
			req.parameters = parametersOf(input);
			state.indexSubscription(req);
		},
	});
}

/** PUBLISH. The Track Alias is the application's, or one the core picks. */
export function publish(state: CoreState, input: PublishInput, options?: RequestOptions): bigint {
	ensureNewRequestAllowed(state);
	const key = trackKey(input.trackNamespace, input.trackName);
	ensureNoDuplicate(state, "publisher", key);
	const trackAlias = input.trackAlias ?? pickAlias(state);
	checkAlias(state, trackAlias, key);
	return createOwn(state, {
		type: "PUBLISH",
		build: (requestId): Publish => ({ type: "PUBLISH", requestId, ...input, trackAlias }),
		options,
		ownChannel: state.info.requestStreams,
		prepare: (req) => {
			req.role = "publisher";
			setTrack(req, input.trackNamespace, input.trackName, key);
			req.trackAlias = trackAlias;
			req.parameters = parametersOf(input);
			req.largestObject = input.largestObject;
			req.trackProperties = input.trackProperties ?? [];
			// The Joining Location: the largest Location when forwarding starts (draft-19 §5.1).
			if (input.forward !== false) req.joiningLocation = input.largestObject;
			state.indexSubscription(req);
		},
	});
}

/** FETCH. A Joining Fetch must name a subscription of ours that receives the track. */
export function fetch(state: CoreState, input: RequestInput<Fetch>, options?: RequestOptions): bigint {
	ensureNewRequestAllowed(state);
	const f = input.fetchType;
	let joined: Request | undefined;
	if (f.type !== FetchType.STANDALONE) {
		joined = state.requests.get(f.joiningRequestId);
		if (joined === undefined || !joined.isSubscription || joined.role !== "subscriber") {
			throw new SessionError("invalid-state", `Joining FETCH: ${f.joiningRequestId} is not a subscription of ours`);
		}
	}
	return createOwn(state, {
		type: "FETCH",
		build: (requestId) => ({ type: "FETCH", requestId, ...input }),
		options,
		ownChannel: state.info.requestStreams,
		prepare: (req) => {
			req.role = "subscriber";
			req.joined = joined;
			if (f.type === FetchType.STANDALONE) setTrack(req, f.trackNamespace, f.trackName);
			else setTrack(req, joined!.trackNamespace, joined!.trackName);
			req.parameters = parametersOf(input);
		},
	});
}

/** TRACK_STATUS. */
export function trackStatus(state: CoreState, input: RequestInput<TrackStatus>, options?: RequestOptions): bigint {
	ensureNewRequestAllowed(state);
	return createOwn(state, {
		type: "TRACK_STATUS",
		build: (requestId) => ({ type: "TRACK_STATUS", requestId, ...input }),
		options,
		ownChannel: state.info.requestStreams,
		prepare: (req) => setTrack(req, input.trackNamespace, input.trackName),
	});
}

/** PUBLISH_NAMESPACE. */
export function publishNamespace(
	state: CoreState,
	input: RequestInput<PublishNamespace>,
	options?: RequestOptions,
): bigint {
	ensureNewRequestAllowed(state);
	return createOwn(state, {
		type: "PUBLISH_NAMESPACE",
		build: (requestId) => ({ type: "PUBLISH_NAMESPACE", requestId, ...input }),
		options,
		ownChannel: state.info.requestStreams,
		prepare: (req) => setNamespace(state, req, input.trackNamespace),
	});
}

/** SUBSCRIBE_NAMESPACE (on its own stream from draft-16). */
export function subscribeNamespace(
	state: CoreState,
	input: RequestInput<SubscribeNamespace>,
	options?: RequestOptions,
): bigint {
	ensureNewRequestAllowed(state);
	return createOwn(state, {
		type: "SUBSCRIBE_NAMESPACE",
		build: (requestId) => ({ type: "SUBSCRIBE_NAMESPACE", requestId, ...input }),
		options,
		ownChannel: state.draft >= 16,
		prepare: (req) => {
			setNamespace(state, req, input.trackNamespacePrefix);
			req.active = new Map();
		},
	});
}

/** SUBSCRIBE_TRACKS (draft-18+). */
export function subscribeTracks(
	state: CoreState,
	input: RequestInput<SubscribeTracks>,
	options?: RequestOptions,
): bigint {
	ensureNewRequestAllowed(state);
	if (state.draft < 18) throw new SessionError("unsupported", `draft-${state.draft} has no SUBSCRIBE_TRACKS`);
	return createOwn(state, {
		type: "SUBSCRIBE_TRACKS",
		build: (requestId) => ({ type: "SUBSCRIBE_TRACKS", requestId, ...input }),
		options,
		ownChannel: true,
		prepare: (req) => setNamespace(state, req, input.trackNamespacePrefix),
	});
}

// Who may update what: the sender of these requests, and the subscriber of a PUBLISH (draft-19 §10.9).
const UPDATABLE: Record<number, readonly RequestType[]> = {
	16: ["SUBSCRIBE", "PUBLISH", "FETCH", "TRACK_STATUS", "PUBLISH_NAMESPACE", "SUBSCRIBE_NAMESPACE"],
	18: ["SUBSCRIBE", "PUBLISH", "FETCH", "PUBLISH_NAMESPACE", "SUBSCRIBE_NAMESPACE", "SUBSCRIBE_TRACKS"],
	19: ["SUBSCRIBE", "PUBLISH", "FETCH", "PUBLISH_NAMESPACE", "SUBSCRIBE_NAMESPACE", "SUBSCRIBE_TRACKS"],
};

/** True when the sender of `update` may update `target` (direction seen from the updater). */
export function mayUpdate(draft: number, target: Request, updaterIsRequester: boolean): boolean {
	if (draft === 14) {
		// SUBSCRIBE_UPDATE: the subscriber of a subscription.
		return target.isSubscription && (updaterIsRequester ? target.type === "SUBSCRIBE" : target.type === "PUBLISH");
	}
	if (updaterIsRequester) return UPDATABLE[draft]!.includes(target.type);
	return target.type === "PUBLISH";
}

/** SUBSCRIBE_UPDATE / REQUEST_UPDATE of one of our requests, or of a PUBLISH we accepted. */
export function requestUpdate(
	state: CoreState,
	targetId: bigint,
	parameters: MessageParameters,
	options?: RequestOptions,
): bigint {
	ensureOpen(state);
	const target = state.requests.get(targetId);
	if (target === undefined || target.type === "REQUEST_UPDATE" || !mayUpdate(state.draft, target, target.outgoing)) {
		throw new SessionError("invalid-state", `request ${targetId} cannot be updated by us`);
	}
	if (!target.outgoing && target.phase !== "established") {
		throw new SessionError("invalid-state", `the PUBLISH ${targetId} is not accepted yet`);
	}
	if (state.draft === 14) return subscribeUpdate14(state, target, parameters, options);
	const limit = state.peer?.maxRequestUpdates ?? 0n;
	if (state.draft >= 19 && limit > 0n && BigInt(target.updatesOut.length) >= limit) {
		throw new SessionError("limit", `MAX_REQUEST_UPDATES (${limit}) updates of ${targetId} are unanswered`);
	}
	return createOwn(state, {
		type: "REQUEST_UPDATE",
		build: (requestId) => ({
			type: "REQUEST_UPDATE",
			requestId,
			...(state.draft === 16 && { existingRequestId: targetId }),
			...parameters,
		}),
		options,
		ownChannel: false,
		prepare: (req) => {
			req.target = target;
			req.parameters = parameters;
			target.updatesOut.push(req);
		},
	});
}

function subscribeUpdate14(
	state: CoreState,
	target: Request,
	parameters: MessageParameters,
	options: RequestOptions | undefined,
): bigint {
	if (target.phase !== "established") {
		throw new SessionError("invalid-state", "draft-14 updates only established subscriptions");
	}
	const current = currentRange(target);
	const filter = parameters.subscriptionFilter ?? rangeFilter(current);
	if (filter.type !== FilterType.ABSOLUTE_START && filter.type !== FilterType.ABSOLUTE_RANGE) {
		throw new SessionError("invalid-argument", "SUBSCRIBE_UPDATE takes an AbsoluteStart or AbsoluteRange filter");
	}
	const next = {
		start: filter.start,
		endGroup: filter.type === FilterType.ABSOLUTE_RANGE ? filter.endGroup : undefined,
	};
	if (!narrows(current, next)) {
		throw new SessionError("invalid-argument", "SUBSCRIBE_UPDATE can only narrow a subscription (draft-14 §9.10)");
	}
	const full: MessageParameters = {
		...parameters,
		subscriptionFilter: filter,
		subscriberPriority: parameters.subscriberPriority ?? target.parameters.subscriberPriority ?? 128,
		forward: parameters.forward ?? target.parameters.forward ?? true,
	};
	return createOwn(state, {
		type: "REQUEST_UPDATE",
		build: (requestId) => ({
			type: "SUBSCRIBE_UPDATE",
			requestId,
			subscriptionRequestId: target.requestId,
			...full,
		}),
		options,
		ownChannel: false,
		prepare: (req) => {
			req.target = target;
			req.parameters = full;
		},
	});
}

/** A subscription's range: its resolved start, and its last group if it has one. */
export interface Range {
	readonly start: Location;
	readonly endGroup: bigint | undefined;
}

/**
 * The range a subscription's filter selects, with relative filters resolved against the largest
 * Location the publisher reported (draft-14 §9.7 "Filter Types").
 */
export function currentRange(sub: Request): Range {
	const f = sub.parameters.subscriptionFilter;
	const largest = sub.largestObject;
	switch (f?.type) {
		case FilterType.ABSOLUTE_START:
			return { start: f.start, endGroup: undefined };
		case FilterType.ABSOLUTE_RANGE:
			return { start: f.start, endGroup: f.endGroup };
		case FilterType.LARGEST_OBJECT:
			return { start: largest ? { group: largest.group, object: largest.object + 1n } : ZERO, endGroup: undefined };
		case FilterType.NEXT_GROUP_START:
			return { start: largest ? { group: largest.group + 1n, object: 0n } : ZERO, endGroup: undefined };
		default:
			return { start: ZERO, endGroup: undefined };
	}
}

const ZERO: Location = { group: 0n, object: 0n };

function rangeFilter(r: Range): SubscriptionFilter {
	return r.endGroup === undefined
		? { type: FilterType.ABSOLUTE_START, start: r.start }
		: { type: FilterType.ABSOLUTE_RANGE, start: r.start, endGroup: r.endGroup };
}

/** draft-14: "The Start Location MUST NOT decrease and the End Group MUST NOT increase." */
export function narrows(current: Range, next: Range): boolean {
	if (compareLocations(next.start, current.start) < 0) return false;
	if (current.endGroup === undefined) return true;
	return next.endGroup !== undefined && next.endGroup <= current.endGroup;
}

function setTrack(req: Request, ns: Request["trackNamespace"], name: Uint8Array, key?: string): void {
	req.trackNamespace = ns;
	req.trackName = name;
	if (key !== undefined) req.trackKey = key;
}

function setNamespace(state: CoreState, req: Request, ns: Request["namespace"]): void {
	req.namespace = ns;
	req.namespaceKey = namespaceKey(ns);
	state.indexNamespace(req);
}

/**
 * A Track Alias for a publisher-side subscription: the next one unused. Subscriptions never share
 * one, so a subscriber never has to tell them apart by their filters (draft-19 §11.1).
 */
export function pickAlias(state: CoreState): bigint {
	while (state.publisherAliases.has(state.nextAlias)) state.nextAlias++;
	return state.nextAlias++;
}

/** "The same Track Alias MUST NOT be used by a publisher to refer to two different Tracks simultaneously." */
export function checkAlias(state: CoreState, alias: bigint, key: string): void {
	for (const s of state.publisherAliases.get(alias) ?? []) {
		if (s.trackKey !== key)
			throw new SessionError("invalid-argument", `Track Alias ${alias} is in use for another track`);
	}
}
