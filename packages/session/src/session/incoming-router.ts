/**
 * Where the peer's requests go: to the application's handler for the request type if there is
 * one, else to the `incoming` iterable while someone reads it, else to the default answer
 * (defaults.ts). A handler that throws (or whose promise rejects) before answering gets the
 * request refused with INTERNAL_ERROR (0x0 in every draft's table).
 *
 * Also GOAWAY (draft-ietf-moq-transport-14 §9.4, -19 §10.4), reported to `onGoaway`.
 *
 * @module
 */

import type { SessionEvent } from "../core/index.js";
import { AsyncQueue } from "./async-queue.js";
import type { SessionContext } from "./context.js";
import { defaultRejection } from "./defaults.js";
import {
	IncomingFetch,
	IncomingPublish,
	IncomingPublishNamespace,
	type IncomingRequestOpening,
	IncomingSubscribe,
	IncomingSubscribeNamespace,
	IncomingSubscribeTracks,
	IncomingTrackStatus,
} from "./incoming.js";
import { IncomingRequestUpdate } from "./incoming-update.js";
import { reportError } from "./platform.js";

/** Any request (or update) the peer makes. */
export type IncomingRequest = IncomingRequestOpening | IncomingRequestUpdate;

/** A GOAWAY received: for the whole session, or (draft-18+) for one request. */
export interface GoawayInfo {
	/** Where to reconnect (from a server); empty: the current URI. */
	readonly newSessionUri: string;
	/** draft-18+: ms until the peer closes the session (or resets the request stream); 0 or undefined: no deadline given. */
	readonly timeout: bigint | undefined;
	/** Set for a GOAWAY on one request's stream. */
	readonly requestId: bigint | undefined;
	/** draft-18, on the control stream: the smallest of our Request IDs the peer may not have processed. */
	readonly peerRequestId: bigint | undefined;
}

type Handler<T> = (request: T) => void | Promise<void>;

/** The application's handlers, one per request type; each is optional. */
export interface SessionHandlers {
	onSubscribe?: Handler<IncomingSubscribe>;
	onFetch?: Handler<IncomingFetch>;
	onPublish?: Handler<IncomingPublish>;
	onPublishNamespace?: Handler<IncomingPublishNamespace>;
	onSubscribeNamespace?: Handler<IncomingSubscribeNamespace>;
	onSubscribeTracks?: Handler<IncomingSubscribeTracks>;
	onTrackStatus?: Handler<IncomingTrackStatus>;
	onRequestUpdate?: Handler<IncomingRequestUpdate>;
	onGoaway?: (goaway: GoawayInfo) => void;
}

type RequestEvent = Extract<SessionEvent, { kind: "request" }>;
type UpdateEvent = Extract<SessionEvent, { kind: "update" }>;

/** Routes the peer's requests. */
export class IncomingRouter {
	/** The handlers; replace or change them at any time. */
	handlers: SessionHandlers;
	readonly #ctx: SessionContext;
	readonly #queue: AsyncQueue<IncomingRequest>;
	#listening: boolean;
	/** Tells the handle of an updated request to pick up its new parameters. */
	readonly #applied: (targetRequestId: bigint) => void;

	constructor(
		ctx: SessionContext,
		handlers: SessionHandlers,
		listening: boolean,
		applied: (targetRequestId: bigint) => void,
	) {
		this.#ctx = ctx;
		this.handlers = handlers;
		this.#listening = listening;
		this.#applied = applied;
		this.#queue = new AsyncQueue(() => this.#stopListening());
	}

	/**
	 * The requests no handler takes. Reading it turns the queue on; leaving the loop turns it off
	 * and gives what is still queued the default answer.
	 */
	readonly incoming: AsyncIterable<IncomingRequest> = {
		[Symbol.asyncIterator]: () => {
			if (!this.#queue.ended) this.#listening = true;
			return this.#queue[Symbol.asyncIterator]();
		},
	};

	/** A request the peer opened. */
	request(event: RequestEvent): void {
		const ctx = this.#ctx;
		const { message, authorizationTokens: tokens } = event;
		let request: IncomingRequestOpening;
		switch (message.type) {
			case "SUBSCRIBE":
				request = new IncomingSubscribe(ctx, message, tokens);
				break;
			case "FETCH":
				request = new IncomingFetch(ctx, message, tokens, event.joining);
				break;
			case "PUBLISH":
				request = new IncomingPublish(ctx, message, tokens);
				break;
			case "PUBLISH_NAMESPACE":
				request = new IncomingPublishNamespace(ctx, message, tokens);
				break;
			case "SUBSCRIBE_NAMESPACE":
				request = new IncomingSubscribeNamespace(ctx, message, tokens);
				break;
			case "SUBSCRIBE_TRACKS":
				request = new IncomingSubscribeTracks(ctx, message, tokens);
				break;
			case "TRACK_STATUS":
				request = new IncomingTrackStatus(ctx, message, tokens);
				break;
		}
		ctx.follow(request.requestId, request);
		this.#route(request);
	}

	/** An update of one of the peer's requests (or of a PUBLISH of ours it accepted). */
	update(event: UpdateEvent): void {
		const target = event.targetRequestId;
		this.#route(new IncomingRequestUpdate(this.#ctx, event, () => this.#applied(target)));
	}

	/** A GOAWAY. */
	goaway(info: GoawayInfo): void {
		try {
			this.handlers.onGoaway?.(info);
		} catch (error) {
			reportError(error);
		}
	}

	/** The session closed: the iteration ends once what is queued is taken. */
	close(): void {
		this.#listening = false;
		this.#queue.end();
	}

	#route(request: IncomingRequest): void {
		const handler = this.#handler(request);
		if (handler !== undefined) {
			try {
				const result = handler.call(this.handlers, request as never);
				if (result !== undefined) void result.then(undefined, (error: unknown) => failed(this.#ctx, request, error));
			} catch (error) {
				failed(this.#ctx, request, error);
			}
		} else if (this.#listening) {
			this.#queue.push(request);
		} else {
			answerDefault(this.#ctx, request);
		}
	}

	#handler(request: IncomingRequest): Handler<never> | undefined {
		const h = this.handlers;
		switch (request.kind) {
			case "subscribe":
				return h.onSubscribe;
			case "fetch":
				return h.onFetch;
			case "publish":
				return h.onPublish;
			case "publish-namespace":
				return h.onPublishNamespace;
			case "subscribe-namespace":
				return h.onSubscribeNamespace;
			case "subscribe-tracks":
				return h.onSubscribeTracks;
			case "track-status":
				return h.onTrackStatus;
			case "request-update":
				return h.onRequestUpdate;
		}
	}

	#stopListening(): void {
		this.#listening = false;
		for (const request of this.#queue.drain()) answerDefault(this.#ctx, request);
	}
}

function answerDefault(ctx: SessionContext, request: IncomingRequest): void {
	if (ctx.closedError !== undefined) return;
	if (request.kind === "request-update") {
		if (!request.answered) request.accept();
		return;
	}
	if (request.state !== "pending") return;
	const { code, reason } = defaultRejection(ctx.draft, request.kind);
	request.reject(code, reason);
}

// INTERNAL_ERROR is 0x0 in every request error table of every draft.
const INTERNAL_ERROR = 0;

function failed(ctx: SessionContext, request: IncomingRequest, error: unknown): void {
	if (ctx.closedError !== undefined) return;
	const reason = error instanceof Error ? error.message : String(error);
	if (request.kind === "request-update") {
		if (!request.answered && request.needsResponse) request.reject(INTERNAL_ERROR, reason);
	} else if (request.state === "pending") {
		request.reject(INTERNAL_ERROR, reason);
	}
}
