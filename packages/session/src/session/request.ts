/**
 * Our requests as the application holds them: a handle with the Request ID and a `response`
 * promise, and the one way every request method runs (options `signal`, `timeout`,
 * `waitResponse`).
 *
 * - `timeout` is the core's request timeout: on expiry the core cancels the request and it fails
 *   with a {@link RequestError} TIMEOUT (0x2 in every draft's table) and `source: "local"`.
 * - `signal` governs the call: aborting before the response cancels the request with the draft's
 *   mechanism (UNSUBSCRIBE, FETCH_CANCEL, ... in drafts 14 and 16; a stream reset with CANCELLED
 *   from draft-17, -19 §3.3.3 "Request Cancellation and Rejection") and rejects with
 *   `signal.reason`. After the response the signal is let go: end the request with its handle.
 * - `waitResponse: false` resolves at once (once the request is sent or queued) to the handle;
 *   `response` settles later.
 *
 * @module
 */

import type { RequestOptions as CoreRequestOptions, SessionError } from "../core/index.js";
import type { RequestEvent, RequestListener, SessionContext } from "./context.js";
import { RequestError } from "./errors.js";
import { type AbortSignalLike, abortError, onAbort } from "./platform.js";

/** Options of every request method. */
export interface CallOptions {
	/** Aborting before the response cancels the request; the call rejects with `signal.reason`. */
	readonly signal?: AbortSignalLike;
	/** ms to wait for the response; then the request is cancelled and fails with TIMEOUT. */
	readonly timeout?: number;
	/** false: resolve as soon as the request is sent, to a handle whose `response` settles later. Default true. */
	readonly waitResponse?: boolean;
}

function ignore(): void {}

/** One of our requests, from sending it to its end. */
export abstract class OutgoingRequest<R> implements RequestListener {
	/** Settles with the peer's answer: resolves on success, rejects with a RequestError, SessionError or abort reason. */
	readonly response: Promise<R>;
	protected readonly ctx: SessionContext;
	#requestId: bigint | undefined;
	#resolve!: (value: R) => void;
	#reject!: (error: unknown) => void;
	#settled = false;
	#over = false;

	protected constructor(ctx: SessionContext) {
		this.ctx = ctx;
		this.response = new Promise<R>((resolve, reject) => {
			this.#resolve = resolve;
			this.#reject = reject;
		});
		// Whoever keeps the handle may never look at `response` (waitResponse: false).
		this.response.catch(ignore);
	}

	/** The request's Request ID. */
	get requestId(): bigint {
		if (this.#requestId === undefined) throw new Error("the request was not sent");
		return this.#requestId;
	}

	/** True once `response` has settled. */
	get answered(): boolean {
		return this.#settled;
	}

	/** True once the request ended (see {@link OutgoingRequest.ended}). */
	protected get over(): boolean {
		return this.#over;
	}

	/** @internal The core assigned the Request ID. */
	bind(requestId: bigint): void {
		this.#requestId = requestId;
	}

	/** @internal */
	abstract event(event: RequestEvent): void;

	/** @internal */
	closed(error: SessionError): void {
		this.settleFailure(error);
		this.ended(error);
	}

	/** @internal The call's signal aborted: cancel the request if it is still unanswered. */
	abort(reason: unknown): void {
		if (this.#settled) return;
		if (this.ctx.closedError === undefined) this.ctx.command((now) => this.cancelRequest(now));
		this.settleFailure(reason);
		this.ended(undefined);
	}

	/**
	 * Ends the request from our side; idempotent. Unanswered, it is aborted (its response rejects
	 * with `beforeAnswer`); answered, the core sends the draft's cancellation (UNSUBSCRIBE,
	 * FETCH_CANCEL, the namespace requests' own messages, or a stream reset).
	 */
	protected endFromHere(beforeAnswer: string): void {
		if (this.#over) return;
		if (!this.#settled) {
			this.abort(abortError(beforeAnswer));
			return;
		}
		if (this.ctx.closedError === undefined) this.ctx.command((now) => this.ctx.core.cancel(this.requestId, now));
		this.ended(undefined);
	}

	/** Cancels the request in the core with the draft's mechanism. */
	protected cancelRequest(now: number): void {
		this.ctx.core.cancel(this.requestId, now);
	}

	/**
	 * The request ended (after its answer, or instead of one); `error` says why, if not by us.
	 * Only the first call counts: an override returns early while {@link OutgoingRequest.over}.
	 */
	protected ended(_error: Error | undefined): void {
		if (this.#over) return;
		this.#over = true;
		this.ctx.release(this.requestId, this);
	}

	protected settleSuccess(value: R): void {
		if (this.#settled) return;
		this.#settled = true;
		this.#resolve(value);
	}

	protected settleFailure(error: unknown): void {
		if (this.#settled) return;
		this.#settled = true;
		this.#reject(error);
	}

	/** A RequestError for a `request-error` or `request-ended` event. */
	protected errorOf(event: Extract<RequestEvent, { kind: "request-error" | "request-ended" }>): RequestError {
		return new RequestError({
			draft: this.ctx.draft,
			request: event.request,
			code: event.code,
			reason: event.reason,
			source: event.source,
			...(event.kind === "request-error"
				? { retryInterval: event.retryInterval, ...(event.redirect !== undefined && { redirect: event.redirect }) }
				: { ended: event.cause }),
		});
	}
}

/** What `launch` needs of a handle (structural: handles differ in their response type). */
interface Launchable extends RequestListener {
	readonly response: Promise<unknown>;
	readonly answered: boolean;
	bind(requestId: bigint): void;
	abort(reason: unknown): void;
}

/**
 * Sends a request and follows it: `run` issues the core command (it throws a SessionError when
 * the session cannot take it); then the call waits for the response unless told not to.
 */
export async function launch<H extends Launchable>(
	ctx: SessionContext,
	handle: H,
	options: CallOptions | undefined,
	run: (now: number, options: CoreRequestOptions | undefined) => bigint,
): Promise<H> {
	const signal = options?.signal;
	if (signal?.aborted) throw signal.reason;
	const timeout = options?.timeout;
	ctx.command(
		(now) => run(now, timeout === undefined ? undefined : { timeout }),
		(requestId) => {
			ctx.follow(requestId, handle);
			handle.bind(requestId);
		},
	);
	if (signal !== undefined && !handle.answered) {
		const stop = onAbort(signal, () => handle.abort(signal.reason));
		void handle.response.then(stop, stop);
	}
	if (options?.waitResponse !== false) await handle.response;
	return handle;
}
