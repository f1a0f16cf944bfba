/**
 * Family index: FETCH family and namespace family (PUBLISH_NAMESPACE*, SUBSCRIBE_NAMESPACE*, NAMESPACE, NAMESPACE_DONE, SUBSCRIBE_TRACKS).
 * Lists this family's message types and codecs for messages/index.ts.
 *
 * @module
 */

import type { MessageCodec } from "../message-codec.js";

/** The messages of this family. */
export type FetchNamespaceFamilyMessage = never;

/** The codecs of this family. */
// biome-ignore lint/suspicious/noExplicitAny: codecs of different message types.
export const FETCH_NAMESPACE_FAMILY: readonly MessageCodec<any>[] = [];
