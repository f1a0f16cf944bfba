/**
 * The control messages of every supported draft: their union type and their codecs. Each family
 * file lists its own messages; this file only joins them.
 *
 * @module
 */

import type { MessageCodec } from "../message-codec.js";
import { FETCH_NAMESPACE_FAMILY, type FetchNamespaceFamilyMessage } from "./fetch-namespace-family.js";
import { SESSION_FAMILY, type SessionFamilyMessage } from "./session-family.js";
import { type Subscribe, subscribe } from "./subscribe.js";
import { SUBSCRIPTION_FAMILY, type SubscriptionFamilyMessage } from "./subscription-family.js";

export type * from "./fetch-namespace-family.js";
export type * from "./session-family.js";
export type { Subscribe } from "./subscribe.js";
export type * from "./subscription-family.js";

/** Any control message of any supported draft, discriminated by `type`. */
export type ControlMessage = Subscribe | SessionFamilyMessage | SubscriptionFamilyMessage | FetchNamespaceFamilyMessage;

/** Every message codec; the framing layer builds its per-draft dispatch tables from this list. */
// biome-ignore lint/suspicious/noExplicitAny: codecs of different message types.
export const ALL_MESSAGES: readonly MessageCodec<any>[] = [
	subscribe,
	...SESSION_FAMILY,
	...SUBSCRIPTION_FAMILY,
	...FETCH_NAMESPACE_FAMILY,
];
