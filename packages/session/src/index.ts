/**
 * `@moqt/session`: MoQT sessions (draft-ietf-moq-transport-14, -16, -18, -19).
 *
 * - `establishSession(transport, options)` runs setup on a transport session (`@moqt/transport`)
 *   and resolves with a {@link MoqtSession}: requests and their handles (subscriptions, fetches,
 *   published tracks, namespace requests), the peer's requests through handlers or an async
 *   iterable, GOAWAY and close.
 * - The deterministic protocol core (also at `@moqt/session/core`) and the data plane's types (its
 *   classes are internal: `MoqtSession` drives them).
 *
 * ```ts
 * const session = await establishSession(transport, { role: "client" });
 * const subscription = await session.subscribe(namespace, name, { subscriberPriority: 10 });
 * for await (const object of subscription) render(object.payload);
 *
 * session.handlers.onSubscribe = (request) => {
 *   const track = request.accept({ parameters: { largestObject } });
 *   const subgroup = track.openSubgroup({ groupId: 0n, subgroupId: 0n });
 *   void subgroup.writeObject({ objectId: 0n, payload });
 * };
 * ```
 *
 * @packageDocumentation
 */

// The core's index is itself a curated list of public names.
export * from "./core/index.js";
export { DataStreamError, type DataStreamErrorKind } from "./data/errors.js";
export type { OutgoingFetchObject } from "./data/fetch-sender.js";
export type { SubgroupOptions, SubgroupSender, SubgroupSendState } from "./data/subgroup-sender.js";
export type {
	DeliveryTimeouts,
	FetchItemReceived,
	Forwarding,
	OutgoingDatagram,
	OutgoingObject,
	ReceivedObject,
	SubgroupStreamEnd,
} from "./data/types.js";
export type { ReceiveLimits } from "./session/data-plane.js";
export { defaultRejection } from "./session/defaults.js";
export { codeName, RequestError, type RequestErrorInit } from "./session/errors.js";
export { establishSession, IMPLEMENTATION, type SessionOptions, selectDraft } from "./session/establish.js";
export { Fetch, type FetchAccepted, FetchResponder, type FetchResponderOptions } from "./session/fetch.js";
export {
	type AcceptFetchOptions,
	type AcceptSubscribeOptions,
	IncomingFetch,
	IncomingPublish,
	IncomingPublishNamespace,
	type IncomingRequestOpening,
	type IncomingState,
	IncomingSubscribe,
	IncomingSubscribeNamespace,
	IncomingSubscribeTracks,
	IncomingTrackStatus,
	type RejectOptions,
} from "./session/incoming.js";
export type { GoawayInfo, IncomingRequest, SessionHandlers } from "./session/incoming-router.js";
export { IncomingRequestUpdate } from "./session/incoming-update.js";
export type { NamespaceAccepted, NamespaceItem, SkippedTrack } from "./session/namespaces.js";
export { NamespaceSubscription, PublishedNamespace, TrackSubscription } from "./session/namespaces.js";
export { AcceptedRequest, NamespaceResponder, TracksResponder } from "./session/peer-requests.js";
export type { AbortSignalLike } from "./session/platform.js";
export { type PublishAccepted, type PublisherOptions, TrackPublisher } from "./session/publisher.js";
export { type CallOptions, OutgoingRequest } from "./session/request.js";
export {
	type FetchOptions,
	type JoiningFetchOptions,
	type MessageRecord,
	MoqtSession,
	type MoqtSessionStats,
	type PublishOptions,
	type SessionClosedInfo,
	type SessionRequestOptions,
	type SubscribeOptions,
} from "./session/session.js";
export { type PublishDone, RequestUpdate, Subscription, type SubscriptionAccepted } from "./session/subscription.js";
export { TrackStatusRequest, type TrackStatusResult } from "./session/track-status.js";
export type {
	MoqtTransport,
	StreamOpenOptions,
	TransportBidiStream,
	TransportClosed,
	TransportReceiveStream,
	TransportSendStream,
} from "./session/transport.js";
