/**
 * Our PUBLISH of a track (draft-ietf-moq-transport-19 §10.10): the subscription we pushed to the
 * peer, fed by the track like any other of its subscriptions.
 *
 * @module
 */

import type { TrackPublisher } from "@moqt/session";
import { PublishDoneCode } from "@moqt/wire";
import { asyncDispose } from "../dispose.js";
import type { Track } from "../track/track.js";

/** A track pushed to the peer with PUBLISH. */
export class Publication {
	/** The track delivered. */
	readonly track: Track;
	/** The session's handle of the subscription. */
	readonly raw: TrackPublisher;

	/** @internal */
	constructor(track: Track, raw: TrackPublisher) {
		this.track = track;
		this.raw = raw;
	}

	/** Resolves once the peer accepted (at once unless `waitResponse: false`); rejects with why not. */
	get response(): Promise<void> {
		return this.raw.response.then(() => undefined);
	}

	/** How it ended; never rejects: undefined when we stopped it, else the Error (the peer cancelled, the session closed). */
	get done(): Promise<Error | undefined> {
		return this.raw.done;
	}

	/**
	 * Stops delivering the track on this subscription: PUBLISH_DONE with `statusCode` (default
	 * SUBSCRIPTION_ENDED, 0x3 in every draft); the track itself goes on. Idempotent.
	 */
	stop(statusCode: number = PublishDoneCode[19].SUBSCRIPTION_ENDED, reason = ""): void {
		this.raw.close(statusCode, reason);
	}

	/** Stops (if live); resolves once it is over. */
	async [asyncDispose](): Promise<void> {
		this.stop();
		await this.raw.done;
	}
}
