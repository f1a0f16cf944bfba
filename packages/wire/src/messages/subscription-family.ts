/**
 * Family index: SUBSCRIBE_OK, SUBSCRIBE_UPDATE, REQUEST_UPDATE, UNSUBSCRIBE, PUBLISH_DONE, PUBLISH, PUBLISH_OK, TRACK_STATUS, TRACK_STATUS_OK, PUBLISH_BLOCKED / PUBLISH_SKIPPED.
 * Lists this family's message types and codecs for messages/index.ts.
 *
 * @module
 */

import type { MessageCodec } from "../message-codec.js";
import { type Publish, publish } from "./publish.js";
import { type PublishBlocked, type PublishSkipped, publishBlocked, publishSkipped } from "./publish-blocked.js";
import { type PublishDone, publishDone } from "./publish-done.js";
import { type PublishOk, publishOk } from "./publish-ok.js";
import { type RequestUpdate, requestUpdate } from "./request-update.js";
import { type SubscribeOk, subscribeOk } from "./subscribe-ok.js";
import { type SubscribeUpdate, subscribeUpdate } from "./subscribe-update.js";
import { type TrackStatus, trackStatus } from "./track-status.js";
import { type TrackStatusOk, trackStatusOk } from "./track-status-ok.js";
import { type Unsubscribe, unsubscribe } from "./unsubscribe.js";

export type { Publish } from "./publish.js";
export type { PublishBlocked, PublishSkipped } from "./publish-blocked.js";
export type { PublishDone } from "./publish-done.js";
export type { PublishOk } from "./publish-ok.js";
export type { RequestUpdate } from "./request-update.js";
export type { SubscribeOk } from "./subscribe-ok.js";
export type { SubscribeUpdate } from "./subscribe-update.js";
export type { TrackStatus } from "./track-status.js";
export type { TrackStatusOk } from "./track-status-ok.js";
export type { Unsubscribe } from "./unsubscribe.js";

/** The messages of this family. */
export type SubscriptionFamilyMessage =
	| SubscribeOk
	| SubscribeUpdate
	| RequestUpdate
	| Unsubscribe
	| PublishDone
	| Publish
	| PublishOk
	| TrackStatus
	| TrackStatusOk
	| PublishBlocked
	| PublishSkipped;

/** The codecs of this family. */
// biome-ignore lint/suspicious/noExplicitAny: codecs of different message types.
export const SUBSCRIPTION_FAMILY: readonly MessageCodec<any>[] = [
	subscribeOk,
	subscribeUpdate,
	requestUpdate,
	unsubscribe,
	publishDone,
	publish,
	publishOk,
	trackStatus,
	trackStatusOk,
	publishBlocked,
	publishSkipped,
];
