/**
 * Our answers to the peer's requests: `respond` (the draft's OK or error message, see
 * responses-map.ts), and what a publisher sends on an accepted namespace subscription —
 * NAMESPACE / NAMESPACE_DONE (draft-ietf-moq-transport-16 §9.21, §9.23; -18/-19 §10.16, §10.17:
 * "The publisher MUST NOT send NAMESPACE_DONE for a namespace suffix before the corresponding
 * NAMESPACE") and PUBLISH_BLOCKED (-18 §10.20) / PUBLISH_SKIPPED (-19 §10.20).
 *
 * Accepting rules applied here:
 * - SUBSCRIBE_OK's Track Alias is the application's or one the core picks; a publisher "MUST NOT"
 *   use one alias for two tracks at once (-19 §11.1).
 * - The Joining Location is the largest Location when forwarding starts (-19 §5.1): SUBSCRIBE_OK,
 *   and a REQUEST_UPDATE_OK that turns Forward State from 0 to 1.
 * - Accepting a PUBLISH ends our own pending SUBSCRIBE to the track first (-16 and -18 §5.1: "it
 *   MUST ensure the subscription it initiated transitions to the Terminated state before sending
 *   PUBLISH_OK").
 * - From draft-17 the responder FINs after a final answer (-19 §3.3.2 "Graceful Request Stream
 *   Closure"): after an error, after TRACK_STATUS_OK, after FETCH_OK once the fetch's data is done.
 *
 * @module
 */

import { RequestErrorCode, type TrackNamespace } from "@moqt/wire";
import { applyParameters, checkAlias, ensureOpen, pickAlias } from "./commands.js";
import { cancelOwn } from "./endings.js";
import { SessionError } from "./errors.js";
import { refuseUpdate, releaseJoinWaiters } from "./incoming.js";
import { hasPrefix, namespaceKey } from "./keys.js";
import { end, failOwn } from "./lifecycle.js";
import type { Request } from "./request.js";
import { errorMessage, okMessage } from "./responses-map.js";
import type { CoreState } from "./state.js";
import type { Response } from "./types.js";

/** Answers one of the peer's requests or updates. False when it no longer exists. */
export function respond(state: CoreState, requestId: bigint, response: Response): boolean {
	ensureOpen(state);
	const req = state.requests.get(requestId);
	if (req === undefined) {
		if (state.peerIds.used(requestId)) return false;
		throw new SessionError("invalid-state", `the peer has no request ${requestId}`);
	}
	if (req.outgoing) throw new SessionError("invalid-state", `request ${requestId} is ours`);
	if (req.answered) throw new SessionError("invalid-state", `request ${requestId} was answered`);
	if (req.type === "REQUEST_UPDATE") return respondUpdate(state, req, response);
	if (response.kind === "error") {
		const failure = {
			code: response.code,
			reason: response.reason ?? "",
			retryInterval: response.retryInterval ?? 0n,
			...(response.redirect !== undefined && { redirect: response.redirect }),
		};
		const message = errorMessage(state, req, failure);
		const bytes = state.encode(message);
		req.answered = true;
		state.send(req.channel, message, bytes);
		state.finish(req);
		end(state, req);
		return true;
	}
	switch (req.type) {
		case "SUBSCRIBE":
			return acceptSubscribe(state, req, response);
		case "PUBLISH":
			return acceptPublish(state, req, response);
		default:
			break;
	}
	const message = okMessage(state, req, response, undefined);
	const bytes = state.encode(message);
	req.answered = true;
	state.send(req.channel, message, bytes);
	if (response.parameters !== undefined) applyParameters(req, response.parameters);
	switch (req.type) {
		case "FETCH":
			if (response.kind === "fetch-ok") {
				req.endLocation = response.endLocation;
				req.endOfTrack = response.endOfTrack;
			}
			req.phase = "established";
			// The fetch is complete once its data stream is done too.
			if (req.dataDone) complete(state, req);
			return true;
		case "TRACK_STATUS":
			complete(state, req);
			return true;
		default:
			req.phase = "established";
			return true;
	}
}

function complete(state: CoreState, req: Request): void {
	state.finish(req);
	end(state, req);
}

function acceptSubscribe(state: CoreState, req: Request, response: Exclude<Response, { kind: "error" }>): boolean {
	const alias = response.kind === "subscribe-ok" ? (response.trackAlias ?? pickAlias(state)) : undefined;
	if (alias !== undefined) checkAlias(state, alias, req.trackKey!);
	const message = okMessage(state, req, response, alias);
	const bytes = state.encode(message);
	req.answered = true;
	req.phase = "established";
	req.trackAlias = alias;
	const params = response.parameters ?? {};
	applyParameters(req, params);
	req.largestObject = params.largestObject;
	if (req.parameters.forward !== false) req.joiningLocation = params.largestObject;
	if (response.kind === "subscribe-ok") req.trackProperties = response.trackProperties ?? [];
	state.indexSubscription(req);
	state.send(req.channel, message, bytes);
	releaseJoinWaiters(state, req);
	return true;
}

function acceptPublish(state: CoreState, req: Request, response: Exclude<Response, { kind: "error" }>): boolean {
	const message = okMessage(state, req, response, undefined);
	const bytes = state.encode(message);
	if (state.draft === 16 || state.draft === 18) {
		for (const own of [...(state.subscriberTracks.get(req.trackKey!) ?? [])]) {
			if (!own.outgoing || own.type !== "SUBSCRIBE" || own.phase === "established") continue;
			cancelOwn(state, own);
			const code = RequestErrorCode[16].DUPLICATE_SUBSCRIPTION;
			failOwn(state, own, { code, reason: "a PUBLISH for the track was accepted", retryInterval: 0n }, "local");
		}
	}
	req.answered = true;
	req.phase = "established";
	if (response.parameters !== undefined) applyParameters(req, response.parameters);
	state.send(req.channel, message, bytes);
	return true;
}

function respondUpdate(state: CoreState, update: Request, response: Response): boolean {
	const target = update.target!;
	// From draft-17 answers carry no Request ID: the peer matches them to its updates by order.
	if (state.info.requestStreams && target.updatesIn[0] !== update) {
		throw new SessionError("invalid-state", "answer the updates of a request in the order they came");
	}
	if (response.kind === "error") {
		refuseUpdate(state, update, {
			code: response.code,
			reason: response.reason ?? "",
			retryInterval: response.retryInterval ?? 0n,
		});
		return true;
	}
	const message = okMessage(state, update, response, undefined);
	const bytes = state.encode(message);
	update.answered = true;
	state.send(state.info.requestStreams ? target.channel : 0, message, bytes);
	const wasForwarding = target.parameters.forward !== false;
	applyParameters(target, update.parameters);
	const largest = response.parameters?.largestObject;
	if (largest !== undefined) target.largestObject = largest;
	if (target.isSubscription && !wasForwarding && target.parameters.forward !== false) {
		target.joiningLocation = largest ?? target.largestObject;
	}
	const prefix = update.parameters.trackNamespacePrefix;
	if (prefix !== undefined && target.active !== undefined) state.rekeyNamespace(target, prefix);
	state.forget(update);
	return true;
}

function acceptedNamespaceSubscription(
	state: CoreState,
	requestId: bigint,
	type: string,
	minDraft: number,
): Request | undefined {
	ensureOpen(state);
	if (state.draft < minDraft) throw new SessionError("unsupported", `draft-${state.draft} has no such message`);
	const req = state.requests.get(requestId);
	if (req === undefined) {
		if (state.peerIds.used(requestId)) return undefined;
		throw new SessionError("invalid-state", `the peer has no request ${requestId}`);
	}
	if (req.outgoing || req.type !== type || req.phase !== "established") {
		throw new SessionError("invalid-state", `request ${requestId} is not an accepted ${type} of the peer`);
	}
	return req;
}

function suffixOf(req: Request, ns: TrackNamespace): TrackNamespace {
	if (!hasPrefix(ns, req.namespace)) {
		throw new SessionError("invalid-argument", "the namespace is not under the subscription's prefix");
	}
	return ns.slice(req.namespace.length);
}

/**
 * NAMESPACE (`done` false) or NAMESPACE_DONE (`done` true) on the peer's SUBSCRIBE_NAMESPACE.
 * False when the request no longer exists or the namespace is already in that state.
 */
export function sendNamespace(state: CoreState, requestId: bigint, ns: TrackNamespace, done: boolean): boolean {
	const req = acceptedNamespaceSubscription(state, requestId, "SUBSCRIBE_NAMESPACE", 16);
	if (req === undefined) return false;
	const suffix = suffixOf(req, ns);
	const key = namespaceKey(ns);
	const active = req.active!;
	if (active.has(key) !== done) {
		if (done) throw new SessionError("invalid-state", "NAMESPACE_DONE for a namespace not announced with NAMESPACE");
		return false;
	}
	const message = { type: done ? "NAMESPACE_DONE" : "NAMESPACE", trackNamespaceSuffix: suffix } as const;
	state.send(req.channel, message);
	if (done) active.delete(key);
	else active.set(key, ns);
	return true;
}

/** PUBLISH_BLOCKED (draft-18) / PUBLISH_SKIPPED (draft-19) on the peer's SUBSCRIBE_TRACKS. */
export function publishSkipped(state: CoreState, requestId: bigint, ns: TrackNamespace, name: Uint8Array): boolean {
	const req = acceptedNamespaceSubscription(state, requestId, "SUBSCRIBE_TRACKS", 18);
	if (req === undefined) return false;
	const trackNamespaceSuffix = suffixOf(req, ns);
	const type = state.draft === 18 ? "PUBLISH_BLOCKED" : "PUBLISH_SKIPPED";
	state.send(req.channel, { type, trackNamespaceSuffix, trackName: name });
	return true;
}
