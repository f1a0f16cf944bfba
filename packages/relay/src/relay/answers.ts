/**
 * Refusing a peer's request with the draft's code, and passing on an upstream refusal with the
 * same meaning in the downstream draft (draft-ietf-moq-transport-19 §10.6 REQUEST_ERROR, -14 §9
 * per-message *_ERROR; see codes.ts). A request that ended before its answer (the peer cancelled
 * it, the session closed) is left alone: there is nobody to tell.
 *
 * @module
 */

import { RequestError } from "@moqt/session";
import { type Draft, GroupOrder, type MessageParameters } from "@moqt/wire";
import type { QueueSubscriptionOptions } from "../subscriber-queue.js";
import { type RelayRequest, type RequestErrorName, requestErrorCode, translateRequestError } from "./codes.js";

/** What a pending incoming request offers for refusing it. */
export interface Refusable {
	readonly state: string;
	reject(code: number, reason?: string): void;
}

/** Refuses `request` with the error `name` of `draft`'s table for it; false if it had ended already. */
export function refuse(
	request: Refusable,
	draft: Draft,
	kind: RelayRequest,
	name: RequestErrorName,
	reason: string,
): boolean {
	if (request.state !== "pending") return false;
	try {
		request.reject(requestErrorCode(draft, kind, name), reason);
		return true;
	} catch {
		// It ended between the check and the answer.
		return false;
	}
}

/**
 * Refuses `request` because of `error`: an upstream refusal keeps its meaning (translated to
 * `draft`), a local timeout is TIMEOUT, anything else INTERNAL_ERROR.
 */
export function refuseWith(request: Refusable, draft: Draft, kind: RelayRequest, error: unknown): boolean {
	if (request.state !== "pending") return false;
	const reason = error instanceof Error ? error.message : String(error);
	if (RequestError.isInstance(error)) {
		if (error.source === "message") {
			try {
				request.reject(translateRequestError(error.draft, draft, kind, error.code), error.reason);
				return true;
			} catch {
				return false;
			}
		}
		if (error.source === "local" && error.ended === undefined) return refuse(request, draft, kind, "TIMEOUT", reason);
	}
	return refuse(request, draft, kind, "INTERNAL_ERROR", reason);
}

/** How a subscription's objects are scheduled in its session's send queue, from its parameters. */
export function queueOptions(parameters: MessageParameters): QueueSubscriptionOptions {
	return {
		subscriberPriority: parameters.subscriberPriority ?? 128,
		groupOrder: parameters.groupOrder === GroupOrder.DESCENDING ? GroupOrder.DESCENDING : GroupOrder.ASCENDING,
		deliveryTimeout: parameters.deliveryTimeout === undefined ? 0 : Number(parameters.deliveryTimeout),
	};
}
