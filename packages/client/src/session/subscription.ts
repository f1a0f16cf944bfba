/**
 * A subscription as the application holds it: the session's {@link Subscription} with objects in
 * the client's shape and settings in its terms.
 *
 * @module
 */

import type { PublishDone, Subscription } from "@moqt/session";
import type { Location, TrackNamespace } from "@moqt/wire";
import { asyncDispose } from "../dispose.js";
import { type TrackObject, toTrackObject } from "../objects.js";
import { type CallOptions, callOptions, type SubscriptionSettings, settingsParameters } from "../options.js";

/**
 * A subscription to a track. Iterate it for the objects (one reader at a time); the loop ends when
 * the publisher ends the subscription, and leaving it early unsubscribes.
 */
export class ClientSubscription implements AsyncIterable<TrackObject> {
	/** The session's handle, for what this one does not show. */
	readonly raw: Subscription;

	/** @internal */
	constructor(raw: Subscription) {
		this.raw = raw;
	}

	/** The track's namespace. */
	get namespace(): TrackNamespace {
		return this.raw.trackNamespace;
	}

	/** The track's name. */
	get name(): Uint8Array {
		return this.raw.trackName;
	}

	/** Resolves once the publisher accepted (at once unless `waitResponse: false`); rejects with why not. */
	get response(): Promise<void> {
		return this.raw.response.then(() => undefined);
	}

	/** The largest object the publisher had when it accepted (or later reported), if any. */
	get largest(): Location | undefined {
		return this.raw.largest;
	}

	/** ms the publisher keeps the subscription without an update (0 or undefined: no limit). */
	get expires(): bigint | undefined {
		return this.raw.expires;
	}

	/**
	 * How it ended; never rejects: a PublishDone when the publisher ended it (`statusCode`,
	 * `reason`), undefined when we did, an Error (RequestError, SessionError) when it failed.
	 */
	get done(): Promise<PublishDone | Error | undefined> {
		return this.raw.done;
	}

	/**
	 * Changes priority, filter, forwarding or delivery timeout (REQUEST_UPDATE; draft-14's
	 * SUBSCRIBE_UPDATE, which only narrows). Rejects with a RequestError when refused.
	 */
	async update(settings: SubscriptionSettings & CallOptions): Promise<void> {
		await this.raw.update(settingsParameters(settings), callOptions(settings));
	}

	/** Ends the subscription (UNSUBSCRIBE, or a stream reset from draft-17). Idempotent. */
	unsubscribe(): void {
		this.raw.unsubscribe();
	}

	/** Unsubscribes if still live; resolves once it is over. */
	async [asyncDispose](): Promise<void> {
		await this.raw[asyncDispose]();
	}

	/** The objects, in arrival order per stream. */
	[Symbol.asyncIterator](): AsyncIterator<TrackObject> {
		return mapIterator(this.raw[Symbol.asyncIterator](), toTrackObject);
	}
}

/** @internal An iterator whose values pass through `map`; `return` reaches the source. */
export function mapIterator<S, T>(source: AsyncIterator<S>, map: (value: S) => T | undefined): AsyncIterator<T> {
	return {
		async next(): Promise<IteratorResult<T>> {
			for (;;) {
				const result = await source.next();
				if (result.done === true) return { done: true, value: undefined };
				const value = map(result.value);
				if (value !== undefined) return { done: false, value };
			}
		},
		async return(): Promise<IteratorResult<T>> {
			await source.return?.();
			return { done: true, value: undefined };
		},
	};
}
