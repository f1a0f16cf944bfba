/**
 * Family index: SUBSCRIBE_OK, SUBSCRIBE_UPDATE, REQUEST_UPDATE, UNSUBSCRIBE, PUBLISH_DONE, PUBLISH, PUBLISH_OK, TRACK_STATUS, TRACK_STATUS_OK, PUBLISH_BLOCKED / PUBLISH_SKIPPED.
 * Lists this family's message types and codecs for messages/index.ts.
 *
 * @module
 */

import type { MessageCodec } from "../message-codec.js";

/** The messages of this family. */
export type SubscriptionFamilyMessage = never;

/** The codecs of this family. */
// biome-ignore lint/suspicious/noExplicitAny: codecs of different message types.
export const SUBSCRIPTION_FAMILY: readonly MessageCodec<any>[] = [];
