/**
 * The peer's update of one of its requests, or of a PUBLISH of ours it accepted: SUBSCRIBE_UPDATE
 * (draft-ietf-moq-transport-14 §9.10: no answer, narrowing only, applied on receipt) or
 * REQUEST_UPDATE (-16 §9.11, -18/-19 §10.9: answered by REQUEST_OK or REQUEST_ERROR; "If a
 * publisher receives a REQUEST_UPDATE that it cannot satisfy, it MUST respond with REQUEST_ERROR
 * ... and MUST also terminate the subscription", which the core does). From draft-17 the answers
 * carry no Request ID, so the updates of one request are answered in the order they came.
 *
 * The new parameters take effect when the update is accepted (at once in draft-14): the handle of
 * the updated request sees them (a publisher's streams follow the new Forward State, priority and
 * filter).
 *
 * @module
 */

import type { MessageParameters } from "@moqt/wire";
import { type ResolvedToken, SessionError } from "../core/index.js";
import type { SessionContext } from "./context.js";
import type { RejectOptions } from "./incoming.js";

/** The peer's SUBSCRIBE_UPDATE / REQUEST_UPDATE. */
export class IncomingRequestUpdate {
	readonly kind = "request-update" as const;
	/** The update's own Request ID. */
	readonly requestId: bigint;
	/** The request it updates. */
	readonly targetRequestId: bigint;
	/** The parameters it changes. */
	readonly parameters: MessageParameters;
	readonly authorizationTokens: readonly ResolvedToken[];
	/** False in draft-14, whose SUBSCRIBE_UPDATE has no answer and is already applied. */
	readonly needsResponse: boolean;
	readonly #ctx: SessionContext;
	readonly #applied: () => void;
	#answered: boolean;

	/** @internal `applied` tells the updated request's handle to pick up the new parameters. */
	constructor(
		ctx: SessionContext,
		event: {
			readonly requestId: bigint;
			readonly targetRequestId: bigint;
			readonly parameters: MessageParameters;
			readonly authorizationTokens: readonly ResolvedToken[];
			readonly needsResponse: boolean;
		},
		applied: () => void,
	) {
		this.#ctx = ctx;
		this.requestId = event.requestId;
		this.targetRequestId = event.targetRequestId;
		this.parameters = event.parameters;
		this.authorizationTokens = event.authorizationTokens;
		this.needsResponse = event.needsResponse;
		this.#applied = applied;
		this.#answered = !event.needsResponse;
		if (!event.needsResponse) applied();
	}

	/** True once answered (always, for draft-14's SUBSCRIBE_UPDATE). */
	get answered(): boolean {
		return this.#answered;
	}

	/** REQUEST_OK, with answer parameters (e.g. LARGEST_OBJECT); the update takes effect. False if the request is gone. */
	accept(options?: { readonly parameters?: MessageParameters }): boolean {
		if (!this.needsResponse) return true;
		const live = this.#answer({
			kind: "ok",
			...(options?.parameters !== undefined && { parameters: options.parameters }),
		});
		if (live) this.#applied();
		return live;
	}

	/**
	 * REQUEST_ERROR: the update is refused (and, for a subscription we publish, the subscription
	 * ends with PUBLISH_DONE UPDATE_FAILED). False if the request is gone. Throws for draft-14,
	 * whose SUBSCRIBE_UPDATE cannot be refused.
	 */
	reject(code: number, reason = "", options?: RejectOptions): boolean {
		if (!this.needsResponse) throw new SessionError("unsupported", "draft-14's SUBSCRIBE_UPDATE has no answer");
		return this.#answer({
			kind: "error",
			code,
			reason,
			...(options?.retryInterval !== undefined && { retryInterval: options.retryInterval }),
		});
	}

	#answer(response: Parameters<SessionContext["core"]["respond"]>[1]): boolean {
		if (this.#answered) throw new SessionError("invalid-state", `the update ${this.requestId} was answered already`);
		this.#answered = true;
		return this.#ctx.command((now) => this.#ctx.core.respond(this.requestId, response, now));
	}
}
