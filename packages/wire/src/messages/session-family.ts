/**
 * Family index: SETUP family (CLIENT_SETUP, SERVER_SETUP, SETUP), GOAWAY, MAX_REQUEST_ID, REQUESTS_BLOCKED, REQUEST_OK, REQUEST_ERROR and the draft-14 per-request *_ERROR messages.
 * Lists this family's message types and codecs for messages/index.ts.
 *
 * @module
 */

import type { MessageCodec } from "../message-codec.js";

/** The messages of this family. */
export type SessionFamilyMessage = never;

/** The codecs of this family. */
// biome-ignore lint/suspicious/noExplicitAny: codecs of different message types.
export const SESSION_FAMILY: readonly MessageCodec<any>[] = [];
