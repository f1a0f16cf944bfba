/**
 * How requests end, shared by the handlers: failing a request of ours, ending a request with an
 * event, keeping an ended subscription's alias while late objects drain (draft-ietf-moq-transport-19
 * §10.11 PUBLISH_DONE: "A subscriber that receives PUBLISH_DONE SHOULD set a timer ... in case
 * some objects are still inbound"; §11.1 "Track Alias": "Subscribers SHOULD retain sufficient state
 * to quickly discard these unwanted Objects"), answering the Joining FETCHes that waited for a
 * subscription, and closing the session.
 *
 * @module
 */

import { FetchErrorCode, RequestErrorCode } from "@moqt/wire";
import type { Request } from "./request.js";
import { errorMessage, type RequestFailure } from "./responses-map.js";
import { type CoreState, timerKey } from "./state.js";
import type { EventSource, SessionEvent } from "./types.js";

/** Our request failed before succeeding: raise `request-error` and forget it. */
export function failOwn(state: CoreState, req: Request, failure: RequestFailure, source: EventSource): void {
	state.emit({
		kind: "request-error",
		requestId: req.requestId,
		request: req.type,
		code: failure.code,
		reason: failure.reason,
		retryInterval: failure.retryInterval,
		...(failure.redirect !== undefined && { redirect: failure.redirect }),
		source,
	});
	end(state, req);
}

/** A request ended without our asking: raise `request-ended` and forget it. */
export function endWithEvent(
	state: CoreState,
	req: Request,
	cause: Extract<SessionEvent, { kind: "request-ended" }>["cause"],
	code: number,
	reason: string,
	source: EventSource,
): void {
	state.emit({ kind: "request-ended", requestId: req.requestId, request: req.type, cause, code, reason, source });
	end(state, req);
}

/**
 * Forgets a request and what hangs on it: our unanswered updates of it fail (`request-error`,
 * local), the peer's are dropped, Joining FETCHes waiting for it are refused, and a
 * subscriber-side subscription with an alias drains.
 */
export function end(state: CoreState, req: Request): void {
	if (state.requests.get(req.requestId) !== req) return;
	for (const update of [...req.updatesOut]) {
		if (update.abandoned) end(state, update);
		else
			failOwn(
				state,
				update,
				{ code: 0, reason: `the updated request ${req.requestId} ended`, retryInterval: 0n },
				"local",
			);
	}
	for (const update of [...req.updatesIn]) state.forget(update);
	refuseJoinWaiters(state, req);
	const drains = req.isSubscription && req.role === "subscriber" && req.trackAlias !== undefined;
	state.forget(req, drains);
	if (drains) {
		req.phase = "draining";
		state.draining.set(req.requestId, req);
		// "a timer of at least the larger of SUBGROUP_DELIVERY_TIMEOUT or OBJECT_DELIVERY_TIMEOUT" (-19 §10.11).
		const { deliveryTimeout = 0n, subgroupDeliveryTimeout = 0n } = req.parameters;
		const wait = Math.max(state.limits.drainTimeout, Number(deliveryTimeout), Number(subgroupDeliveryTimeout));
		state.deadlines.set(timerKey(req, "drain"), state.now + wait);
	}
}

/** The INVALID_JOINING_REQUEST_ID code of the draft. */
export function invalidJoiningCode(state: CoreState): number {
	return state.draft === 14
		? FetchErrorCode.INVALID_JOINING_REQUEST_ID
		: RequestErrorCode[16].INVALID_JOINING_REQUEST_ID;
}

/** Refuses the peer's request on our own (no application processing): the error, a FIN, forget. */
export function refuse(state: CoreState, req: Request, failure: RequestFailure): void {
	req.answered = true;
	const message = errorMessage(state, req, failure);
	state.send(req.channel, message);
	// "When an endpoint rejects a request without performing any application processing, it SHOULD
	// send a REQUEST_ERROR and FIN the stream" (draft-19 §3.3.3).
	state.finish(req);
	end(state, req);
}

/** Joining FETCHes waiting for a subscription that will not be established are refused. */
function refuseJoinWaiters(state: CoreState, sub: Request): void {
	const waiters = sub.joinWaiters;
	if (waiters === undefined) return;
	sub.joinWaiters = undefined;
	const code = invalidJoiningCode(state);
	for (const fetch of waiters) {
		if (state.requests.get(fetch.requestId) !== fetch) continue;
		refuse(state, fetch, { code, reason: "the joined subscription was not established", retryInterval: 0n });
	}
}

/** Closes the session: the close transmit (unless the peer closed it), the `closed` event, no state left. */
export function closeSession(state: CoreState, code: number, reason: string, remote: boolean): void {
	if (state.status === "closed") return;
	state.status = "closed";
	state.closeInfo = { code, reason };
	state.clear();
	if (!remote) state.transmit({ kind: "close", code, reason });
	state.emit({ kind: "closed", code, reason, remote });
}
