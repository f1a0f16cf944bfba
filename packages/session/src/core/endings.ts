/**
 * Ending requests from our side, with each draft's mechanism:
 *
 * | Request (our role)                   | drafts 14, 16                          | drafts 18, 19                 |
 * |:-------------------------------------|:---------------------------------------|:------------------------------|
 * | subscription we receive              | UNSUBSCRIBE                            | STOP_SENDING + RESET_STREAM   |
 * | subscription we publish              | PUBLISH_DONE                           | PUBLISH_DONE + FIN            |
 * | our FETCH                            | FETCH_CANCEL                           | STOP_SENDING + RESET_STREAM   |
 * | the peer's FETCH (accepted)          | nothing (the data stream is reset)     | RESET_STREAM + STOP_SENDING   |
 * | our TRACK_STATUS                     | nothing (a late answer is ignored)     | STOP_SENDING + RESET_STREAM   |
 * | our PUBLISH_NAMESPACE                | PUBLISH_NAMESPACE_DONE                 | RESET_STREAM + STOP_SENDING   |
 * | the peer's PUBLISH_NAMESPACE         | PUBLISH_NAMESPACE_CANCEL               | RESET_STREAM + STOP_SENDING   |
 * | our SUBSCRIBE_NAMESPACE              | UNSUBSCRIBE_NAMESPACE (14); reset (16) | RESET_STREAM + STOP_SENDING   |
 * | the peer's namespace subscription    | — (14); reset (16)                     | RESET_STREAM + STOP_SENDING   |
 *
 * draft-ietf-moq-transport-14 §9.11 UNSUBSCRIBE, §9.12 PUBLISH_DONE, §9.19 FETCH_CANCEL, §9.26
 * PUBLISH_NAMESPACE_DONE, §9.27 PUBLISH_NAMESPACE_CANCEL, §9.31 UNSUBSCRIBE_NAMESPACE; -16 §9.12,
 * §9.15, §9.18, §9.22, §9.24, §6.1 ("A SUBSCRIBE_NAMESPACE can be cancelled by closing the
 * stream"); -18 §3.3.2 and -19 §3.3.3 "Request Cancellation and Rejection", §10.11 PUBLISH_DONE
 * ("the final message before closing the subscription's bidi stream").
 *
 * Also the data plane's reports: a data stream opened for a subscription we publish (counted for
 * PUBLISH_DONE's Stream Count), a fetch's data stream done (the fetch completes when its answer is
 * also in), and the early release of a draining subscription.
 *
 * @module
 */

import { type ControlMessage, StreamResetCode } from "@moqt/wire";
import { ensureOpen } from "./commands.js";
import { SessionError } from "./errors.js";
import { end } from "./lifecycle.js";
import type { Request } from "./request.js";
import type { CoreState } from "./state.js";

/** Options of `cancel`. */
export interface CancelOptions {
	/** The stream reset code (drafts 18, 19; default CANCELLED), or PUBLISH_NAMESPACE_CANCEL's error code (14, 16; default 0). */
	readonly code?: number;
	/** PUBLISH_NAMESPACE_CANCEL's reason (drafts 14, 16). */
	readonly reason?: string;
}

const CANCELLED = StreamResetCode[14].CANCELLED;

/**
 * Sends what cancels one of our requests; if it is still queued, arranges for it to follow the
 * request when the queue sends it (the Request ID must still be used).
 */
export function cancelOwn(state: CoreState, req: Request, code: number = CANCELLED): void {
	const act = (): void => cancelOwnNow(state, req, code);
	if (req.phase === "queued") req.afterSend = act;
	else act();
}

function cancelOwnNow(state: CoreState, req: Request, code: number): void {
	const legacy = !state.info.requestStreams;
	switch (req.type) {
		case "SUBSCRIBE":
			if (legacy) state.send(0, { type: "UNSUBSCRIBE", requestId: req.requestId });
			else state.abort(req, code);
			return;
		case "FETCH":
			if (legacy) state.send(0, { type: "FETCH_CANCEL", requestId: req.requestId });
			else state.abort(req, code);
			return;
		case "PUBLISH_NAMESPACE":
			if (state.draft === 14) state.send(0, { type: "PUBLISH_NAMESPACE_DONE", trackNamespace: req.namespace });
			else if (legacy) state.send(0, { type: "PUBLISH_NAMESPACE_DONE", requestId: req.requestId });
			else state.abort(req, code);
			return;
		case "SUBSCRIBE_NAMESPACE":
			if (state.draft === 14) state.send(0, { type: "UNSUBSCRIBE_NAMESPACE", trackNamespacePrefix: req.namespace });
			else state.abort(req, code);
			return;
		case "PUBLISH":
			// Only the core cancels our PUBLISH this way (a timeout); the application uses publishDone.
			if (legacy) {
				state.send(0, {
					type: "PUBLISH_DONE",
					requestId: req.requestId,
					statusCode: 0,
					streamCount: BigInt(req.streamsOpened),
					reasonPhrase: "cancelled",
				});
			} else {
				state.abort(req, code);
			}
			return;
		case "TRACK_STATUS":
			// No cancel message before draft-17: a late answer is ignored.
			if (!legacy) state.abort(req, code);
			return;
		default:
			// SUBSCRIBE_TRACKS; updates are not cancelled.
			state.abort(req, code);
	}
}

/** Ends a request from our side (see the module table). False when it no longer exists. */
export function cancel(state: CoreState, requestId: bigint, options?: CancelOptions): boolean {
	ensureOpen(state);
	const req = live(state, requestId);
	if (req === undefined) return false;
	if (req.type === "REQUEST_UPDATE") throw new SessionError("unsupported", "an update cannot be cancelled");
	if (req.isSubscription && req.role === "publisher") {
		throw new SessionError("invalid-state", "a subscription we publish ends with publishDone");
	}
	if (req.outgoing) {
		cancelOwn(state, req, options?.code);
		end(state, req);
		return true;
	}
	if (req.phase === "pending") throw new SessionError("invalid-state", "answer the request with respond");
	const legacy = !state.info.requestStreams;
	if (req.type === "PUBLISH" && legacy) {
		state.send(0, { type: "UNSUBSCRIBE", requestId: req.requestId });
	} else if (req.type === "PUBLISH_NAMESPACE" && legacy) {
		const message: ControlMessage = {
			type: "PUBLISH_NAMESPACE_CANCEL",
			...(state.draft === 14 ? { trackNamespace: req.namespace } : { requestId: req.requestId }),
			errorCode: options?.code ?? 0,
			reasonPhrase: options?.reason ?? "",
		};
		state.send(0, message, state.encode(message));
	} else if (req.type === "SUBSCRIBE_NAMESPACE" && state.draft === 14) {
		throw new SessionError("unsupported", "draft-14 has no way for the publisher to end a SUBSCRIBE_NAMESPACE");
	} else {
		// The peer's FETCH in drafts 14 and 16 has nothing to send: its data stream is reset instead.
		state.abort(req, options?.code ?? CANCELLED);
	}
	end(state, req);
	return true;
}

/** Options of `publishDone`. */
export interface PublishDoneOptions {
	/** A PUBLISH_DONE status code of the draft. */
	readonly statusCode: number;
	readonly reason?: string;
	/** The data streams opened; default: the count of `dataStreamOpened` calls. */
	readonly streamCount?: bigint;
}

/** PUBLISH_DONE for a subscription we publish (an accepted SUBSCRIBE, or our PUBLISH). */
export function publishDone(state: CoreState, requestId: bigint, options: PublishDoneOptions): boolean {
	ensureOpen(state);
	const req = live(state, requestId);
	if (req === undefined) return false;
	if (!req.isSubscription || req.role !== "publisher") {
		throw new SessionError("invalid-state", `request ${requestId} is not a subscription we publish`);
	}
	if (!req.outgoing && !req.answered) throw new SessionError("invalid-state", "answer the SUBSCRIBE first");
	const message: ControlMessage = {
		type: "PUBLISH_DONE",
		...(!state.info.requestStreams && { requestId: req.requestId }),
		statusCode: options.statusCode,
		streamCount: options.streamCount ?? BigInt(req.streamsOpened),
		reasonPhrase: options.reason ?? "",
	};
	const bytes = state.encode(message);
	if (req.phase === "queued") {
		req.afterSend = () => state.send(0, message, bytes);
	} else {
		state.send(req.channel, message, bytes);
		state.finish(req);
	}
	end(state, req);
	return true;
}

/** A data stream was opened for a subscription we publish. False when it no longer exists. */
export function dataStreamOpened(state: CoreState, requestId: bigint): boolean {
	const req = state.requests.get(requestId);
	if (req === undefined || !req.isSubscription || req.role !== "publisher") return false;
	req.streamsOpened++;
	return true;
}

/**
 * A fetch's data stream is done: finished by us (the publisher) or ended at the subscriber. The
 * fetch completes once its answer is in as well. False when it no longer exists.
 */
export function fetchStreamDone(state: CoreState, requestId: bigint): boolean {
	const req = state.requests.get(requestId);
	if (req === undefined || req.type !== "FETCH") return false;
	req.dataDone = true;
	if (req.answered) {
		state.finish(req);
		end(state, req);
	}
	return true;
}

/** Forgets a draining subscription before its timer does. */
export function releaseDraining(state: CoreState, requestId: bigint): boolean {
	const req = state.draining.get(requestId);
	if (req === undefined) return false;
	state.forgetDraining(req);
	return true;
}

function live(state: CoreState, requestId: bigint): Request | undefined {
	const req = state.requests.get(requestId);
	if (req !== undefined) return req;
	if (state.ownIds.issued(requestId) || state.peerIds.used(requestId)) return undefined;
	throw new SessionError("invalid-state", `no request ${requestId}`);
}
