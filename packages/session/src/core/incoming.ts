/**
 * The peer's requests and updates as they arrive: Request ID and token checks, the refusals the
 * core makes without the application, and the `request` / `update` events.
 *
 * Rules applied here:
 * - Request IDs and tokens (request-ids.ts, tokens.ts); a REGISTER is kept "even if the message
 *   fails for other reasons" (draft-19 §10.2 "AUTHORIZATION TOKEN Parameter"), so tokens are
 *   applied before any refusal.
 * - DUPLICATE_TRACK_ALIAS: a PUBLISH whose alias another live subscription of another track uses
 *   (-14 §9.13, -16 §9.13, -19 §11.1 "Track Alias").
 * - Duplicate subscriptions: draft-14 "publishers SHOULD treat this as a protocol violation"
 *   (§9.7); -16 and -18 refuse with DUPLICATE_SUBSCRIPTION (§5.1 "Subscriptions"); -19 allows them.
 * - Joining FETCH (-14 §9.16.2, -16 §9.16.2, -19 §10.12.2 "Joining Fetches"): the joined request
 *   must be a subscription we publish, Established or Pending (subscriber) — else
 *   INVALID_JOINING_REQUEST_ID; while the SUBSCRIBE is unanswered the FETCH waits for it; drafts
 *   14 and 16 require the subscription's filter to be Largest Object (else PROTOCOL_VIOLATION);
 *   18 and 19 require Forward State 1 (else INVALID_RANGE).
 * - Overlapping namespace subscriptions are refused with (NAMESPACE_)PREFIX_OVERLAP (-14 §9.28,
 *   -16 §9.25, -19 §10.18), SUBSCRIBE_NAMESPACE and SUBSCRIBE_TRACKS separately (-19 §10.19).
 * - After we sent GOAWAY, drafts 18 and 19 refuse new requests with GOING_AWAY (-18 §10.4 makes it
 *   a MUST).
 * - draft-19 Range Filters beyond our MAX_FILTER_RANGES, or malformed, are refused with
 *   INVALID_FILTER (range-filters.ts).
 * - Limits: from draft-17 concurrent requests beyond our limit are refused with EXCESSIVE_LOAD (in
 *   14 and 16 MAX_REQUEST_ID bounds them); subscriptions and namespace requests beyond theirs too.
 * - Updates (-14 §9.10 SUBSCRIBE_UPDATE: a known subscription, narrowing only, else
 *   PROTOCOL_VIOLATION; -16 §9.11: "The receiver MUST close the session with PROTOCOL_VIOLATION if
 *   the sender specifies an invalid Existing Request ID"; -19 §10.9: an update other than by the
 *   requester or the subscriber of a PUBLISH is a PROTOCOL_VIOLATION, and more than
 *   MAX_REQUEST_UPDATES unanswered ones TOO_MANY_REQUEST_UPDATES; a new prefix overlapping
 *   another namespace subscription is refused with PREFIX_OVERLAP).
 *
 * @module
 */

import {
	FetchType,
	FilterType,
	PublishDoneCode,
	RequestErrorCode,
	type RequestUpdate,
	SubscribeNamespaceErrorCode,
	type SubscribeUpdate,
	TerminationCode,
} from "@moqt/wire";
import { applyParameters, currentRange, mayUpdate, narrows } from "./commands.js";
import { violation } from "./errors.js";
import { namespaceKey, prefixesOverlap, trackKey } from "./keys.js";
import { end, invalidJoiningCode, refuse } from "./lifecycle.js";
import { parametersOf } from "./params.js";
import { rangeFilterFailure } from "./range-filters.js";
import { Request } from "./request.js";
import type { RequestFailure } from "./responses-map.js";
import { type CoreState, isNamespaceRequest } from "./state.js";
import type { IncomingRequestMessage, ResolvedToken } from "./types.js";

/** The resolved tokens of the peer's requests, kept until their event is raised. */
const tokensOf = new WeakMap<Request, readonly ResolvedToken[]>();

/** A request the peer opened, on the control stream (channel 0) or its own stream. */
export function onIncomingRequest(state: CoreState, m: IncomingRequestMessage, channel: number): void {
	state.peerIds.accept(m.requestId);
	const tokens = state.peerTokens.resolve(m.authorizationTokens, false);
	const req = new Request(m.requestId, m.type, false, m, "pending");
	req.channel = channel;
	describe(req, m);
	if (m.type === "PUBLISH") checkPublishAlias(state, req);
	state.requests.set(req.requestId, req);
	if (channel !== 0) state.channels.set(channel, req);
	state.incomingRequests++;
	if (req.isSubscription) state.incomingSubscriptions++;
	if (isNamespaceRequest(req)) state.incomingNamespaceRequests++;
	const refusal = autoRefusal(state, req);
	if (req.isSubscription) state.indexSubscription(req);
	if (isNamespaceRequest(req)) state.indexNamespace(req);
	tokensOf.set(req, tokens);
	if (refusal === "wait") return;
	if (refusal !== undefined) {
		refuse(state, req, refusal);
		return;
	}
	emitRequest(state, req);
}

/** Raises the `request` event of one of the peer's requests. */
export function emitRequest(state: CoreState, req: Request): void {
	state.emit({
		kind: "request",
		requestId: req.requestId,
		message: req.message as IncomingRequestMessage,
		authorizationTokens: tokensOf.get(req) ?? [],
		...(req.joined !== undefined && { joining: req.joined }),
	});
}

/**
 * A subscription we publish was accepted: the Joining FETCHes waiting for it are checked again
 * and raised, or refused.
 */
export function releaseJoinWaiters(state: CoreState, sub: Request): void {
	const waiters = sub.joinWaiters ?? [];
	sub.joinWaiters = undefined;
	for (const fetch of waiters) {
		if (state.requests.get(fetch.requestId) !== fetch) continue;
		const refusal = forwardRefusal(state, sub);
		if (refusal !== undefined) refuse(state, fetch, refusal);
		else emitRequest(state, fetch);
	}
}

function describe(req: Request, m: IncomingRequestMessage): void {
	switch (m.type) {
		case "SUBSCRIBE":
		case "PUBLISH":
			req.role = m.type === "SUBSCRIBE" ? "publisher" : "subscriber";
			req.trackNamespace = m.trackNamespace;
			req.trackName = m.trackName;
			req.trackKey = trackKey(m.trackNamespace, m.trackName);
			req.parameters = parametersOf(m);
			if (m.type === "PUBLISH") {
				req.trackAlias = m.trackAlias;
				req.largestObject = m.largestObject;
				req.trackProperties = m.trackProperties ?? [];
				// The Joining Location: the largest Location when forwarding starts (draft-19 §5.1).
				if (m.forward !== false) req.joiningLocation = m.largestObject;
			}
			return;
		case "FETCH":
			req.role = "publisher";
			req.parameters = parametersOf(m);
			if (m.fetchType.type === FetchType.STANDALONE) {
				req.trackNamespace = m.fetchType.trackNamespace;
				req.trackName = m.fetchType.trackName;
			}
			return;
		case "TRACK_STATUS":
			req.trackNamespace = m.trackNamespace;
			req.trackName = m.trackName;
			req.parameters = parametersOf(m);
			return;
		case "PUBLISH_NAMESPACE":
			req.namespace = m.trackNamespace;
			req.namespaceKey = namespaceKey(m.trackNamespace);
			req.parameters = parametersOf(m);
			return;
		case "SUBSCRIBE_NAMESPACE":
		case "SUBSCRIBE_TRACKS":
			req.namespace = m.trackNamespacePrefix;
			req.namespaceKey = namespaceKey(m.trackNamespacePrefix);
			req.parameters = parametersOf(m, ["trackNamespacePrefix"]);
			req.active = new Map();
			return;
	}
}

// "If a subscriber receives a PUBLISH or SUBSCRIBE_OK that uses the same Track Alias as a different
// Track with an Established subscription, it MUST close the session with DUPLICATE_TRACK_ALIAS."
// A PUBLISH not yet accepted counts: its objects may already flow.
function checkPublishAlias(state: CoreState, req: Request): void {
	checkSubscriberAlias(state, req, req.trackAlias!);
}

/** DUPLICATE_TRACK_ALIAS check for a subscription we receive. */
export function checkSubscriberAlias(state: CoreState, req: Request, alias: bigint): void {
	for (const s of state.aliases.get(alias) ?? []) {
		if (s !== req && s.phase !== "draining" && s.trackKey !== req.trackKey) {
			violation(TerminationCode.DUPLICATE_TRACK_ALIAS, `Track Alias ${alias} is in use for another track`);
		}
	}
}

function failure(code: number, reason: string, retryInterval = 0n): RequestFailure {
	return { code, reason, retryInterval };
}

// Retry Interval for EXCESSIVE_LOAD refusals: one second, plus one (the field is ms + 1).
const OVERLOAD_RETRY = 1001n;

function autoRefusal(state: CoreState, req: Request): RequestFailure | "wait" | undefined {
	if (state.goawaySent && state.draft >= 18) return failure(RequestErrorCode[18].GOING_AWAY, "going away");
	const { limits } = state;
	if (!state.info.maxRequestId && state.incomingRequests > limits.maxIncomingRequests) {
		return failure(state.overloadCode, "too many requests", OVERLOAD_RETRY);
	}
	if (req.isSubscription && state.incomingSubscriptions > limits.maxSubscriptions) {
		return failure(state.overloadCode, "too many subscriptions", OVERLOAD_RETRY);
	}
	if (isNamespaceRequest(req) && state.incomingNamespaceRequests > limits.maxNamespaces) {
		return failure(state.overloadCode, "too many namespace requests", OVERLOAD_RETRY);
	}
	if (state.draft >= 19) {
		const invalid = rangeFilterFailure(req.parameters, state.local.maxFilterRanges ?? 0n);
		if (invalid !== undefined) return invalid;
	}
	switch (req.type) {
		case "SUBSCRIBE":
			return duplicateRefusal(state, req, state.publisherTracks.get(req.trackKey!));
		case "PUBLISH": {
			// Our own SUBSCRIBE still pending is ended when this PUBLISH is accepted (draft-16/-18 §5.1).
			const live = [...(state.subscriberTracks.get(req.trackKey!) ?? [])].filter(
				(s) => !(s.outgoing && s.phase !== "established"),
			);
			return state.draft === 14 ? undefined : duplicateRefusal(state, req, live);
		}
		case "FETCH":
			return req.fetch.fetchType.type === FetchType.STANDALONE ? undefined : joiningRefusal(state, req);
		case "SUBSCRIBE_NAMESPACE":
		case "SUBSCRIBE_TRACKS":
			return overlaps(state, req, req.namespace) ? prefixOverlap(state) : undefined;
		default:
			return undefined;
	}
}

function duplicateRefusal(
	state: CoreState,
	req: Request,
	live: Iterable<Request> | undefined,
): RequestFailure | undefined {
	if (state.draft === 19 || live === undefined) return undefined;
	for (const s of live) {
		if (s === req) continue;
		if (state.draft === 14) {
			// The rule binds the subscriber: only its own second SUBSCRIBE is its fault. A SUBSCRIBE
			// crossing our PUBLISH of the track is left to the application (draft-14 has no code for it).
			if (s.outgoing) continue;
			violation(TerminationCode.PROTOCOL_VIOLATION, "a second subscription to a track");
		}
		return failure(RequestErrorCode[16].DUPLICATE_SUBSCRIPTION, "a subscription to this track exists");
	}
	return undefined;
}

function joiningRefusal(state: CoreState, req: Request): RequestFailure | "wait" | undefined {
	const f = req.fetch.fetchType;
	if (f.type === FetchType.STANDALONE) return undefined;
	const sub = state.requests.get(f.joiningRequestId);
	const invalid = failure(invalidJoiningCode(state), `${f.joiningRequestId} is not a subscription to join`);
	// Established or Pending (subscriber): a SUBSCRIBE we have not answered, not a PUBLISH of ours unanswered.
	if (sub === undefined || !sub.isSubscription || sub.role !== "publisher") return invalid;
	if (sub.outgoing && sub.phase !== "established") return invalid;
	req.joined = sub;
	req.trackNamespace = sub.trackNamespace;
	req.trackName = sub.trackName;
	if (state.draft <= 16 && sub.parameters.subscriptionFilter?.type !== FilterType.LARGEST_OBJECT) {
		violation(
			TerminationCode.PROTOCOL_VIOLATION,
			"a Joining FETCH needs a subscription with the Largest Object filter",
		);
	}
	if (sub.phase !== "established") {
		sub.joinWaiters ??= [];
		sub.joinWaiters.push(req);
		return "wait";
	}
	return forwardRefusal(state, sub);
}

// draft-18/-19: "A Joining Fetch is only permitted when the associated subscription has Forward
// State 1; otherwise the publisher MUST respond with a REQUEST_ERROR with error code INVALID_RANGE."
function forwardRefusal(state: CoreState, sub: Request): RequestFailure | undefined {
	if (state.draft >= 18 && sub.parameters.forward === false) {
		return failure(RequestErrorCode[18].INVALID_RANGE, "the joined subscription does not forward");
	}
	return undefined;
}

function overlaps(state: CoreState, req: Request, prefix: Request["namespace"]): boolean {
	for (const other of state.liveRequests(false, req.type)) {
		if (other !== req && prefixesOverlap(other.namespace, prefix)) return true;
	}
	return false;
}

function prefixOverlap(state: CoreState): RequestFailure {
	const code =
		state.draft === 14 ? SubscribeNamespaceErrorCode.NAMESPACE_PREFIX_OVERLAP : RequestErrorCode[16].PREFIX_OVERLAP;
	return failure(code, "the prefix overlaps another namespace subscription");
}

/**
 * The peer's SUBSCRIBE_UPDATE (draft-14) or REQUEST_UPDATE. `channelTarget` is the request whose
 * stream carried it (draft-17+); before, the message names its target.
 */
export function onIncomingUpdate(state: CoreState, m: SubscribeUpdate | RequestUpdate, channelTarget?: Request): void {
	state.peerIds.accept(m.requestId);
	const tokens = state.peerTokens.resolve(m.authorizationTokens, false);
	const target = channelTarget ?? findTarget(state, m);
	if (target === undefined) return;
	if (target.type === "REQUEST_UPDATE" || !mayUpdate(state.draft, target, !target.outgoing)) {
		violation(TerminationCode.PROTOCOL_VIOLATION, `${m.type} of request ${target.requestId} is not allowed`);
	}
	const parameters = parametersOf(m);
	if (m.type === "SUBSCRIBE_UPDATE") {
		const f = parameters.subscriptionFilter!;
		const next = {
			start: "start" in f ? f.start : { group: 0n, object: 0n },
			endGroup: f.type === FilterType.ABSOLUTE_RANGE ? f.endGroup : undefined,
		};
		if (!narrows(currentRange(target), next)) {
			violation(TerminationCode.PROTOCOL_VIOLATION, "SUBSCRIBE_UPDATE widens the subscription");
		}
	}
	const limit = state.local.maxRequestUpdates ?? 0n;
	if (state.draft >= 19 && limit > 0n && BigInt(target.updatesIn.length) >= limit) {
		violation(TerminationCode.TOO_MANY_REQUEST_UPDATES, `more than ${limit} unanswered REQUEST_UPDATEs`);
	}
	// Without a limit the draft enforces, unanswered updates are bounded like requests.
	const overloaded = target.updatesIn.length >= state.limits.maxIncomingRequests;
	const update = new Request(m.requestId, "REQUEST_UPDATE", false, m, "pending");
	update.target = target;
	update.parameters = parameters;
	state.requests.set(update.requestId, update);
	target.updatesIn.push(update);
	const needsResponse = state.draft !== 14;
	if (!needsResponse) applyParameters(target, parameters);
	if (overloaded && needsResponse) {
		refuseUpdate(state, update, failure(state.overloadCode, "too many unanswered updates", OVERLOAD_RETRY));
		return;
	}
	const invalidFilter =
		state.draft >= 19 ? rangeFilterFailure(parameters, state.local.maxFilterRanges ?? 0n) : undefined;
	if (invalidFilter !== undefined) {
		refuseUpdate(state, update, invalidFilter);
		return;
	}
	const prefix = parameters.trackNamespacePrefix;
	if (prefix !== undefined && (target.type === "SUBSCRIBE_NAMESPACE" || target.type === "SUBSCRIBE_TRACKS")) {
		if (overlaps(state, target, prefix)) {
			refuseUpdate(state, update, prefixOverlap(state));
			return;
		}
	}
	state.emit({
		kind: "update",
		requestId: update.requestId,
		targetRequestId: target.requestId,
		parameters,
		authorizationTokens: tokens,
		needsResponse,
	});
	// SUBSCRIBE_UPDATE has no answer: done once applied.
	if (!needsResponse) state.forget(update);
}

function findTarget(state: CoreState, m: SubscribeUpdate | RequestUpdate): Request | undefined {
	const id = m.type === "SUBSCRIBE_UPDATE" ? m.subscriptionRequestId : m.existingRequestId!;
	const target = state.requests.get(id);
	if (target !== undefined) return target;
	if (!state.peerIds.used(id) && !state.ownIds.issued(id)) {
		violation(TerminationCode.PROTOCOL_VIOLATION, `${m.type} of request ${id}, which never existed`);
	}
	// The request ended while the update was in flight. The update used a Request ID: return it,
	// and answer where the draft answers updates.
	state.peerIds.release();
	if (state.draft === 16) {
		state.send(0, {
			type: "REQUEST_ERROR",
			requestId: m.requestId,
			errorCode: RequestErrorCode[16].DOES_NOT_EXIST,
			retryInterval: 0n,
			reasonPhrase: "the request has ended",
		});
	}
	return undefined;
}

/** Refuses one of the peer's updates (by the core or the application) and applies the consequences. */
export function refuseUpdate(state: CoreState, update: Request, f: RequestFailure): void {
	const target = update.target!;
	update.answered = true;
	state.send(state.info.requestStreams ? target.channel : 0, {
		type: "REQUEST_ERROR",
		...(!state.info.requestStreams && { requestId: update.requestId }),
		errorCode: f.code,
		retryInterval: f.retryInterval,
		reasonPhrase: f.reason,
	});
	state.forget(update);
	afterUpdateRefused(state, target);
}

/**
 * A refused update ends what the draft says it ends: "the publisher MUST also terminate the
 * subscription by sending a PUBLISH_DONE with error code UPDATE_FAILED" (-16 §9.11.1, -19
 * §10.9.1); from draft-18 the responder closes the stream of a FETCH or namespace request.
 */
function afterUpdateRefused(state: CoreState, target: Request): void {
	if (state.requests.get(target.requestId) !== target) return;
	if (target.isSubscription && target.role === "publisher") {
		state.send(state.info.requestStreams ? target.channel : 0, {
			type: "PUBLISH_DONE",
			...(!state.info.requestStreams && { requestId: target.requestId }),
			statusCode: PublishDoneCode[16].UPDATE_FAILED, // 0x8 in drafts 16, 18 and 19
			streamCount: BigInt(target.streamsOpened),
			reasonPhrase: "REQUEST_UPDATE failed",
		});
	} else if (!(state.info.requestStreams && !target.outgoing && !target.isSubscription)) {
		return;
	}
	state.finish(target);
	state.emit({
		kind: "request-ended",
		requestId: target.requestId,
		request: target.type,
		cause: "failed",
		code: target.isSubscription ? PublishDoneCode[16].UPDATE_FAILED : 0,
		reason: "REQUEST_UPDATE failed",
		source: "local",
	});
	end(state, target);
}
