/**
 * A fetch as the application holds it: the session's {@link Fetch}, yielding objects in the
 * client's shape. From draft-16 a fetch stream may carry End of Range markers (-19 §11.4.4.2
 * "End of Range": objects in a range that do not exist, or whose existence is unknown); they are
 * not objects, so the iteration skips them and `endOfRange` lists them in stream order.
 *
 * @module
 */

import type { Fetch, FetchAccepted } from "@moqt/session";
import { type FetchEndOfRange, isEndOfRange, type Location } from "@moqt/wire";
import { asyncDispose } from "../dispose.js";
import { type TrackObject, toTrackObject } from "../objects.js";
import { mapIterator } from "./subscription.js";

/** A fetch of past objects. Iterate it once for the objects; leaving the loop early cancels it. */
export class ClientFetch implements AsyncIterable<TrackObject> {
	/** The session's handle. */
	readonly raw: Fetch;
	/** The End of Range markers seen so far (draft-16+), in stream order. */
	readonly endOfRange: FetchEndOfRange[] = [];
	#accepted: FetchAccepted | undefined;

	/** @internal */
	constructor(raw: Fetch) {
		this.raw = raw;
		raw.response.then(
			(accepted) => {
				this.#accepted = accepted;
			},
			() => undefined,
		);
	}

	/** Resolves once the publisher accepted (at once unless `waitResponse: false`); rejects with why not. */
	get response(): Promise<void> {
		return this.raw.response.then(() => undefined);
	}

	/** FETCH_OK's end of the range really covered (the last object plus 1; object 0: the whole group). */
	get endLocation(): Location | undefined {
		return this.#accepted?.endLocation;
	}

	/** FETCH_OK said the range reaches the end of the track. */
	get endOfTrack(): boolean {
		return this.#accepted?.endOfTrack ?? false;
	}

	/** How it ended; never rejects: undefined when complete or cancelled by us, else the Error. */
	get done(): Promise<Error | undefined> {
		return this.raw.done;
	}

	/** Cancels the fetch. Idempotent. */
	cancel(): void {
		this.raw.cancel();
	}

	/** Cancels if still live; resolves once it is over. */
	async [asyncDispose](): Promise<void> {
		await this.raw[asyncDispose]();
	}

	/** The fetched objects, in the fetch's group order. */
	[Symbol.asyncIterator](): AsyncIterator<TrackObject> {
		return mapIterator(this.raw[Symbol.asyncIterator](), (item) => {
			if (!isEndOfRange(item)) return toTrackObject(item);
			this.endOfRange.push(item);
			return undefined;
		});
	}
}
