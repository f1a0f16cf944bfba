/**
 * Namespace discovery, one shape for every draft. `subscribeNamespace(prefix)` sends
 * SUBSCRIBE_NAMESPACE and yields what the publisher (or relay) reports under the prefix:
 *
 * - drafts 16 and later: NAMESPACE / NAMESPACE_DONE on the request (-16 §9.21/§9.23, -19
 *   §10.16/§10.17), as "namespace" / "namespace-done";
 * - draft-14: the publisher answers with PUBLISH_NAMESPACE requests instead (-14 §9.28: "the
 *   publisher MUST send PUBLISH_NAMESPACE for any matching namespaces"); those under the prefix
 *   are accepted here and yielded as "namespace", their withdrawal as "namespace-done".
 *
 * With `tracks: true` the publisher's PUBLISH requests for tracks under the prefix are yielded as
 * "publish", for the application to accept (a subscription) or reject: in draft-14 they come
 * anyway, in draft-16 Subscribe Options asks for them (BOTH), from draft-18 a SUBSCRIBE_TRACKS
 * on the same prefix does (-19 §10.19).
 *
 * @module
 */

import {
	type AcceptedRequest,
	defaultRejection,
	type IncomingPublish,
	type IncomingPublishNamespace,
	type NamespaceSubscription,
	type TrackSubscription,
} from "@moqt/session";
import type { Draft, TrackNamespace } from "@moqt/wire";
import { AsyncQueue } from "../async-queue.js";
import { asyncDispose } from "../dispose.js";
import { hasPrefix } from "../names.js";
import { type SubscriptionSettings, settingsParameters } from "../options.js";
import { ClientSubscription } from "./subscription.js";

/** A namespace under the prefix became available ("namespace") or was withdrawn ("namespace-done"). */
export interface NamespaceAnnouncement {
	readonly kind: "namespace" | "namespace-done";
	/** The full namespace. */
	readonly namespace: TrackNamespace;
	/** The part after the prefix. */
	readonly suffix: TrackNamespace;
}

/** The publisher offers a track under the prefix (PUBLISH): accept it to receive its objects, or reject it. */
export interface PublishAnnouncement {
	readonly kind: "publish";
	readonly namespace: TrackNamespace;
	readonly suffix: TrackNamespace;
	/** The track name. */
	readonly name: Uint8Array;
	/** The request as the session holds it. */
	readonly request: IncomingPublish;
	/** Accepts (PUBLISH_OK / REQUEST_OK) with our settings: returns the subscription. */
	accept(settings?: SubscriptionSettings): ClientSubscription;
	/** Refuses it (default: UNINTERESTED). */
	reject(code?: number, reason?: string): void;
}

/** What a namespace subscription yields. */
export type Announcement = NamespaceAnnouncement | PublishAnnouncement;

/** @internal What a watch is made of. */
export interface NamespaceWatchInit {
	readonly draft: Draft;
	readonly prefix: TrackNamespace;
	readonly tracks: boolean;
	readonly raw: NamespaceSubscription;
	readonly trackRequest: TrackSubscription | undefined;
}

/** Our SUBSCRIBE_NAMESPACE: iterate it for the announcements; leaving the loop early ends it. */
export class NamespaceWatch implements AsyncIterable<Announcement> {
	/** The prefix watched. */
	readonly prefix: TrackNamespace;
	/** The session's SUBSCRIBE_NAMESPACE handle. */
	readonly raw: NamespaceSubscription;
	/** The SUBSCRIBE_TRACKS sent along (drafts 18+, with `tracks: true`). */
	readonly trackRequest: TrackSubscription | undefined;
	/** Whether PUBLISH requests under the prefix are yielded. */
	readonly tracks: boolean;
	readonly #draft: Draft;
	readonly #queue = new AsyncQueue<Announcement>(() => this.cancel());
	/** draft-14: the PUBLISH_NAMESPACEs accepted on the watch's behalf. */
	readonly #accepted = new Set<AcceptedRequest>();
	readonly #pending = new Set<IncomingPublish>();
	#over = false;

	/** @internal */
	constructor(init: NamespaceWatchInit) {
		this.prefix = init.prefix;
		this.raw = init.raw;
		this.trackRequest = init.trackRequest;
		this.tracks = init.tracks;
		this.#draft = init.draft;
		void this.#pump();
	}

	/** Resolves once the publisher accepted; rejects with why not. */
	get response(): Promise<void> {
		return this.raw.response.then(() => undefined);
	}

	/** How it ended; never rejects (see `NamespaceSubscription.done`). */
	get done(): Promise<Error | undefined> {
		return this.raw.done;
	}

	/** True once the watch is over. */
	get over(): boolean {
		return this.#over;
	}

	/** Ends the watch (and its SUBSCRIBE_TRACKS); unanswered PUBLISH offers are refused. Idempotent. */
	cancel(): void {
		this.raw.cancel();
		this.#end();
	}

	/** Cancels if still live; resolves once it is over. */
	async [asyncDispose](): Promise<void> {
		this.cancel();
		await this.raw.done;
	}

	/** The announcements, in order. */
	[Symbol.asyncIterator](): AsyncIterator<Announcement> {
		return this.#queue[Symbol.asyncIterator]();
	}

	/** @internal draft-14: takes a PUBLISH_NAMESPACE under the prefix; false when it is not ours. */
	offerNamespace(request: IncomingPublishNamespace): boolean {
		const namespace = request.message.trackNamespace;
		if (this.#over || !hasPrefix(namespace, this.prefix)) return false;
		const accepted = request.accept();
		this.#accepted.add(accepted);
		this.#announce("namespace", namespace);
		void accepted.done.then(() => {
			this.#accepted.delete(accepted);
			this.#announce("namespace-done", namespace);
		});
		return true;
	}

	/** @internal Takes a PUBLISH under the prefix when tracks are watched; false when it is not ours. */
	offerPublish(request: IncomingPublish): boolean {
		const { trackNamespace: namespace, trackName: name } = request.message;
		if (this.#over || !this.tracks || !hasPrefix(namespace, this.prefix)) return false;
		this.#pending.add(request);
		void request.cancelled.then(() => this.#pending.delete(request));
		this.#queue.push({
			kind: "publish",
			namespace,
			suffix: namespace.slice(this.prefix.length),
			name,
			request,
			accept: (settings) => {
				this.#pending.delete(request);
				return new ClientSubscription(request.accept({ parameters: settingsParameters(settings ?? {}) }));
			},
			reject: (code, reason) => {
				this.#pending.delete(request);
				const refusal = defaultRejection(this.#draft, "publish");
				request.reject(code ?? refusal.code, reason ?? refusal.reason);
			},
		});
		return true;
	}

	#announce(kind: NamespaceAnnouncement["kind"], namespace: TrackNamespace): void {
		this.#queue.push({ kind, namespace, suffix: namespace.slice(this.prefix.length) });
	}

	async #pump(): Promise<void> {
		try {
			for await (const item of this.raw) this.#announce(item.kind, item.trackNamespace);
		} finally {
			this.#end();
		}
	}

	#end(): void {
		if (this.#over) return;
		this.#over = true;
		this.trackRequest?.cancel();
		for (const accepted of this.#accepted) accepted.cancel();
		this.#accepted.clear();
		const refusal = defaultRejection(this.#draft, "publish");
		for (const request of this.#pending) if (request.state === "pending") request.reject(refusal.code, refusal.reason);
		this.#pending.clear();
		this.#queue.end();
	}
}
