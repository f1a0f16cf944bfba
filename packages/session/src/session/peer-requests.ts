/**
 * The peer's namespace requests after we accepted them:
 *
 * - PUBLISH_NAMESPACE (draft-ietf-moq-transport-14 §9.23, -16 §9.20, -19 §10.15): lives until the
 *   peer withdraws it (PUBLISH_NAMESPACE_DONE, a FIN or reset) or we revoke it
 *   (PUBLISH_NAMESPACE_CANCEL in drafts 14 and 16, a stream reset from draft-17, -19 §6.2: "A
 *   subscriber can cancel the request ... to revoke acceptance of a PUBLISH_NAMESPACE").
 * - SUBSCRIBE_NAMESPACE (-16 §9.25, -19 §10.18): we send NAMESPACE / NAMESPACE_DONE for the
 *   namespaces under the prefix (-19 §6.1: "MUST send a NAMESPACE message that includes this
 *   namespace to any subscriber that has sent a SUBSCRIBE_NAMESPACE whose prefix matches"). In
 *   draft-14 matching namespaces are announced with PUBLISH_NAMESPACE requests instead.
 * - SUBSCRIBE_TRACKS (-18/-19 §10.19): we PUBLISH the matching tracks (`session.publish`) and
 *   report those we will not publish with PUBLISH_BLOCKED / PUBLISH_SKIPPED (-19 §10.20).
 *
 * @module
 */

import type { TrackNamespace } from "@moqt/wire";
import type { SessionError } from "../core/index.js";
import type { RequestEvent, RequestListener, SessionContext } from "./context.js";
import { RequestError } from "./errors.js";
import { asyncDispose } from "./platform.js";

/** A request of the peer that we accepted and that lives on. */
export class AcceptedRequest implements RequestListener {
	readonly requestId: bigint;
	/**
	 * How it ended; never rejects: undefined when we ended it or the peer completed it, a
	 * RequestError when the peer cancelled it, a SessionError when the session closed.
	 */
	readonly done: Promise<Error | undefined>;
	protected readonly ctx: SessionContext;
	#finish!: (end: Error | undefined) => void;
	#over = false;

	/** @internal */
	constructor(ctx: SessionContext, requestId: bigint) {
		this.ctx = ctx;
		this.requestId = requestId;
		this.done = new Promise((resolve) => {
			this.#finish = resolve;
		});
		ctx.follow(requestId, this);
	}

	/** True once the request is over. */
	get over(): boolean {
		return this.#over;
	}

	/**
	 * Ends the request from our side (PUBLISH_NAMESPACE_CANCEL with `code` and `reason` in drafts
	 * 14 and 16, else a stream reset with `code`, default CANCELLED). Idempotent.
	 */
	cancel(code?: number, reason?: string): void {
		if (this.#over) return;
		const options = { ...(code !== undefined && { code }), ...(reason !== undefined && { reason }) };
		if (this.ctx.closedError === undefined)
			this.ctx.command((now) => this.ctx.core.cancel(this.requestId, now, options));
		this.end(undefined);
	}

	/** Cancels (if still live); resolves once it is over. */
	async [asyncDispose](): Promise<void> {
		this.cancel();
		await this.done;
	}

	/** @internal */
	event(event: RequestEvent): void {
		if (event.kind !== "request-ended") return;
		if (event.cause === "done") {
			this.end(undefined);
			return;
		}
		this.end(
			new RequestError({
				draft: this.ctx.draft,
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
		this.end(error);
	}

	protected end(error: Error | undefined): void {
		if (this.#over) return;
		this.#over = true;
		this.ctx.release(this.requestId, this);
		this.#finish(error);
	}
}

/** The peer's SUBSCRIBE_NAMESPACE, accepted: tell it which namespaces exist under its prefix. */
export class NamespaceResponder extends AcceptedRequest {
	readonly trackNamespacePrefix: TrackNamespace;

	/** @internal */
	constructor(ctx: SessionContext, requestId: bigint, trackNamespacePrefix: TrackNamespace) {
		super(ctx, requestId);
		this.trackNamespacePrefix = trackNamespacePrefix;
	}

	/**
	 * NAMESPACE for a full namespace under the prefix (draft-16+). False when it was announced
	 * already or the request is over.
	 */
	namespace(trackNamespace: TrackNamespace): boolean {
		return this.ctx.command((now) => this.ctx.core.namespace(this.requestId, trackNamespace, now));
	}

	/** NAMESPACE_DONE for a namespace announced before (draft-16+). False when the request is over. */
	namespaceDone(trackNamespace: TrackNamespace): boolean {
		return this.ctx.command((now) => this.ctx.core.namespaceDone(this.requestId, trackNamespace, now));
	}
}

/** The peer's SUBSCRIBE_TRACKS, accepted (draft-18+): PUBLISH the tracks, report the ones skipped. */
export class TracksResponder extends AcceptedRequest {
	readonly trackNamespacePrefix: TrackNamespace;

	/** @internal */
	constructor(ctx: SessionContext, requestId: bigint, trackNamespacePrefix: TrackNamespace) {
		super(ctx, requestId);
		this.trackNamespacePrefix = trackNamespacePrefix;
	}

	/** PUBLISH_BLOCKED (-18) / PUBLISH_SKIPPED (-19) for a track we will not publish. */
	publishSkipped(trackNamespace: TrackNamespace, trackName: Uint8Array): boolean {
		return this.ctx.command((now) => this.ctx.core.publishSkipped(this.requestId, trackNamespace, trackName, now));
	}
}
