/**
 * The vocabulary of the session core: its options, the commands' inputs, the events it raises
 * and the transmits it asks the driver to perform. One vocabulary for every supported draft
 * (draft-ietf-moq-transport-14, -16, -18 and -19); the draft differences stay inside the core.
 *
 * @module
 */

import type {
	AuthorizationToken,
	ControlMessage,
	Draft,
	Fetch,
	KeyValuePair,
	Location,
	MessageParameters,
	Publish,
	PublishNamespace,
	Redirect,
	Subscribe,
	SubscribeNamespace,
	SubscribeTracks,
	TrackNamespace,
	TrackStatus,
} from "@moqt/wire";

/** Which end of the transport session this core is. */
export type Role = "client" | "server";

/** How the session is carried: raw QUIC (PATH / AUTHORITY allowed) or WebTransport. */
export type TransportMode = "quic" | "webtransport";

/**
 * The requests of MoQT, by the name of the message that opens them. draft-14's SUBSCRIBE_UPDATE
 * is reported as "REQUEST_UPDATE", its successor's name.
 */
export type RequestType =
	| "SUBSCRIBE"
	| "PUBLISH"
	| "FETCH"
	| "TRACK_STATUS"
	| "PUBLISH_NAMESPACE"
	| "SUBSCRIBE_NAMESPACE"
	| "SUBSCRIBE_TRACKS"
	| "REQUEST_UPDATE";

/** A request message the peer can open a request with. */
export type IncomingRequestMessage =
	| Subscribe
	| Publish
	| Fetch
	| TrackStatus
	| PublishNamespace
	| SubscribeNamespace
	| SubscribeTracks;

/** A request as the application gives it: the message without its type and Request ID. */
export type RequestInput<T extends { readonly type: string; readonly requestId: bigint }> = Omit<
	T,
	"type" | "requestId"
>;

/** PUBLISH as the application gives it; the core picks a Track Alias when none is given. */
export type PublishInput = Omit<RequestInput<Publish>, "trackAlias"> & { readonly trackAlias?: bigint };

/** What this endpoint puts in its setup message (CLIENT_SETUP / SERVER_SETUP / SETUP). */
export interface LocalSetup {
	/** PATH: client on raw QUIC only (the `path-abempty [ "?" query ]` of the moqt URI). */
	readonly path?: string;
	/** AUTHORITY: client on raw QUIC only. */
	readonly authority?: string;
	/** MOQT_IMPLEMENTATION: name and version of this implementation. */
	readonly implementation?: string;
	/** MAX_AUTH_TOKEN_CACHE_SIZE: how many bytes of token aliases the peer may register with us (default 0). */
	readonly maxAuthTokenCacheSize?: bigint;
	/** AUTHORIZATION TOKEN options (REGISTER and USE_VALUE only from draft-15). */
	readonly authorizationTokens?: readonly AuthorizationToken[];
	/** draft-14 client only: the versions offered, most preferred first (default: draft-14's). */
	readonly supportedVersions?: readonly number[];
	/** draft-19: MAX_REQUEST_UPDATES, outstanding REQUEST_UPDATEs we accept per request (0: no limit). */
	readonly maxRequestUpdates?: bigint;
	/** draft-19: MAX_FILTER_RANGES (0: the peer sends no range filters). */
	readonly maxFilterRanges?: bigint;
	/** Extra options sent as they are (GREASE, extensions). */
	readonly unknown?: readonly KeyValuePair[];
}

/** An authorization token after resolving aliases: what authorizes a request. */
export interface ResolvedToken {
	readonly tokenType: bigint;
	readonly value: Uint8Array;
	/** The alias the token was registered or used under, if any. */
	readonly alias?: bigint;
}

/** What the peer said in its setup message. */
export interface PeerSetup {
	/** draft-14: the version negotiated in CLIENT_SETUP / SERVER_SETUP. */
	readonly version?: number;
	readonly path?: string;
	readonly authority?: string;
	readonly implementation?: string;
	/** drafts 14 and 16: the initial Maximum Request ID the peer grants (default 0). */
	readonly maxRequestId?: bigint;
	/** How many bytes of token aliases we may register with the peer (default 0). */
	readonly maxAuthTokenCacheSize: bigint;
	/** draft-19: outstanding REQUEST_UPDATEs the peer accepts per request (0: no limit). */
	readonly maxRequestUpdates: bigint;
	/** draft-19: range filter ranges the peer accepts per request (0: none). */
	readonly maxFilterRanges: bigint;
	/** The tokens in the peer's setup, resolved. */
	readonly authorizationTokens: readonly ResolvedToken[];
	/** Options the draft does not define. */
	readonly unknown: readonly KeyValuePair[];
}

/** Why the application refuses a peer's setup: the session closes with `code`. */
export interface SetupRejection {
	readonly code: number;
	readonly reason: string;
}

/** Resource limits of a session. Exceeding a limit the peer controls gets the draft's answer. */
export interface SessionLimits {
	/**
	 * Concurrent requests the peer may have open with us. Drafts 14 and 16 advertise it with
	 * MAX_REQUEST_ID (a peer exceeding it closes the session with TOO_MANY_REQUESTS); from draft-17
	 * requests beyond it are refused with REQUEST_ERROR EXCESSIVE_LOAD.
	 */
	readonly maxIncomingRequests: number;
	/** drafts 14 and 16: our requests waiting for the peer's MAX_REQUEST_ID; beyond, commands throw. */
	readonly maxQueuedRequests: number;
	/** Concurrent subscriptions the peer may open with us (SUBSCRIBE and PUBLISH); beyond, refused. */
	readonly maxSubscriptions: number;
	/**
	 * Concurrent namespace requests the peer may open with us (PUBLISH_NAMESPACE,
	 * SUBSCRIBE_NAMESPACE, SUBSCRIBE_TRACKS), and active NAMESPACEs kept per namespace subscription.
	 */
	readonly maxNamespaces: number;
	/** Request streams (and messages on them) buffered before the peer's setup arrives. */
	readonly maxBufferedRequests: number;
	/** ms to wait for the peer's setup before closing with CONTROL_MESSAGE_TIMEOUT (undefined: forever). */
	readonly setupTimeout: number | undefined;
	/** ms to wait for any response before closing with CONTROL_MESSAGE_TIMEOUT (undefined: forever). */
	readonly controlMessageTimeout: number | undefined;
	/** ms a subscription's Track Alias is kept after it ends, so late objects are recognised and dropped. */
	readonly drainTimeout: number;
}

/** The limits used where the options give none. */
export const DEFAULT_SESSION_LIMITS: SessionLimits = Object.freeze({
	maxIncomingRequests: 100,
	maxQueuedRequests: 256,
	maxSubscriptions: 1000,
	maxNamespaces: 1000,
	maxBufferedRequests: 16,
	setupTimeout: undefined,
	controlMessageTimeout: undefined,
	drainTimeout: 2000,
});

/** Options of a request command. */
export interface RequestOptions {
	/**
	 * ms to wait for the response. On expiry the core cancels the request and reports a
	 * `request-error` with code TIMEOUT (0x2 in every draft) and `source: "local"`.
	 */
	readonly timeout?: number;
}

/** The answer to an incoming request (or incoming REQUEST_UPDATE), given to `respond`. */
export type Response =
	/** Accepts a SUBSCRIBE. The core picks a Track Alias when none is given. */
	| {
			readonly kind: "subscribe-ok";
			readonly trackAlias?: bigint;
			readonly parameters?: MessageParameters;
			readonly trackProperties?: readonly KeyValuePair[];
	  }
	/** Accepts a PUBLISH (PUBLISH_OK; REQUEST_OK from draft-17). */
	| { readonly kind: "publish-ok"; readonly parameters?: MessageParameters }
	/** Accepts a FETCH. `endLocation` uses FETCH's "last Object plus 1" encoding. */
	| {
			readonly kind: "fetch-ok";
			readonly endOfTrack: boolean;
			readonly endLocation: Location;
			readonly parameters?: MessageParameters;
			readonly trackProperties?: readonly KeyValuePair[];
	  }
	/** Answers a TRACK_STATUS (TRACK_STATUS_OK in draft-14, REQUEST_OK later). */
	| {
			readonly kind: "track-status-ok";
			readonly parameters?: MessageParameters;
			readonly trackProperties?: readonly KeyValuePair[];
	  }
	/** Accepts PUBLISH_NAMESPACE, SUBSCRIBE_NAMESPACE, SUBSCRIBE_TRACKS or a REQUEST_UPDATE. */
	| { readonly kind: "ok"; readonly parameters?: MessageParameters }
	/** Refuses a request: the draft's *_ERROR (draft-14) or REQUEST_ERROR. */
	| {
			readonly kind: "error";
			/** An error code of the draft's table for this request. */
			readonly code: number;
			readonly reason?: string;
			/** REQUEST_ERROR's Retry Interval (ms + 1; 0: do not retry). Not sent in draft-14. */
			readonly retryInterval?: bigint;
			/** drafts 18 and 19, with the REDIRECT code. */
			readonly redirect?: Redirect;
	  };

/**
 * Where an event or ending came from: a message of the peer, the request stream (reset,
 * STOP_SENDING or FIN), or this endpoint (a timer, or a rule the core applied).
 */
export type EventSource = "message" | "stream" | "local";

/** A subscription, as the data plane sees it. A live view: read it, do not keep or mutate it. */
export interface SubscriptionInfo {
	readonly requestId: bigint;
	/** Our role: "subscriber" receives the objects, "publisher" sends them. */
	readonly role: "publisher" | "subscriber";
	/** The message that created the subscription. */
	readonly initiator: "SUBSCRIBE" | "PUBLISH";
	/**
	 * "pending" before SUBSCRIBE_OK / PUBLISH_OK, "established" after, "draining" once ended
	 * (kept for {@link SessionLimits.drainTimeout} so late objects can be dropped quietly).
	 */
	readonly state: "pending" | "established" | "draining";
	readonly trackNamespace: TrackNamespace;
	readonly trackName: Uint8Array;
	/** The publisher's Track Alias; undefined until SUBSCRIBE_OK for a SUBSCRIBE. */
	readonly trackAlias: bigint | undefined;
	/** The subscription's current parameters: forward, priority, filters, group order, timeouts... */
	readonly parameters: MessageParameters;
	/** The largest Location the publisher reported (SUBSCRIBE_OK, PUBLISH, REQUEST_UPDATE_OK). */
	readonly largestObject: Location | undefined;
	/** The Joining Location a Joining FETCH ends at (the largest Location when forwarding began). */
	readonly joiningLocation: Location | undefined;
	/** Track Properties (Track Extensions in draft-16) of SUBSCRIBE_OK or PUBLISH. */
	readonly trackProperties: readonly KeyValuePair[];
	/** Publisher side: data streams opened so far (counted for PUBLISH_DONE's Stream Count). */
	readonly streamsOpened: number;
}

/** A fetch, as the data plane sees it. A live view: read it, do not keep or mutate it. */
export interface FetchInfo {
	readonly requestId: bigint;
	/** Our role: "subscriber" receives the objects, "publisher" sends them. */
	readonly role: "publisher" | "subscriber";
	/** "pending" before FETCH_OK, "established" after. */
	readonly state: "pending" | "established";
	/** The FETCH as sent or received. */
	readonly message: Fetch;
	/** The track: the Standalone Fetch's, or the joined subscription's. */
	readonly trackNamespace: TrackNamespace;
	readonly trackName: Uint8Array;
	/** FETCH_OK's End Location (FETCH's "plus 1" encoding), once known. */
	readonly endLocation: Location | undefined;
	/** FETCH_OK's End Of Track, once known. */
	readonly endOfTrack: boolean;
}

/** Everything the core tells the application, in order. */
export type SessionEvent =
	/** Setup completed: both setup messages were exchanged and validated. */
	| { readonly kind: "ready"; readonly peer: PeerSetup }
	/** The session ended. The last event. `remote`: the peer closed it. */
	| { readonly kind: "closed"; readonly code: number; readonly reason: string; readonly remote: boolean }
	/**
	 * GOAWAY: for the whole session (`requestId` undefined), or, from draft-18, for one request.
	 * `timeout` (ms, draft-18+) is when the peer intends to close; `peerRequestId` (draft-18) is the
	 * smallest of our Request IDs the peer may not have processed.
	 */
	| {
			readonly kind: "goaway";
			readonly newSessionUri: string;
			readonly timeout: bigint | undefined;
			readonly requestId: bigint | undefined;
			readonly peerRequestId: bigint | undefined;
	  }
	/** The peer made a request; answer it with `respond`. Tokens are resolved from the alias cache. */
	| {
			readonly kind: "request";
			readonly requestId: bigint;
			readonly message: IncomingRequestMessage;
			readonly authorizationTokens: readonly ResolvedToken[];
			/** For a Joining FETCH: the subscription it joins (established when this event is raised). */
			readonly joining?: SubscriptionInfo;
	  }
	/**
	 * The peer updates one of its requests (SUBSCRIBE_UPDATE in draft-14, REQUEST_UPDATE later).
	 * `needsResponse` is false in draft-14, whose SUBSCRIBE_UPDATE has no answer; otherwise answer
	 * with `respond(requestId, { kind: "ok" | "error" })`. In draft-14 the core has already applied it.
	 */
	| {
			readonly kind: "update";
			readonly requestId: bigint;
			readonly targetRequestId: bigint;
			readonly parameters: MessageParameters;
			readonly authorizationTokens: readonly ResolvedToken[];
			readonly needsResponse: boolean;
	  }
	/** Our SUBSCRIBE was accepted. */
	| {
			readonly kind: "subscribe-ok";
			readonly requestId: bigint;
			readonly trackAlias: bigint;
			readonly parameters: MessageParameters;
			readonly trackProperties: readonly KeyValuePair[];
	  }
	/** Our PUBLISH was accepted (PUBLISH_OK, or REQUEST_OK from draft-17). */
	| { readonly kind: "publish-ok"; readonly requestId: bigint; readonly parameters: MessageParameters }
	/** Our FETCH was accepted. */
	| {
			readonly kind: "fetch-ok";
			readonly requestId: bigint;
			readonly endOfTrack: boolean;
			readonly endLocation: Location;
			readonly parameters: MessageParameters;
			readonly trackProperties: readonly KeyValuePair[];
	  }
	/** The answer to our TRACK_STATUS. */
	| {
			readonly kind: "track-status";
			readonly requestId: bigint;
			readonly parameters: MessageParameters;
			readonly trackProperties: readonly KeyValuePair[];
	  }
	/**
	 * Our PUBLISH_NAMESPACE, SUBSCRIBE_NAMESPACE, SUBSCRIBE_TRACKS or REQUEST_UPDATE was accepted.
	 * For an update, `requestId` is the update's and `targetRequestId` the updated request's.
	 */
	| {
			readonly kind: "request-ok";
			readonly requestId: bigint;
			readonly request: RequestType;
			readonly targetRequestId?: bigint;
			readonly parameters: MessageParameters;
	  }
	/**
	 * Our request failed before succeeding: the peer's *_ERROR / REQUEST_ERROR (`source:
	 * "message"`, `code` from the draft's table for the request), the request stream ended first
	 * (`"stream"`, `code` the reset code or 0 for a FIN), or a local timeout or rule (`"local"`).
	 * The request's state is gone.
	 */
	| {
			readonly kind: "request-error";
			readonly requestId: bigint;
			readonly request: RequestType;
			readonly code: number;
			readonly reason: string;
			/** REQUEST_ERROR's Retry Interval (0n in draft-14 and for local errors). */
			readonly retryInterval: bigint;
			readonly redirect?: Redirect;
			readonly source: EventSource;
	  }
	/** A subscription we receive ended: PUBLISH_DONE. The alias stays (draining) for late objects. */
	| {
			readonly kind: "publish-done";
			readonly requestId: bigint;
			readonly statusCode: number;
			readonly streamCount: bigint;
			readonly reason: string;
	  }
	/** NAMESPACE on our SUBSCRIBE_NAMESPACE (draft-16+): a namespace under the prefix appeared. */
	| {
			readonly kind: "namespace";
			readonly requestId: bigint;
			readonly trackNamespace: TrackNamespace;
			readonly trackNamespaceSuffix: TrackNamespace;
	  }
	/** NAMESPACE_DONE (or the end of the namespace subscription) for a namespace seen before. */
	| {
			readonly kind: "namespace-done";
			readonly requestId: bigint;
			readonly trackNamespace: TrackNamespace;
			readonly trackNamespaceSuffix: TrackNamespace;
	  }
	/** PUBLISH_BLOCKED (draft-18) / PUBLISH_SKIPPED (draft-19) on our SUBSCRIBE_TRACKS. */
	| {
			readonly kind: "publish-skipped";
			readonly requestId: bigint;
			readonly trackNamespace: TrackNamespace;
			readonly trackNamespaceSuffix: TrackNamespace;
			readonly trackName: Uint8Array;
	  }
	/**
	 * A request ended without our asking, after it succeeded or while we were still answering it:
	 * cancelled by the peer (UNSUBSCRIBE, FETCH_CANCEL, *_CANCEL, UNSUBSCRIBE_NAMESPACE, stream
	 * reset or STOP_SENDING), withdrawn or completed by the peer ("done": PUBLISH_NAMESPACE_DONE, a
	 * FIN ending a namespace subscription), cut short ("failed": a FIN before the required
	 * messages), or by a local timer ("timeout": a request GOAWAY expired). Its state is gone.
	 */
	| {
			readonly kind: "request-ended";
			readonly requestId: bigint;
			readonly request: RequestType;
			readonly cause: "cancelled" | "done" | "failed" | "timeout";
			readonly code: number;
			readonly reason: string;
			readonly source: EventSource;
	  };

/**
 * What the driver must do, in order. Channel 0 is the control channel (the bidi control stream
 * in drafts 14 and 16; our uni control stream from draft-17, which the driver opens at start).
 * Other channels are request streams: `open` names a new one the driver opens.
 */
export type Transmit =
	/** Write `bytes` (the encoded `message`) on a channel. */
	| { readonly kind: "send"; readonly channel: number; readonly message: ControlMessage; readonly bytes: Uint8Array }
	/** Open a new bidirectional stream as `channel` and write `bytes` on it. */
	| { readonly kind: "open"; readonly channel: number; readonly message: ControlMessage; readonly bytes: Uint8Array }
	/** Finish (FIN) the sending half of a channel. */
	| { readonly kind: "fin"; readonly channel: number }
	/** Reset (RESET_STREAM) the sending half of a channel with a stream reset code. */
	| { readonly kind: "reset"; readonly channel: number; readonly code: number }
	/** Ask the peer to stop sending (STOP_SENDING) on a channel, with a stream reset code. */
	| { readonly kind: "stop-sending"; readonly channel: number; readonly code: number }
	/** Close the session with a termination code. Always the last transmit. */
	| { readonly kind: "close"; readonly code: number; readonly reason: string };

/** What happened to the receiving half of a channel, as the driver reports it. */
export type ChannelEvent =
	/** The peer finished its sending half (FIN). */
	| { readonly kind: "fin" }
	/** The peer reset its sending half (RESET_STREAM). */
	| { readonly kind: "reset"; readonly code: number }
	/** The peer asked us to stop sending on our half (STOP_SENDING). */
	| { readonly kind: "stop-sending"; readonly code: number };

/** Options of a {@link SessionCore}. */
export interface SessionCoreOptions {
	readonly role: Role;
	/** The draft: from the ALPN / WT-Protocol from draft-15, or draft-14 for `moq-00`. */
	readonly draft: Draft;
	readonly transport: TransportMode;
	readonly setup?: LocalSetup;
	readonly limits?: Partial<SessionLimits>;
	/**
	 * Checks the peer's setup (PATH, AUTHORITY, tokens...) before the session is ready; returning
	 * a rejection closes the session with its code (e.g. INVALID_PATH for an unknown path).
	 */
	readonly checkPeerSetup?: (peer: PeerSetup) => SetupRejection | undefined;
	/** The time (ms, any monotonic origin) the session starts. */
	readonly now: number;
}

/** Counts of the state a core holds, for tests and monitoring. */
export interface SessionStats {
	/** Requests alive (queued, pending, established), either direction, updates included. */
	readonly requests: number;
	/** Request channels mapped to requests. */
	readonly channels: number;
	/** Our requests waiting for the peer's MAX_REQUEST_ID. */
	readonly queued: number;
	/** Subscriptions alive, either role (draining ones excluded). */
	readonly subscriptions: number;
	/** Ended subscriptions kept for late objects. */
	readonly draining: number;
	/** Track Aliases mapped (subscriber side, draining included). */
	readonly aliases: number;
	/** Fetches alive, either role. */
	readonly fetches: number;
	/** Messages and stream events held until the peer's setup arrives. */
	readonly buffered: number;
	/** Pending deadlines. */
	readonly timers: number;
	/** Bytes of tokens the peer registered with us / we registered with the peer. */
	readonly tokenCacheBytes: { readonly peer: bigint; readonly own: bigint };
	/** Events and transmits not yet polled. */
	readonly pendingEvents: number;
	readonly pendingTransmits: number;
}
