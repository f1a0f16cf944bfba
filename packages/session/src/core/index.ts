/**
 * `@moqt/session/core`: the deterministic, sans-I/O protocol core of a MoQT session, for
 * draft-ietf-moq-transport-14, -16, -18 and -19.
 *
 * ## API summary
 *
 * ```ts
 * const core = new SessionCore({ role, draft, transport: "quic" | "webtransport", setup, limits, checkPeerSetup, now });
 *
 * // Inputs (the driver): decoded messages, stream events, peer-opened streams, time.
 * core.receive(channel, message, now)            // channel 0 = control stream
 * core.channelEvent(channel, { kind: "fin" } | { kind: "reset", code } | { kind: "stop-sending", code }, now)
 * core.channelOpened(now) → channel              // the peer opened a bidi stream (not the -14/16 control stream)
 * core.timeout(now)                              // when pollTimeout() is due
 * core.sessionClosed(code, reason, now)          // the transport ended
 *
 * // Commands (the application): new requests return their Request ID; others return false if the
 * // request already ended. All throw SessionError (closed, going-away, limit, invalid-state,
 * // invalid-argument, unsupported) with nothing changed.
 * core.subscribe({ trackNamespace, trackName, ...parameters }, now, { timeout? })
 * core.publish({ trackNamespace, trackName, trackAlias?, ...parameters }, now)
 * core.fetch({ fetchType, ...parameters }, now)
 * core.trackStatus(...), core.publishNamespace(...), core.subscribeNamespace(...), core.subscribeTracks(...)
 * core.requestUpdate(requestId, parameters, now) → the update's Request ID
 * core.respond(requestId, { kind: "subscribe-ok" | "publish-ok" | "fetch-ok" | "track-status-ok" | "ok" | "error", ... }, now)
 * core.cancel(requestId, now, { code?, reason? })
 * core.publishDone(requestId, { statusCode, reason?, streamCount? }, now)
 * core.namespace(requestId, ns, now), core.namespaceDone(requestId, ns, now), core.publishSkipped(requestId, ns, name, now)
 * core.goaway(now, { newSessionUri?, timeout? }), core.goawayRequest(requestId, now, { ... }), core.close(code, reason, now)
 *
 * // The data plane's reports.
 * core.dataStreamOpened(requestId), core.fetchStreamDone(requestId, now), core.release(requestId)
 *
 * // Outputs, pulled until undefined after every input or command.
 * core.pollTransmit() → { kind: "send" | "open", channel, message, bytes } | { kind: "fin", channel }
 *                       | { kind: "reset" | "stop-sending", channel, code } | { kind: "close", code, reason }
 * core.pollEvent()    → SessionEvent (ready, closed, goaway, request, update, subscribe-ok, publish-ok,
 *                       fetch-ok, track-status, request-ok, request-error, publish-done, namespace,
 *                       namespace-done, publish-skipped, request-ended)
 * core.pollTimeout()  → the next deadline, or undefined
 *
 * // Lookups.
 * core.subscriptionsByAlias(alias), core.subscription(requestId), core.fetchByRequestId(requestId), core.stats()
 * ```
 *
 * ## Channels
 *
 * Channel 0 is the control stream: the client's bidi stream in drafts 14 and 16 (the client driver
 * opens it; the server driver binds the first bidi stream it accepts), our uni stream plus the
 * peer's from draft-17 (the driver opens ours at start and routes the peer's, the one starting
 * with SETUP, to channel 0). Other channels are request streams: `open` transmits name the ones we
 * open, `channelOpened` numbers the ones the peer opens. The core sends our setup itself.
 *
 * ## One vocabulary for four drafts
 *
 * - Errors: draft-14's SUBSCRIBE_ERROR, FETCH_ERROR, ... and REQUEST_ERROR are all `request-error`
 *   (`retryInterval` 0n in draft-14); `respond(id, { kind: "error" })` sends the draft's message.
 * - PUBLISH_OK and draft-18/19's REQUEST_OK answering a PUBLISH are both `publish-ok`;
 *   TRACK_STATUS_OK and REQUEST_OK answering TRACK_STATUS are both `track-status`.
 * - Cancellation: UNSUBSCRIBE / FETCH_CANCEL / PUBLISH_NAMESPACE_DONE / _CANCEL /
 *   UNSUBSCRIBE_NAMESPACE in drafts 14 and 16, stream resets and STOP_SENDING from draft-17: `cancel`
 *   picks the mechanism, and the peer's cancellations all arrive as `request-ended`.
 * - SUBSCRIBE_UPDATE (draft-14) and REQUEST_UPDATE are both `requestUpdate` / `update`.
 *
 * @module
 */

export type { CancelOptions, PublishDoneOptions } from "./endings.js";
export { SessionError, type SessionErrorCode, type SessionErrorOptions } from "./errors.js";
export type { GoawayOptions } from "./goaway.js";
export { SessionCore } from "./session-core.js";
export {
	type ChannelEvent,
	DEFAULT_SESSION_LIMITS,
	type EventSource,
	type FetchInfo,
	type IncomingRequestMessage,
	type LocalSetup,
	type PeerSetup,
	type PublishInput,
	type RequestInput,
	type RequestOptions,
	type RequestType,
	type ResolvedToken,
	type Response,
	type Role,
	type SessionCoreOptions,
	type SessionEvent,
	type SessionLimits,
	type SessionStats,
	type SetupRejection,
	type SubscriptionInfo,
	type Transmit,
	type TransportMode,
} from "./types.js";
