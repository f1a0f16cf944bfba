/**
 * Our TRACK_STATUS (draft-ietf-moq-transport-14 §9.20-§9.22, -16 §9.19, -19 §10.14): the track's
 * status without subscribing, answered by TRACK_STATUS_OK (draft-14) or REQUEST_OK carrying the
 * same parameters and Track Properties (-18/-19 §10.5).
 *
 * @module
 */

import type { KeyValuePair, Location, MessageParameters, TrackNamespace } from "@moqt/wire";
import type { RequestEvent, SessionContext } from "./context.js";
import { OutgoingRequest } from "./request.js";

/** The answer to a TRACK_STATUS. */
export interface TrackStatusResult {
	/** The answer's parameters: LARGEST_OBJECT, EXPIRES, ... */
	readonly parameters: MessageParameters;
	readonly trackProperties: readonly KeyValuePair[];
}

/** Our TRACK_STATUS. */
export class TrackStatusRequest extends OutgoingRequest<TrackStatusResult> {
	readonly trackNamespace: TrackNamespace;
	readonly trackName: Uint8Array;
	#result: TrackStatusResult | undefined;

	/** @internal */
	constructor(ctx: SessionContext, trackNamespace: TrackNamespace, trackName: Uint8Array) {
		super(ctx);
		this.trackNamespace = trackNamespace;
		this.trackName = trackName;
	}

	/** The answer, once it came. */
	get result(): TrackStatusResult | undefined {
		return this.#result;
	}

	/** The track's largest Location, if the answer gave one (no content yet otherwise). */
	get largest(): Location | undefined {
		return this.#result?.parameters.largestObject;
	}

	/** @internal */
	event(event: RequestEvent): void {
		if (event.kind === "track-status") {
			this.#result = { parameters: event.parameters, trackProperties: event.trackProperties };
			this.settleSuccess(this.#result);
			this.ended(undefined);
		} else if (event.kind === "request-error" || event.kind === "request-ended") {
			this.settleFailure(this.errorOf(event));
			this.ended(undefined);
		}
	}
}
