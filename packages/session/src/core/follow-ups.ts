/**
 * What arrives for a request after its answer, and the ends of request streams.
 *
 * Messages:
 * - PUBLISH_DONE ends a subscription we receive (draft-ietf-moq-transport-14 §9.12, -16 §9.15,
 *   -19 §10.11); before SUBSCRIBE_OK it is a PROTOCOL_VIOLATION (the subscription is not
 *   Established, -19 §5.1 state machine).
 * - UNSUBSCRIBE, FETCH_CANCEL, PUBLISH_NAMESPACE_DONE, PUBLISH_NAMESPACE_CANCEL,
 *   UNSUBSCRIBE_NAMESPACE end requests (drafts 14 and 16).
 * - NAMESPACE / NAMESPACE_DONE (-16 §9.21, §9.23; -19 §10.16-§10.18): only after REQUEST_OK ("any
 *   message other than a REQUEST_OK or a REQUEST_ERROR as the first message ... MUST close the
 *   session with a PROTOCOL_VIOLATION"); "If a subscriber receives a NAMESPACE_DONE before the
 *   corresponding NAMESPACE, it MUST close the session with a PROTOCOL_VIOLATION".
 * - PUBLISH_BLOCKED / PUBLISH_SKIPPED (-18/-19 §10.20) on SUBSCRIBE_TRACKS.
 *
 * Stream ends (-19 §3.3.2 "Graceful Request Stream Closure", §3.3.3 "Request Cancellation and
 * Rejection"): a FIN only says no more messages come that way; a FIN before the required messages
 * fails the request ("the sender of PUBLISH" may not FIN before PUBLISH_DONE); the responder's FIN
 * after its messages completes the request (namespace subscriptions: "treat this as though each
 * active namespace received a NAMESPACE_DONE"). A reset or STOP_SENDING cancels the request; we
 * reset and stop what is still open of ours. draft-16 SUBSCRIBE_NAMESPACE streams: "cancelled by
 * closing the stream with either a FIN or RESET_STREAM".
 *
 * @module
 */

import {
	type Namespace,
	type NamespaceDone,
	type PublishBlocked,
	type PublishDone,
	type PublishNamespaceCancel,
	type PublishSkipped,
	StreamResetCode,
	TerminationCode,
} from "@moqt/wire";
import { violation } from "./errors.js";
import { namespaceKey } from "./keys.js";
import { end, endWithEvent, failOwn } from "./lifecycle.js";
import type { Request } from "./request.js";
import type { CoreState } from "./state.js";
import type { ChannelEvent } from "./types.js";

/** PUBLISH_DONE for a subscription we receive. */
export function onPublishDone(state: CoreState, req: Request, m: PublishDone): void {
	if (req.outgoing && !req.answered) violation(TerminationCode.PROTOCOL_VIOLATION, "PUBLISH_DONE before SUBSCRIBE_OK");
	state.emit({
		kind: "publish-done",
		requestId: req.requestId,
		statusCode: m.statusCode,
		streamCount: m.streamCount,
		reason: m.reasonPhrase,
	});
	state.finish(req);
	end(state, req);
}

/** UNSUBSCRIBE (a subscription we publish) or FETCH_CANCEL (the peer's FETCH). */
export function onCancelMessage(state: CoreState, req: Request, message: string): void {
	endWithEvent(state, req, "cancelled", 0, message, "message");
}

/** PUBLISH_NAMESPACE_DONE: the peer withdrew its namespace. */
export function onPublishNamespaceDone(state: CoreState, req: Request): void {
	endWithEvent(state, req, "done", 0, "PUBLISH_NAMESPACE_DONE", "message");
}

/** PUBLISH_NAMESPACE_CANCEL: the peer revoked its acceptance of our namespace. */
export function onPublishNamespaceCancel(state: CoreState, req: Request, m: PublishNamespaceCancel): void {
	if (!req.answered) {
		req.answered = true;
		failOwn(state, req, { code: m.errorCode, reason: m.reasonPhrase, retryInterval: 0n }, "message");
		return;
	}
	endWithEvent(state, req, "cancelled", m.errorCode, m.reasonPhrase, "message");
}

/** NAMESPACE / NAMESPACE_DONE on our SUBSCRIBE_NAMESPACE. */
export function onNamespace(state: CoreState, req: Request, m: Namespace | NamespaceDone): void {
	if (!req.answered) violation(TerminationCode.PROTOCOL_VIOLATION, `${m.type} before REQUEST_OK`);
	const trackNamespace = [...req.namespace, ...m.trackNamespaceSuffix];
	const key = namespaceKey(trackNamespace);
	const active = req.active!;
	const event = { requestId: req.requestId, trackNamespace, trackNamespaceSuffix: m.trackNamespaceSuffix };
	if (m.type === "NAMESPACE_DONE") {
		if (!active.delete(key)) violation(TerminationCode.PROTOCOL_VIOLATION, "NAMESPACE_DONE before NAMESPACE");
		state.emit({ kind: "namespace-done", ...event });
		return;
	}
	if (active.has(key)) return; // already announced: nothing changes
	if (active.size >= state.limits.maxNamespaces) {
		// More namespaces than we keep: end the subscription rather than grow without bound.
		const code = state.draft >= 18 ? StreamResetCode[18].EXCESSIVE_LOAD : StreamResetCode[16].INTERNAL_ERROR;
		state.abort(req, code);
		namespacesDone(state, req);
		endWithEvent(state, req, "cancelled", code, "too many namespaces", "local");
		return;
	}
	active.set(key, trackNamespace);
	state.emit({ kind: "namespace", ...event });
}

/** PUBLISH_BLOCKED / PUBLISH_SKIPPED on our SUBSCRIBE_TRACKS. */
export function onPublishSkipped(state: CoreState, req: Request, m: PublishBlocked | PublishSkipped): void {
	if (!req.answered) violation(TerminationCode.PROTOCOL_VIOLATION, `${m.type} before REQUEST_OK`);
	state.emit({
		kind: "publish-skipped",
		requestId: req.requestId,
		trackNamespace: [...req.namespace, ...m.trackNamespaceSuffix],
		trackNamespaceSuffix: m.trackNamespaceSuffix,
		trackName: m.trackName,
	});
}

/** Every active namespace of our namespace subscription ends. */
function namespacesDone(state: CoreState, req: Request): void {
	const active = req.active;
	if (active === undefined) return;
	for (const ns of active.values()) {
		state.emit({
			kind: "namespace-done",
			requestId: req.requestId,
			trackNamespace: ns,
			trackNamespaceSuffix: ns.slice(req.namespace.length),
		});
	}
	active.clear();
}

/** The receiving half of a request's stream ended, or the peer asked us to stop sending. */
export function onStreamEvent(state: CoreState, req: Request, ev: ChannelEvent): void {
	if (ev.kind === "fin") {
		req.recvOpen = false;
		onFin(state, req);
		return;
	}
	if (ev.kind === "reset") req.recvOpen = false;
	// Cancelled: reset our half (a STOP_SENDING requires it) and stop the peer's, if still open.
	state.abort(req, ev.code);
	const reason = ev.kind === "reset" ? "the peer reset the request stream" : "the peer sent STOP_SENDING";
	if (req.outgoing && !req.answered) {
		failOwn(state, req, { code: ev.code, reason, retryInterval: 0n }, "stream");
		return;
	}
	namespacesDone(state, req);
	endWithEvent(state, req, "cancelled", ev.code, reason, "stream");
}

function onFin(state: CoreState, req: Request): void {
	if (req.outgoing) {
		// The peer answers this request: a FIN before the answer fails it.
		if (!req.answered) {
			state.finish(req);
			failOwn(
				state,
				req,
				{ code: 0, reason: "the request stream ended before the answer", retryInterval: 0n },
				"stream",
			);
			return;
		}
		switch (req.type) {
			case "SUBSCRIBE":
				state.finish(req);
				endWithEvent(state, req, "failed", 0, "the request stream ended before PUBLISH_DONE", "stream");
				return;
			case "FETCH":
				// The answer is in; the fetch completes when its data stream is done.
				if (req.dataDone) {
					state.finish(req);
					end(state, req);
				}
				return;
			case "PUBLISH_NAMESPACE":
			case "SUBSCRIBE_NAMESPACE":
			case "SUBSCRIBE_TRACKS":
				namespacesDone(state, req);
				state.finish(req);
				endWithEvent(state, req, "done", 0, "the peer finished the request stream", "stream");
				return;
			default:
				// PUBLISH: the subscriber will send no more updates.
				return;
		}
	}
	if (req.type === "PUBLISH") {
		// "A requester, with the exception of the sender of PUBLISH, MAY FIN immediately."
		state.finish(req);
		endWithEvent(state, req, "failed", 0, "the PUBLISH stream ended before PUBLISH_DONE", "stream");
	} else if (state.draft === 16 && req.type === "SUBSCRIBE_NAMESPACE") {
		state.finish(req);
		endWithEvent(state, req, "cancelled", 0, "the subscriber closed the stream", "stream");
	}
	// Otherwise the requester will send no more updates; the request goes on.
}
