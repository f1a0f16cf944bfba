/**
 * Our namespace requests:
 *
 * - PUBLISH_NAMESPACE (draft-ietf-moq-transport-14 §9.23, -16 §9.20, -19 §10.15; "Publishing
 *   Namespaces", -19 §6.2): answered by PUBLISH_NAMESPACE_OK / REQUEST_OK; withdrawn with
 *   PUBLISH_NAMESPACE_DONE (14, 16) or a stream reset (-19 §3.3.3); the peer may revoke it
 *   (PUBLISH_NAMESPACE_CANCEL, or a reset).
 * - SUBSCRIBE_NAMESPACE (-14 §9.28, -16 §9.25, -19 §10.18; "Subscribing to Namespaces", -19
 *   §6.1): from draft-16 the publisher reports matching namespaces with NAMESPACE /
 *   NAMESPACE_DONE (-16 §9.21/§9.23, -19 §10.16/§10.17), which the handle yields. In draft-14 the
 *   publisher answers with PUBLISH_NAMESPACE and PUBLISH requests instead, which reach the session's
 *   handlers like any other request.
 * - SUBSCRIBE_TRACKS (-18/-19 §10.19): the tracks arrive as PUBLISH requests (handlers); the
 *   handle yields PUBLISH_BLOCKED (-18) / PUBLISH_SKIPPED (-19 §10.20) reports.
 *
 * @module
 */

import type { MessageParameters, TrackNamespace } from "@moqt/wire";
import { AsyncQueue } from "./async-queue.js";
import type { RequestEvent, SessionContext } from "./context.js";
import { asyncDispose } from "./platform.js";
import { OutgoingRequest } from "./request.js";

/** The accepting answer to a namespace request. */
export interface NamespaceAccepted {
	readonly parameters: MessageParameters;
}

/** What a namespace subscription reports. */
export type NamespaceItem = {
	/** "namespace": NAMESPACE, a namespace under the prefix is available; "namespace-done": withdrawn. */
	readonly kind: "namespace" | "namespace-done";
	/** The full namespace. */
	readonly trackNamespace: TrackNamespace;
	/** The part after the subscription's prefix. */
	readonly trackNamespaceSuffix: TrackNamespace;
};

/** A track the publisher will not PUBLISH for a SUBSCRIBE_TRACKS (PUBLISH_BLOCKED / PUBLISH_SKIPPED). */
export interface SkippedTrack {
	readonly trackNamespace: TrackNamespace;
	readonly trackNamespaceSuffix: TrackNamespace;
	readonly trackName: Uint8Array;
}

/** Common ground of our namespace requests: the answer, the end, cancellation. */
abstract class NamespaceRequest extends OutgoingRequest<NamespaceAccepted> {
	/**
	 * How it ended; never rejects: undefined when we ended it or the peer completed it, a
	 * RequestError when it was refused or cancelled, a SessionError when the session closed.
	 */
	readonly done: Promise<Error | undefined>;
	#finish!: (end: Error | undefined) => void;

	protected constructor(ctx: SessionContext) {
		super(ctx);
		this.done = new Promise((resolve) => {
			this.#finish = resolve;
		});
	}

	/** Ends the request from our side (the draft's message, or a stream reset). Idempotent. */
	cancel(): void {
		this.endFromHere("cancelled before the answer");
	}

	/** Cancels (if still live); resolves once it is over. */
	async [asyncDispose](): Promise<void> {
		this.cancel();
		await this.done;
	}

	/** @internal */
	event(event: RequestEvent): void {
		switch (event.kind) {
			case "request-ok":
				this.settleSuccess({ parameters: event.parameters });
				return;
			case "request-error": {
				const error = this.errorOf(event);
				this.settleFailure(error);
				this.ended(error);
				return;
			}
			case "request-ended":
				// "done": the peer completed it (PUBLISH_NAMESPACE withdrawn, stream finished): a normal end.
				this.ended(event.cause === "done" ? undefined : this.errorOf(event));
				return;
			default:
				this.item(event);
		}
	}

	/** An event specific to the request type. */
	protected item(_event: RequestEvent): void {}

	protected override ended(error: Error | undefined): void {
		if (this.over) return;
		super.ended(error);
		this.#finish(error);
	}
}

/** Our PUBLISH_NAMESPACE. */
export class PublishedNamespace extends NamespaceRequest {
	readonly trackNamespace: TrackNamespace;

	/** @internal */
	constructor(ctx: SessionContext, trackNamespace: TrackNamespace) {
		super(ctx);
		this.trackNamespace = trackNamespace;
	}

	/** Withdraws the namespace (PUBLISH_NAMESPACE_DONE, or a stream reset). Same as `cancel`. */
	withdraw(): void {
		this.cancel();
	}
}

/** Our SUBSCRIBE_NAMESPACE: iterate it for NAMESPACE / NAMESPACE_DONE (draft-16+). */
export class NamespaceSubscription extends NamespaceRequest implements AsyncIterable<NamespaceItem> {
	readonly trackNamespacePrefix: TrackNamespace;
	readonly #items = new AsyncQueue<NamespaceItem>();

	/** @internal */
	constructor(ctx: SessionContext, trackNamespacePrefix: TrackNamespace) {
		super(ctx);
		this.trackNamespacePrefix = trackNamespacePrefix;
	}

	/** The NAMESPACE / NAMESPACE_DONE reports, in order; the loop ends with the subscription. */
	[Symbol.asyncIterator](): AsyncIterator<NamespaceItem> {
		return this.#items[Symbol.asyncIterator]();
	}

	protected override item(event: RequestEvent): void {
		if (event.kind === "namespace" || event.kind === "namespace-done") {
			this.#items.push({
				kind: event.kind,
				trackNamespace: event.trackNamespace,
				trackNamespaceSuffix: event.trackNamespaceSuffix,
			});
		}
	}

	protected override ended(error: Error | undefined): void {
		super.ended(error);
		this.#items.end();
	}
}

/** Our SUBSCRIBE_TRACKS (draft-18+): the tracks come as PUBLISH requests; iterate for the skipped ones. */
export class TrackSubscription extends NamespaceRequest implements AsyncIterable<SkippedTrack> {
	readonly trackNamespacePrefix: TrackNamespace;
	readonly #skipped = new AsyncQueue<SkippedTrack>();

	/** @internal */
	constructor(ctx: SessionContext, trackNamespacePrefix: TrackNamespace) {
		super(ctx);
		this.trackNamespacePrefix = trackNamespacePrefix;
	}

	/** The tracks the publisher skipped, in order; the loop ends with the subscription. */
	[Symbol.asyncIterator](): AsyncIterator<SkippedTrack> {
		return this.#skipped[Symbol.asyncIterator]();
	}

	protected override item(event: RequestEvent): void {
		if (event.kind === "publish-skipped") {
			this.#skipped.push({
				trackNamespace: event.trackNamespace,
				trackNamespaceSuffix: event.trackNamespaceSuffix,
				trackName: event.trackName,
			});
		}
	}

	protected override ended(error: Error | undefined): void {
		super.ended(error);
		this.#skipped.end();
	}
}
