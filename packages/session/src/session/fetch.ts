/**
 * FETCH, both ends (draft-ietf-moq-transport-14 §9.16-§9.19, -16 §9.16-§9.18, -19 §10.12-§10.13;
 * "Fetch Handling", -19 §10.12.3):
 *
 * - {@link Fetch}: ours, standalone or joining one of our subscriptions. FETCH_OK tells the range
 *   really covered; the objects come on one data stream (FETCH_HEADER), in the fetch's group order,
 *   with End of Range markers from draft-16. The fetch completes when both FETCH_OK and the stream's
 *   FIN are in ("A publisher MAY send Objects in response to a FETCH before the FETCH_OK").
 *   Cancelled with FETCH_CANCEL (14, 16) or a stream reset (-19 §3.3.3).
 * - {@link FetchResponder}: the peer's FETCH we accepted: writes that stream through the data
 *   plane's FetchSender, FIN when done (the core then completes the request), or a reset.
 *
 * @module
 */

import {
	type FetchEndOfRange,
	type Fetch as FetchMessage,
	GroupOrder,
	type KeyValuePair,
	type Location,
	type MessageParameters,
	StreamResetCode,
} from "@moqt/wire";
import type { SessionError } from "../core/index.js";
import { FetchSender, type OutgoingFetchObject } from "../data/fetch-sender.js";
import type { ObjectQueue } from "../data/object-queue.js";
import type { FetchItemReceived, SinkEnd } from "../data/types.js";
import type { RequestEvent, RequestListener, SessionContext } from "./context.js";
import { RequestError } from "./errors.js";
import { asyncDispose } from "./platform.js";
import { OutgoingRequest } from "./request.js";

/** FETCH_OK as the requester sees it. */
export interface FetchAccepted {
	/** The range reaches the end of the track. */
	readonly endOfTrack: boolean;
	/** The end of the range covered: its last Object plus 1 (Object 0: the whole group). */
	readonly endLocation: Location;
	readonly parameters: MessageParameters;
	readonly trackProperties: readonly KeyValuePair[];
}

/**
 * Our FETCH. Iterate it (one reader) for the objects and, from draft-16, End of Range markers
 * (`isEndOfRange` of `@moqt/wire` tells them apart); the loop ends with the stream, or throws the
 * stream's DataStreamError if the publisher reset it. Leaving the loop early cancels the fetch.
 */
export class Fetch extends OutgoingRequest<FetchAccepted> implements AsyncIterable<FetchItemReceived> {
	/**
	 * How it ended; never rejects: undefined when it completed or we cancelled it, an Error when it
	 * was refused, its stream failed or was cancelled by the peer (RequestError, DataStreamError),
	 * or the session closed (SessionError).
	 */
	readonly done: Promise<Error | undefined>;
	readonly #groupOrder: GroupOrder | undefined;
	#objects: ObjectQueue<FetchItemReceived> | undefined;
	#streamDone = false;
	#finish!: (end: Error | undefined) => void;

	/** @internal */
	constructor(ctx: SessionContext, groupOrder: GroupOrder | undefined) {
		super(ctx);
		this.#groupOrder = groupOrder;
		this.done = new Promise((resolve) => {
			this.#finish = resolve;
		});
	}

	/** @internal The queue exists from the request on: objects may come before FETCH_OK. */
	override bind(requestId: bigint): void {
		super.bind(requestId);
		this.#objects = this.ctx.data.openFetch(
			requestId,
			this.#groupOrder,
			(info) => this.#streamEnded(info),
			() => this.cancel(),
		);
	}

	/** Cancels the fetch (FETCH_CANCEL, or a stream reset). Idempotent. */
	cancel(): void {
		this.endFromHere("cancelled before the answer");
	}

	/** Cancels (if still live); resolves once it is over. */
	async [asyncDispose](): Promise<void> {
		this.cancel();
		await this.done;
	}

	/** The fetched objects and End of Range markers, in the fetch's order. */
	[Symbol.asyncIterator](): AsyncIterator<FetchItemReceived> {
		if (this.#objects === undefined) throw new Error("the fetch was not sent");
		return this.#objects[Symbol.asyncIterator]();
	}

	/** @internal */
	event(event: RequestEvent): void {
		switch (event.kind) {
			case "fetch-ok":
				this.settleSuccess({
					endOfTrack: event.endOfTrack,
					endLocation: event.endLocation,
					parameters: event.parameters,
					trackProperties: event.trackProperties,
				});
				if (this.#streamDone) this.ended(undefined);
				return;
			case "request-error":
			case "request-ended": {
				const error = this.errorOf(event);
				this.settleFailure(error);
				this.ended(error);
				return;
			}
		}
	}

	// The data stream is done: the core completes the fetch once FETCH_OK is in too.
	#streamEnded(info: SinkEnd): void {
		this.#streamDone = true;
		if (this.over) return;
		if (this.ctx.closedError === undefined) {
			this.ctx.command((now) => this.ctx.core.fetchStreamDone(this.requestId, now));
		}
		if (info.error !== undefined) this.ended(info.error);
		else if (this.answered) this.ended(undefined);
	}

	protected override ended(error: Error | undefined): void {
		if (this.over) return;
		super.ended(error);
		if (!this.#streamDone) this.ctx.data.fetchEnded(this.requestId);
		this.#finish(error);
	}
}

/** How a fetch response is written. */
export interface FetchResponderOptions {
	/** Publisher Priority of objects that give none (0–255; default 128). */
	readonly publisherPriority?: number;
}

/** The peer's FETCH, accepted: write the objects of the range, then `finish`. */
export class FetchResponder implements RequestListener {
	readonly requestId: bigint;
	/**
	 * How it ended; never rejects: undefined when we finished or reset it, a RequestError when the
	 * peer cancelled it, a SessionError when the session closed.
	 */
	readonly done: Promise<Error | undefined>;
	readonly #ctx: SessionContext;
	readonly #sender: FetchSender;
	#finish!: (end: Error | undefined) => void;
	#over = false;

	/** @internal */
	constructor(ctx: SessionContext, fetch: FetchMessage, options: FetchResponderOptions | undefined) {
		this.#ctx = ctx;
		this.requestId = fetch.requestId;
		this.done = new Promise((resolve) => {
			this.#finish = resolve;
		});
		// "If omitted from FETCH, the receiver uses Ascending" (-19 §10.2); draft-14's "publisher's
		// choice" (0) is Ascending here too.
		const groupOrder = fetch.groupOrder === GroupOrder.DESCENDING ? GroupOrder.DESCENDING : GroupOrder.ASCENDING;
		this.#sender = new FetchSender({
			transport: ctx.data.transport,
			draft: ctx.draft,
			requestId: fetch.requestId,
			groupOrder,
			...(fetch.subscriberPriority !== undefined && { subscriberPriority: fetch.subscriberPriority }),
			...(options?.publisherPriority !== undefined && { defaultPublisherPriority: options.publisherPriority }),
		});
		ctx.follow(fetch.requestId, this);
	}

	/**
	 * Queues an object or (draft-16+) an End of Range marker, in the fetch's group order; resolves
	 * when the transport took it (backpressure).
	 */
	write(item: OutgoingFetchObject | FetchEndOfRange): Promise<void> {
		return this.#sender.write(item);
	}

	/** FIN after everything written (an empty range still sends FETCH_HEADER); the fetch is complete. */
	async finish(): Promise<void> {
		if (this.#over) return;
		await this.#sender.finish();
		if (this.#over) return;
		if (this.#ctx.closedError === undefined) {
			this.#ctx.command((now) => this.#ctx.core.fetchStreamDone(this.requestId, now));
		}
		this.#end(undefined);
	}

	/** Abandons the response with a stream reset code (e.g. UNKNOWN_OBJECT_STATUS). Idempotent. */
	reset(code: number): void {
		if (this.#over) return;
		this.#sender.reset(code);
		if (this.#ctx.closedError === undefined) this.#ctx.command((now) => this.#ctx.core.cancel(this.requestId, now));
		this.#end(undefined);
	}

	/** Finishes (if still live); resolves once it is over. */
	async [asyncDispose](): Promise<void> {
		await this.finish().catch(() => undefined);
		await this.done;
	}

	/** @internal */
	event(event: RequestEvent): void {
		if (event.kind !== "request-ended") return;
		this.#sender.reset(StreamResetCode[this.#ctx.draft].CANCELLED);
		this.#end(
			new RequestError({
				draft: this.#ctx.draft,
				request: event.request,
				code: event.code,
				reason: event.reason,
				source: event.source,
				ended: event.cause,
			}),
		);
	}

	/** @internal */
	closed(error: SessionError): void {
		this.#end(error);
	}

	#end(error: Error | undefined): void {
		if (this.#over) return;
		this.#over = true;
		this.#ctx.release(this.requestId, this);
		this.#finish(error);
	}
}
