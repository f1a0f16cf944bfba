/**
 * `@moqt/client`: Media over QUIC Transport (draft-ietf-moq-transport-14, -16, -18, -19) for
 * applications, in Node.js and browsers.
 *
 * ```ts
 * import { connect, text } from "@moqt/client";
 *
 * await using session = await connect("moqt://relay.example:4443/moq");
 * const subscription = await session.subscribe("live/room-1", "chat");
 * for await (const object of subscription) console.log(object.group, text(object));
 *
 * const track = session.track("live/room-2", "chat");
 * await session.publishNamespace("live/room-2");
 * const group = track.group();
 * await group.write("hello");
 * await group.end();
 * ```
 *
 * `connect` picks the transport from the URL (`moqt://`: raw QUIC, `https://`: WebTransport) and
 * the platform; `establish` runs a session on a transport already open. `session.raw` is the
 * `MoqtSession` of `@moqt/session` underneath.
 *
 * @packageDocumentation
 */

export {
	defaultRejection,
	type IncomingFetch,
	type IncomingPublish,
	type IncomingPublishNamespace,
	type IncomingSubscribe,
	type IncomingSubscribeNamespace,
	type IncomingTrackStatus,
	type MoqtSession,
	type PublishDone,
	type PublishedNamespace,
	RequestError,
	type SessionClosedInfo,
	SessionError,
	type SessionHandlers,
	type TrackPublisher,
	type TrackStatusRequest,
} from "@moqt/session";
export { StreamError, TransportError } from "@moqt/transport/interface";
export {
	type Draft,
	FetchErrorCode,
	GroupOrder,
	type KeyValuePair,
	type Location,
	ObjectStatus,
	PublishDoneCode,
	PublishErrorCode,
	PublishNamespaceErrorCode,
	RequestErrorCode,
	SubscribeErrorCode,
	SubscribeNamespaceErrorCode,
	TerminationCode,
	type TrackNamespace,
} from "@moqt/wire";
export { type ConnectOptions, connect } from "./connect/connect.js";
export { DEFAULT_DRAFTS, type EstablishOptions, establish } from "./connect/establish.js";
export type { TransportChoice } from "./connect/plan.js";
export { type MoqtUrl, parseMoqtUrl } from "./connect/url.js";
export {
	hasPrefix,
	type NameLike,
	type NamespaceLike,
	namespaceText,
	nameText,
	sameNamespace,
	toName,
	toNamespace,
} from "./names.js";
export { json, type PayloadLike, type PropertyLike, property, type TrackObject, text } from "./objects.js";
export type {
	AuthTokenLike,
	CallOptions,
	FetchOptions,
	FilterLike,
	GroupOrderLike,
	JoiningFetchOptions,
	LocationLike,
	RequestOptions,
	SubscribeOptions,
	SubscriptionSettings,
} from "./options.js";
export { type ReadableStreamOptions, toReadableStream } from "./readable.js";
export {
	ClientSession,
	type PublishOptions,
	type SubscribeNamespaceOptions,
} from "./session/client-session.js";
export { ClientFetch } from "./session/fetch.js";
export {
	type Announcement,
	type NamespaceAnnouncement,
	NamespaceWatch,
	type PublishAnnouncement,
} from "./session/namespace-watch.js";
export { Publication } from "./session/publication.js";
export { ClientSubscription } from "./session/subscription.js";
export { type DatagramOptions, Track, type TrackOptions, type TrackWrite } from "./track/track.js";
export {
	GroupWriter,
	SubgroupWriter,
	type SubgroupWriterOptions,
	type WriteOptions,
} from "./track/writers.js";
