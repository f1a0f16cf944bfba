/**
 * A subscription we receive: our SUBSCRIBE (draft-ietf-moq-transport-14 §9.7, -16 §9.9, -19
 * §10.7), or the peer's PUBLISH that we accepted (-14 §9.13, -19 §10.10). It is answered by
 * SUBSCRIBE_OK with the publisher's Track Alias (or, for a PUBLISH, carries it), updated with
 * SUBSCRIBE_UPDATE (-14 §9.10) / REQUEST_UPDATE (-16 §9.11, -19 §10.9), ended by the publisher's
 * PUBLISH_DONE (-14 §9.12, -19 §10.11) or by us (UNSUBSCRIBE in drafts 14 and 16, a stream reset
 * from draft-17, -19 §3.3.3), and it yields the track's objects.
 *
 * @module
 */

import type { KeyValuePair, Location, MessageParameters, Publish, TrackNamespace } from "@moqt/wire";
import type { ObjectQueue } from "../data/object-queue.js";
import type { ReceivedObject, SubgroupStreamEnd } from "../data/types.js";
import type { RequestEvent, SessionContext } from "./context.js";
import { asyncDispose } from "./platform.js";
import { type CallOptions, launch, OutgoingRequest } from "./request.js";
import { defaultPriorityOf } from "./track-settings.js";

/** SUBSCRIBE_OK (or the accepted PUBLISH) as the subscriber sees it. */
export interface SubscriptionAccepted {
	/** The publisher's Track Alias: data streams and datagrams of the track carry it. */
	readonly trackAlias: bigint;
	/** SUBSCRIBE_OK's parameters (EXPIRES, LARGEST_OBJECT, GROUP_ORDER, ...). */
	readonly parameters: MessageParameters;
	/** Track Properties (Track Extensions in draft-16). */
	readonly trackProperties: readonly KeyValuePair[];
}

/** PUBLISH_DONE: the publisher ended the subscription. */
export interface PublishDone {
	/** A PUBLISH_DONE status code of the draft (TRACK_ENDED, SUBSCRIPTION_ENDED, GOING_AWAY...). */
	readonly statusCode: number;
	/** Data streams the publisher opened for the subscription. */
	readonly streamCount: bigint;
	readonly reason: string;
}

/**
 * A subscription we receive. Iterate it for the objects (one reader); the loop ends when the
 * subscription is over and its objects are taken. Leaving the loop early unsubscribes.
 */
export class Subscription extends OutgoingRequest<SubscriptionAccepted> implements AsyncIterable<ReceivedObject> {
	readonly trackNamespace: TrackNamespace;
	readonly trackName: Uint8Array;
	/**
	 * How the subscription ended; never rejects. PublishDone: the publisher ended it; undefined: we
	 * did (unsubscribe, abort); an Error: it failed (RequestError) or the session closed (SessionError).
	 */
	readonly done: Promise<PublishDone | Error | undefined>;
	/**
	 * Hears each subgroup stream of the subscription end (FIN, reset, stopped), as soon as the
	 * data plane sees it: the objects it carried may still be waiting in the iteration, and
	 * `objects` says how many it delivered. A relay uses it to end its own subgroup streams in step.
	 */
	onStreamEnd: ((end: SubgroupStreamEnd) => void) | undefined;
	#accepted: SubscriptionAccepted | undefined;
	#objects: ObjectQueue<ReceivedObject> | undefined;
	#finish!: (end: PublishDone | Error | undefined) => void;

	/** @internal */
	constructor(ctx: SessionContext, trackNamespace: TrackNamespace, trackName: Uint8Array) {
		super(ctx);
		this.trackNamespace = trackNamespace;
		this.trackName = trackName;
		this.done = new Promise((resolve) => {
			this.#finish = resolve;
		});
	}

	/** @internal A subscription that starts accepted: the peer's PUBLISH we accept. */
	static accepted(ctx: SessionContext, publish: Publish): Subscription {
		const sub = new Subscription(ctx, publish.trackNamespace, publish.trackName);
		ctx.follow(publish.requestId, sub);
		sub.bind(publish.requestId);
		const {
			type: _t,
			requestId: _r,
			trackNamespace: _n,
			trackName: _m,
			trackAlias,
			trackProperties,
			...parameters
		} = publish;
		sub.#accept({ trackAlias, parameters, trackProperties: trackProperties ?? [] });
		return sub;
	}

	/** @internal The queue exists from the request on: objects can beat SUBSCRIBE_OK. */
	override bind(requestId: bigint): void {
		super.bind(requestId);
		this.#objects = this.ctx.data.openTrack(
			requestId,
			() => this.unsubscribe(),
			(end) => this.onStreamEnd?.(end),
		);
	}

	/** The publisher's Track Alias, once accepted. */
	get trackAlias(): bigint | undefined {
		return this.#accepted?.trackAlias;
	}

	/** The largest Location the publisher reported (SUBSCRIBE_OK, PUBLISH, REQUEST_UPDATE answers). */
	get largest(): Location | undefined {
		return this.#info()?.largestObject ?? this.#accepted?.parameters.largestObject;
	}

	/** EXPIRES of SUBSCRIBE_OK (ms; 0: never), if given. */
	get expires(): bigint | undefined {
		return this.#accepted?.parameters.expires;
	}

	/** The subscription's parameters as they stand now (the request's, then answers and updates). */
	get parameters(): MessageParameters {
		return this.#info()?.parameters ?? this.#accepted?.parameters ?? {};
	}

	/**
	 * Changes the subscription: SUBSCRIBE_UPDATE in draft-14 (narrowing only, no answer: resolves
	 * once sent), REQUEST_UPDATE later (resolves on REQUEST_OK, rejects with REQUEST_ERROR's
	 * RequestError; a refused update ends the subscription, -19 §10.9.1).
	 */
	update(parameters: MessageParameters, options?: CallOptions): Promise<RequestUpdate> {
		return launch(this.ctx, new RequestUpdate(this.ctx), options, (now, o) =>
			this.ctx.core.requestUpdate(this.requestId, parameters, now, o),
		);
	}

	/** Ends the subscription from our side (UNSUBSCRIBE, or a stream reset). Idempotent. */
	unsubscribe(): void {
		this.endFromHere("unsubscribed before the answer");
	}

	/** Unsubscribes (if still live); resolves once the subscription is over. */
	async [asyncDispose](): Promise<void> {
		this.unsubscribe();
		await this.done;
	}

	/** The objects of the track, in arrival order per stream. */
	[Symbol.asyncIterator](): AsyncIterator<ReceivedObject> {
		if (this.#objects === undefined) throw new Error("the subscription was not sent");
		return this.#objects[Symbol.asyncIterator]();
	}

	/** @internal */
	event(event: RequestEvent): void {
		switch (event.kind) {
			case "subscribe-ok":
				this.#accept({
					trackAlias: event.trackAlias,
					parameters: event.parameters,
					trackProperties: event.trackProperties,
				});
				return;
			case "publish-done":
				this.ended({ statusCode: event.statusCode, streamCount: event.streamCount, reason: event.reason });
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

	#accept(accepted: SubscriptionAccepted): void {
		this.#accepted = accepted;
		const priority = defaultPriorityOf(this.ctx.draft, accepted.trackProperties);
		this.ctx.data.trackAccepted(this.requestId, accepted.trackAlias, priority);
		this.settleSuccess(accepted);
	}

	#info() {
		return this.answered && !this.over ? this.ctx.core.subscription(this.requestId) : undefined;
	}

	protected override ended(end: PublishDone | Error | undefined): void {
		if (this.over) return;
		super.ended(end instanceof Error ? end : undefined);
		const publishDone = end !== undefined && !(end instanceof Error);
		this.ctx.data.trackEnded(this.requestId, publishDone ? end.streamCount : undefined);
		this.#finish(end);
	}
}

/** One of our REQUEST_UPDATEs (SUBSCRIBE_UPDATE in draft-14). */
export class RequestUpdate extends OutgoingRequest<MessageParameters> {
	/** @internal */
	constructor(ctx: SessionContext) {
		super(ctx);
	}

	/** @internal draft-14's SUBSCRIBE_UPDATE has no answer: it applies as sent. */
	override bind(requestId: bigint): void {
		super.bind(requestId);
		if (this.ctx.draft === 14) {
			this.settleSuccess({});
			this.ended(undefined);
		}
	}

	/** @internal */
	event(event: RequestEvent): void {
		if (event.kind === "request-ok") {
			this.settleSuccess(event.parameters);
			this.ended(undefined);
		} else if (event.kind === "request-error") {
			this.settleFailure(this.errorOf(event));
			this.ended(undefined);
		}
	}
}
