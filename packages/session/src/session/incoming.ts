/**
 * The peer's requests as the application answers them: one class per request type, each with the
 * request message, its resolved authorization tokens, `accept(...)` (which returns the handle the
 * accepted request lives on) and `reject(code, reason)`.
 *
 * Answers (draft-ietf-moq-transport-14 §9: SUBSCRIBE_OK / *_ERROR per request; -16 §9 and -18/-19
 * §10: REQUEST_OK / REQUEST_ERROR and the request-specific OKs). The error codes are the draft's
 * tables (`SubscribeErrorCode`... for draft-14, `RequestErrorCode[draft]` later). A request the
 * peer cancels before we answer ends; answering it then throws the {@link RequestError} that says
 * why.
 *
 * @module
 */

import type {
	Fetch,
	KeyValuePair,
	Location,
	MessageParameters,
	Publish,
	PublishNamespace,
	Redirect,
	Subscribe,
	SubscribeNamespace,
	SubscribeTracks,
	TrackStatus,
} from "@moqt/wire";
import type { ResolvedToken, Response, SessionError, SubscriptionInfo } from "../core/index.js";
import type { RequestEvent, RequestListener, SessionContext } from "./context.js";
import { RequestError } from "./errors.js";
import { FetchResponder, type FetchResponderOptions } from "./fetch.js";
import { AcceptedRequest, NamespaceResponder, TracksResponder } from "./peer-requests.js";
import { type PublisherOptions, TrackPublisher } from "./publisher.js";
import { Subscription } from "./subscription.js";
import { withDefaultPriority } from "./track-settings.js";

/** Options of `reject`. */
export interface RejectOptions {
	/** REQUEST_ERROR's Retry Interval: ms before a retry, plus one (0: do not retry). Not sent in draft-14. */
	readonly retryInterval?: bigint;
	/** drafts 18 and 19, with the REDIRECT code: where to retry. */
	readonly redirect?: Redirect;
}

/** Where an incoming request stands. */
export type IncomingState = "pending" | "accepted" | "rejected" | "ended";

/** What every incoming request has. */
abstract class IncomingBase<M extends { readonly requestId: bigint }> implements RequestListener {
	readonly message: M;
	/** The request's authorization tokens, resolved from the peer's alias cache. */
	readonly authorizationTokens: readonly ResolvedToken[];
	/** Resolves if the request ends before we answer it: the peer cancelled it, or the session closed. */
	readonly cancelled: Promise<Error>;
	protected readonly ctx: SessionContext;
	#state: IncomingState = "pending";
	#endError: Error | undefined;
	#cancel!: (error: Error) => void;

	constructor(ctx: SessionContext, message: M, authorizationTokens: readonly ResolvedToken[]) {
		this.ctx = ctx;
		this.message = message;
		this.authorizationTokens = authorizationTokens;
		this.cancelled = new Promise((resolve) => {
			this.#cancel = resolve;
		});
	}

	/** The request's Request ID. */
	get requestId(): bigint {
		return this.message.requestId;
	}

	/** Where the request stands. */
	get state(): IncomingState {
		return this.#state;
	}

	/**
	 * Refuses the request with an error code of the draft's table for it (REQUEST_ERROR, or
	 * draft-14's SUBSCRIBE_ERROR, FETCH_ERROR, ...).
	 */
	reject(code: number, reason = "", options?: RejectOptions): void {
		this.respond({
			kind: "error",
			code,
			reason,
			...(options?.retryInterval !== undefined && { retryInterval: options.retryInterval }),
			...(options?.redirect !== undefined && { redirect: options.redirect }),
		});
		this.#state = "rejected";
		this.ctx.release(this.requestId, this);
	}

	/** @internal */
	event(event: RequestEvent): void {
		if (event.kind !== "request-ended" && event.kind !== "request-error") return;
		this.#end(
			new RequestError({
				draft: this.ctx.draft,
				request: event.request,
				code: event.code,
				reason: event.reason,
				source: event.source,
				...(event.kind === "request-ended" && { ended: event.cause }),
			}),
		);
	}

	/** @internal */
	closed(error: SessionError): void {
		this.#end(error);
	}

	/** Sends the answer; throws why, if the request ended first. */
	protected respond(response: Response): void {
		if (this.#state !== "pending") {
			throw this.#endError ?? new Error(`the request ${this.requestId} was answered already`);
		}
		const live = this.ctx.command((now) => this.ctx.core.respond(this.requestId, response, now));
		if (!live) this.#end(new Error(`the request ${this.requestId} ended before its answer`));
		// The request ended first (reported just now, or by the flush of this very answer).
		if (this.#endError !== undefined) throw this.#endError;
	}

	/** Marks the request accepted: the handle made next follows it from now on. */
	protected accepted(): void {
		this.#state = "accepted";
		this.ctx.release(this.requestId, this);
	}

	#end(error: Error): void {
		if (this.#state !== "pending") return;
		this.#state = "ended";
		this.#endError = error;
		this.ctx.release(this.requestId, this);
		this.#cancel(error);
	}
}

/** Options of {@link IncomingSubscribe.accept}. */
export interface AcceptSubscribeOptions extends PublisherOptions {
	/** Our Track Alias for the track (default: one the session picks). */
	readonly trackAlias?: bigint;
	/** SUBSCRIBE_OK's parameters: LARGEST_OBJECT when content exists, EXPIRES, GROUP_ORDER, ... */
	readonly parameters?: MessageParameters;
	readonly trackProperties?: readonly KeyValuePair[];
}

/** The peer's SUBSCRIBE. */
export class IncomingSubscribe extends IncomingBase<Subscribe> {
	readonly kind = "subscribe" as const;

	/** SUBSCRIBE_OK: returns the publisher the objects go out through. */
	accept(options?: AcceptSubscribeOptions): TrackPublisher {
		const trackProperties = withDefaultPriority(this.ctx.draft, options?.trackProperties, options?.publisherPriority);
		this.respond({
			kind: "subscribe-ok",
			...(options?.trackAlias !== undefined && { trackAlias: options.trackAlias }),
			...(options?.parameters !== undefined && { parameters: options.parameters }),
			...(trackProperties !== undefined && { trackProperties }),
		});
		this.accepted();
		return TrackPublisher.accepted(this.ctx, this.requestId, {
			trackNamespace: this.message.trackNamespace,
			trackName: this.message.trackName,
			options,
		});
	}
}

/** Options of {@link IncomingFetch.accept}. */
export interface AcceptFetchOptions extends FetchResponderOptions {
	/** The range really covered: its last Object plus 1 (Object 0: the whole group). */
	readonly endLocation: Location;
	/** The range reaches the end of the track. */
	readonly endOfTrack?: boolean;
	readonly parameters?: MessageParameters;
	readonly trackProperties?: readonly KeyValuePair[];
}

/** The peer's FETCH (standalone, or joining one of the subscriptions we publish). */
export class IncomingFetch extends IncomingBase<Fetch> {
	readonly kind = "fetch" as const;
	/** For a Joining FETCH: the subscription it joins. */
	readonly joining: SubscriptionInfo | undefined;

	/** @internal */
	constructor(
		ctx: SessionContext,
		message: Fetch,
		tokens: readonly ResolvedToken[],
		joining: SubscriptionInfo | undefined,
	) {
		super(ctx, message, tokens);
		this.joining = joining;
	}

	/** FETCH_OK: returns the writer of the fetch's data stream. */
	accept(options: AcceptFetchOptions): FetchResponder {
		this.respond({
			kind: "fetch-ok",
			endOfTrack: options.endOfTrack ?? false,
			endLocation: options.endLocation,
			...(options.parameters !== undefined && { parameters: options.parameters }),
			...(options.trackProperties !== undefined && { trackProperties: options.trackProperties }),
		});
		this.accepted();
		return new FetchResponder(this.ctx, this.message, options);
	}
}

/** The peer's PUBLISH: a subscription it starts. */
export class IncomingPublish extends IncomingBase<Publish> {
	readonly kind = "publish" as const;

	/** PUBLISH_OK (REQUEST_OK from draft-17) with our Forward State, priority, filter...: returns the subscription. */
	accept(options?: { readonly parameters?: MessageParameters }): Subscription {
		this.respond({ kind: "publish-ok", ...(options?.parameters !== undefined && { parameters: options.parameters }) });
		this.accepted();
		return Subscription.accepted(this.ctx, this.message);
	}

	/** REQUEST_ERROR (PUBLISH_ERROR in draft-14); objects that came early are dropped, their streams stopped. */
	override reject(code: number, reason = "", options?: RejectOptions): void {
		super.reject(code, reason, options);
		this.ctx.data.aliasRefused(this.message.trackAlias);
	}
}

/** The peer's PUBLISH_NAMESPACE. */
export class IncomingPublishNamespace extends IncomingBase<PublishNamespace> {
	readonly kind = "publish-namespace" as const;

	/** PUBLISH_NAMESPACE_OK / REQUEST_OK: returns the accepted namespace, live until withdrawn or cancelled. */
	accept(options?: { readonly parameters?: MessageParameters }): AcceptedRequest {
		this.respond({ kind: "ok", ...(options?.parameters !== undefined && { parameters: options.parameters }) });
		this.accepted();
		return new AcceptedRequest(this.ctx, this.requestId);
	}
}

/** The peer's SUBSCRIBE_NAMESPACE. */
export class IncomingSubscribeNamespace extends IncomingBase<SubscribeNamespace> {
	readonly kind = "subscribe-namespace" as const;

	/** SUBSCRIBE_NAMESPACE_OK / REQUEST_OK: returns the handle to send NAMESPACE / NAMESPACE_DONE on. */
	accept(options?: { readonly parameters?: MessageParameters }): NamespaceResponder {
		this.respond({ kind: "ok", ...(options?.parameters !== undefined && { parameters: options.parameters }) });
		this.accepted();
		return new NamespaceResponder(this.ctx, this.requestId, this.message.trackNamespacePrefix);
	}
}

/** The peer's SUBSCRIBE_TRACKS (draft-18+). */
export class IncomingSubscribeTracks extends IncomingBase<SubscribeTracks> {
	readonly kind = "subscribe-tracks" as const;

	/** REQUEST_OK: returns the handle to report skipped tracks on; PUBLISH the tracks with `session.publish`. */
	accept(options?: { readonly parameters?: MessageParameters }): TracksResponder {
		this.respond({ kind: "ok", ...(options?.parameters !== undefined && { parameters: options.parameters }) });
		this.accepted();
		return new TracksResponder(this.ctx, this.requestId, this.message.trackNamespacePrefix);
	}
}

/** The peer's TRACK_STATUS. */
export class IncomingTrackStatus extends IncomingBase<TrackStatus> {
	readonly kind = "track-status" as const;

	/** TRACK_STATUS_OK / REQUEST_OK with the track's status: LARGEST_OBJECT, EXPIRES, Track Properties. */
	accept(options?: {
		readonly parameters?: MessageParameters;
		readonly trackProperties?: readonly KeyValuePair[];
	}): void {
		this.respond({
			kind: "track-status-ok",
			...(options?.parameters !== undefined && { parameters: options.parameters }),
			...(options?.trackProperties !== undefined && { trackProperties: options.trackProperties }),
		});
		this.accepted();
	}
}

/** Every request the peer can open. */
export type IncomingRequestOpening =
	| IncomingSubscribe
	| IncomingFetch
	| IncomingPublish
	| IncomingPublishNamespace
	| IncomingSubscribeNamespace
	| IncomingSubscribeTracks
	| IncomingTrackStatus;
