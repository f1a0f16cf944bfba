/**
 * The data plane of a MoQT session (draft-ietf-moq-transport-14/-16 §10, -18/-19 §11 "Data
 * Streams and Datagrams"), independent of the protocol core:
 *
 * - Publisher: {@link TrackSender} (one subscription: subgroup streams via {@link SubgroupSender},
 *   datagrams, Forward State, filters, priorities, delivery timeouts, stream count) and
 *   {@link FetchSender} (one fetch response stream).
 * - Subscriber: {@link DataStreamRouter} (routes incoming streams and datagrams by Track Alias or
 *   Request ID, buffers briefly for unknown aliases, applies backpressure) and {@link ObjectQueue}
 *   (a bounded async-iterable sink for the application).
 * - Priorities as transport send orders: `subgroupSendOrder`, `fetchSendOrder`.
 *
 * @module
 */

export { type Clock, systemClock } from "./clock.js";
export {
	DataStreamRouter,
	type DataStreamRouterOptions,
	type DataStreamRouterStats,
	type FetchRoute,
} from "./data-stream-router.js";
export { DataStreamError, type DataStreamErrorKind } from "./errors.js";
export {
	FetchSender,
	type FetchSenderOptions,
	type FetchSendState,
	type OutgoingFetchObject,
} from "./fetch-sender.js";
export { type FilterableObject, type LocationRange, ObjectFilter } from "./object-filter.js";
export { ObjectQueue, type ObjectQueueOptions } from "./object-queue.js";
export {
	fetchSendOrder,
	GROUP_KEY_BITS,
	groupKey,
	MAX_DATA_SEND_ORDER,
	type SendOrderKey,
	SUBGROUP_KEY_BITS,
	subgroupSendOrder,
} from "./send-order.js";
export { type SubgroupOptions, SubgroupSender, type SubgroupSendState } from "./subgroup-sender.js";
export { TrackSender, type TrackSenderOptions, type TrackUpdate } from "./track-sender.js";
export {
	type DataReceiveStream,
	type DataSendStream,
	type DataTransport,
	type StreamFailure,
	streamFailure,
} from "./transport.js";
export type {
	DeliveryTimeouts,
	FetchItemReceived,
	Forwarding,
	ObjectSink,
	OutgoingDatagram,
	OutgoingObject,
	ReceivedObject,
	SinkEnd,
	SubgroupStreamEnd,
} from "./types.js";
