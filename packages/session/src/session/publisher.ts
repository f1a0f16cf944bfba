/**
 * A subscription we publish: the peer's SUBSCRIBE that we accepted (draft-ietf-moq-transport-14
 * §9.7-§9.8, -19 §10.7-§10.8), or our PUBLISH (-14 §9.13, -19 §10.10: "the publisher will start
 * transmitting objects immediately, possibly before PUBLISH_OK"). Objects go out through the data
 * plane's TrackSender (subgroup streams and datagrams under the subscriber's Forward State,
 * filters, priorities and delivery timeouts); the subscriber's REQUEST_UPDATEs reach it; `close`
 * ends the subscription with PUBLISH_DONE and the Stream Count of the streams opened (-14 §9.12,
 * -19 §10.11: "including streams that contained no Objects").
 *
 * @module
 */

import {
	type KeyValuePair,
	type MessageParameters,
	PublishDoneCode,
	StreamResetCode,
	type TrackNamespace,
} from "@moqt/wire";
import type { SubgroupOptions, SubgroupSender } from "../data/subgroup-sender.js";
import { TrackSender } from "../data/track-sender.js";
import type { DataTransport } from "../data/transport.js";
import type { DeliveryTimeouts, OutgoingDatagram } from "../data/types.js";
import type { RequestEvent, SessionContext } from "./context.js";
import { abortError, asyncDispose } from "./platform.js";
import { OutgoingRequest } from "./request.js";
import { trackSettings } from "./track-settings.js";

/** PUBLISH_OK as the publisher sees it. */
export interface PublishAccepted {
	/** PUBLISH_OK's parameters: the subscriber's Forward State, priority, filter, timeouts. */
	readonly parameters: MessageParameters;
}

/** How the objects of a published track are sent. */
export interface PublisherOptions {
	/** Publisher Priority of objects and subgroups that give none (0–255; default 128). */
	readonly publisherPriority?: number;
	/** The publisher's own delivery timeouts (ms; combined with the subscriber's: the smaller wins). */
	readonly publisherDeliveryTimeout?: DeliveryTimeouts;
}

/** What a {@link TrackPublisher} is made with. @internal */
export interface TrackPublisherInit {
	readonly trackNamespace: TrackNamespace;
	readonly trackName: Uint8Array;
	readonly options: PublisherOptions | undefined;
}

/** A subscription we publish. */
export class TrackPublisher extends OutgoingRequest<PublishAccepted> {
	readonly trackNamespace: TrackNamespace;
	readonly trackName: Uint8Array;
	/**
	 * How it ended; never rejects: undefined when we closed it, a RequestError when the subscriber
	 * cancelled or refused it (our PUBLISH), a SessionError when the session closed.
	 */
	readonly done: Promise<Error | undefined>;
	readonly #init: TrackPublisherInit;
	#sender: TrackSender | undefined;
	#alias: bigint | undefined;
	#finish!: (end: Error | undefined) => void;
	/** Closed by us: the sender's streams were finished, not abandoned. */
	#graceful = false;

	/** @internal */
	constructor(ctx: SessionContext, init: TrackPublisherInit) {
		super(ctx);
		this.trackNamespace = init.trackNamespace;
		this.trackName = init.trackName;
		this.#init = init;
		this.done = new Promise((resolve) => {
			this.#finish = resolve;
		});
	}

	/** @internal The peer's SUBSCRIBE, accepted: the handle starts answered. */
	static accepted(ctx: SessionContext, requestId: bigint, init: TrackPublisherInit): TrackPublisher {
		const publisher = new TrackPublisher(ctx, init);
		ctx.follow(requestId, publisher);
		publisher.bind(requestId);
		publisher.settleSuccess({ parameters: ctx.core.subscription(requestId)?.parameters ?? {} });
		return publisher;
	}

	/** @internal Objects may flow as soon as the request exists. */
	override bind(requestId: bigint): void {
		super.bind(requestId);
		const info = this.ctx.core.subscription(requestId);
		const alias = info?.trackAlias;
		if (info === undefined || alias === undefined) throw new Error(`request ${requestId} is not a published track`);
		this.#alias = alias;
		const settings = trackSettings(info.parameters, info.largestObject);
		const options = this.#init.options;
		const { core, data } = this.ctx;
		const transport: DataTransport = {
			// The core counts the streams too: PUBLISH_DONEs it sends itself (a refused update) carry the count.
			openUni: (o) => {
				core.dataStreamOpened(requestId);
				return data.transport.openUni(o);
			},
			datagrams: data.transport.datagrams,
		};
		this.#sender = new TrackSender({
			transport,
			draft: this.ctx.draft,
			trackAlias: alias,
			clock: this.ctx.data.clock,
			...settings,
			...(options?.publisherPriority !== undefined && { defaultPublisherPriority: options.publisherPriority }),
			...(options?.publisherDeliveryTimeout !== undefined && {
				publisherDeliveryTimeout: options.publisherDeliveryTimeout,
			}),
		});
	}

	/** The Track Alias our data streams and datagrams carry. */
	get trackAlias(): bigint {
		if (this.#alias === undefined) throw new Error("the track is not published yet");
		return this.#alias;
	}

	/** The subscription's parameters as they stand now (subscriber's request, answers, updates). */
	get parameters(): MessageParameters {
		return (this.over ? undefined : this.ctx.core.subscription(this.requestId)?.parameters) ?? {};
	}

	/** Track Properties sent with SUBSCRIBE_OK or PUBLISH. */
	get trackProperties(): readonly KeyValuePair[] {
		return (this.over ? undefined : this.ctx.core.subscription(this.requestId)?.trackProperties) ?? [];
	}

	/** Subgroup streams opened so far (PUBLISH_DONE's Stream Count). */
	get streamCount(): number {
		return this.#sender?.streamCount ?? 0;
	}

	/** The Forward State the subscriber asked for: while false no object is sent. */
	get forward(): boolean {
		return this.#sender?.forward ?? false;
	}

	/** Starts a subgroup; its stream opens with the first object sent. */
	openSubgroup(options: SubgroupOptions): SubgroupSender {
		return this.#live().openSubgroup(options);
	}

	/** Sends one object as a datagram; false when it was not sent (see TrackSender.sendDatagram). */
	sendDatagram(object: OutgoingDatagram): boolean {
		return this.#live().sendDatagram(object);
	}

	/**
	 * Ends the subscription: FIN on every open subgroup (the objects sent are complete), then
	 * PUBLISH_DONE with `statusCode` (default TRACK_ENDED, 0x2 in every draft) and the stream count.
	 * Idempotent.
	 */
	close(statusCode: number = PublishDoneCode[14].TRACK_ENDED, reason = ""): void {
		if (this.over) return;
		const sender = this.#sender;
		this.#graceful = true;
		void sender?.finish();
		if (this.ctx.closedError === undefined) {
			// The Stream Count is the core's count of the streams opened.
			this.ctx.command((now) => this.ctx.core.publishDone(this.requestId, { statusCode, reason }, now));
		}
		this.settleFailure(abortError("the PUBLISH was closed before its answer"));
		this.ended(undefined);
	}

	/** Closes with TRACK_ENDED (if still live); resolves once it is over. */
	async [asyncDispose](): Promise<void> {
		this.close();
		await this.done;
	}

	/** @internal */
	event(event: RequestEvent): void {
		switch (event.kind) {
			case "publish-ok":
				this.updated();
				this.settleSuccess({ parameters: event.parameters });
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

	/** @internal The subscriber changed its parameters (REQUEST_UPDATE, PUBLISH_OK): apply them. */
	updated(): void {
		const info = this.ctx.core.subscription(this.requestId);
		if (info === undefined || this.#sender === undefined) return;
		const { groupOrder: _, ...update } = trackSettings(info.parameters, info.largestObject);
		this.#sender.update(update);
	}

	// A PUBLISH we abandon before PUBLISH_OK ends with PUBLISH_DONE, as the core allows for ours.
	protected override cancelRequest(now: number): void {
		const statusCode = PublishDoneCode[14].SUBSCRIPTION_ENDED;
		this.ctx.core.publishDone(this.requestId, { statusCode, reason: "cancelled", streamCount: 0n }, now);
	}

	protected override ended(error: Error | undefined): void {
		if (this.over) return;
		super.ended(error);
		// Streams still open when the subscription ends without our close are abandoned.
		if (!this.#graceful) this.#sender?.close(StreamResetCode[this.ctx.draft].CANCELLED);
		this.#finish(error);
	}

	#live(): TrackSender {
		if (this.#sender === undefined) throw new Error("the track is not published yet");
		return this.#sender;
	}
}
