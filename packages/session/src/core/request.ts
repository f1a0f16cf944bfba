/**
 * The state the core keeps for one request, either direction: the request message, its phase,
 * the channel it travels on, and what its type needs (a subscription's alias and parameters, a
 * fetch's end, a namespace subscription's active namespaces, outstanding updates).
 *
 * A request is a subscription (SUBSCRIBE, PUBLISH), a fetch, a TRACK_STATUS, a namespace request
 * or an update (draft-ietf-moq-transport-19 §10.1 "Request ID" lists them; -14 §9.1). One class
 * serves all so that routing stays a map lookup; the fields a type does not use stay unset.
 *
 * @module
 */

import type { ControlMessage, Fetch, KeyValuePair, Location, MessageParameters, TrackNamespace } from "@moqt/wire";
import type { RequestType } from "./types.js";

/** Where a request is in its life. */
export type Phase =
	/** Ours, waiting for the peer's MAX_REQUEST_ID (drafts 14 and 16). */
	| "queued"
	/** Sent or received, not answered yet. */
	| "pending"
	/** Answered with success and still alive (subscriptions, fetches, namespace requests). */
	| "established"
	/** A subscriber-side subscription that ended, kept so late objects can be recognised. */
	| "draining";

/** One request's state. Its public fields are the {@link SubscriptionInfo} / {@link FetchInfo} views. */
export class Request {
	/** The message that opened the request (with its Request ID), as sent or received. */
	message: ControlMessage;
	phase: Phase;
	/** The channel its messages travel on: 0 for the control stream, else its request stream. */
	channel = 0;
	/** Encoded request, for a queued request (drafts 14 and 16). */
	bytes: Uint8Array | undefined;

	// Subscriptions (and the track of fetches and TRACK_STATUS).
	role: "publisher" | "subscriber" = "subscriber";
	trackNamespace: TrackNamespace = [];
	trackName: Uint8Array = new Uint8Array(0);
	trackAlias: bigint | undefined;
	parameters: MessageParameters = {};
	largestObject: Location | undefined;
	joiningLocation: Location | undefined;
	trackProperties: readonly KeyValuePair[] = [];
	streamsOpened = 0;
	/** Map key of the Full Track Name, for subscriptions. */
	trackKey: string | undefined;

	// Fetches.
	endLocation: Location | undefined;
	endOfTrack = false;
	/** The fetch's data stream ended (subscriber) or was finished (publisher). */
	dataDone = false;
	/** Incoming Joining FETCHes waiting for this subscription to be answered. */
	joinWaiters: Request[] | undefined;
	/** For a Joining FETCH: the subscription it joins. */
	joined: Request | undefined;

	// Namespace requests: the namespace (PUBLISH_NAMESPACE) or prefix (SUBSCRIBE_NAMESPACE, SUBSCRIBE_TRACKS).
	namespace: TrackNamespace = [];
	namespaceKey: string | undefined;
	/** Namespace subscriptions: the active namespaces, by key of their suffix. */
	active: Map<string, TrackNamespace> | undefined;

	// Updates.
	/** For an update: the request it updates. */
	target: Request | undefined;
	/** Our updates of this request waiting for their answer, oldest first (draft-16+). */
	readonly updatesOut: Request[] = [];
	/** The peer's updates of this request we have not answered yet (draft-16+), oldest first. */
	readonly updatesIn: Request[] = [];

	// Request streams (draft-16 SUBSCRIBE_NAMESPACE, every request from draft-17).
	/** Our sending half is open (not finished or reset). */
	sendOpen = true;
	/** The peer's sending half is open. */
	recvOpen = true;
	/** A GOAWAY was received / sent on this request's stream (draft-18+). */
	goawayReceived = false;
	goawaySent = false;

	/**
	 * Ours, ended while queued (drafts 14 and 16): what to send right after the request when the
	 * queue sends it (its Request ID must be used in sequence), e.g. the UNSUBSCRIBE.
	 */
	afterSend: (() => void) | undefined;
	/** The response was received (ours) or sent (the peer's). */
	answered = false;
	/**
	 * Ours, an update on a request stream whose timeout fired (draft-17+): the application was told,
	 * and its answer, when it comes, is consumed without an event (answers arrive in order).
	 */
	abandoned = false;

	readonly requestId: bigint;
	readonly type: RequestType;
	/** We sent the request. */
	readonly outgoing: boolean;

	constructor(requestId: bigint, type: RequestType, outgoing: boolean, message: ControlMessage, phase: Phase) {
		this.requestId = requestId;
		this.type = type;
		this.outgoing = outgoing;
		this.message = message;
		this.phase = phase;
	}

	/** The {@link SubscriptionInfo} initiator. */
	get initiator(): "SUBSCRIBE" | "PUBLISH" {
		return this.type === "PUBLISH" ? "PUBLISH" : "SUBSCRIBE";
	}

	/** The {@link SubscriptionInfo} / {@link FetchInfo} state. */
	get state(): "pending" | "established" | "draining" {
		return this.phase === "queued" ? "pending" : this.phase;
	}

	/** The request stream: a channel of its own (not the control stream). */
	get ownChannel(): boolean {
		return this.channel !== 0;
	}

	/** A subscription: SUBSCRIBE or PUBLISH. */
	get isSubscription(): boolean {
		return this.type === "SUBSCRIBE" || this.type === "PUBLISH";
	}

	/** The FETCH message of a fetch. */
	get fetch(): Fetch {
		return this.message as Fetch;
	}
}
