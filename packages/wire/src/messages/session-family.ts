/**
 * Family index: the setup messages (CLIENT_SETUP, SERVER_SETUP, SETUP), GOAWAY, MAX_REQUEST_ID,
 * REQUESTS_BLOCKED, REQUEST_OK, REQUEST_ERROR and the draft-14 per-request *_ERROR messages.
 * Lists this family's message types and codecs for messages/index.ts.
 *
 * @module
 */

import type { MessageCodec } from "../message-codec.js";
import { type Goaway, goaway } from "./goaway.js";
import { type MaxRequestId, maxRequestId } from "./max-request-id.js";
import { type RequestError, requestError } from "./request-error.js";
import {
	type AnyRequestError14,
	fetchError,
	publishError,
	publishNamespaceError,
	subscribeError,
	subscribeNamespaceError,
	trackStatusError,
} from "./request-errors-14.js";
import { type RequestOk, requestOk } from "./request-ok.js";
import { type RequestsBlocked, requestsBlocked } from "./requests-blocked.js";
import { type ClientSetup, clientSetup, type ServerSetup, type Setup, serverSetup, setup } from "./setup.js";

export type { Goaway } from "./goaway.js";
export type { MaxRequestId } from "./max-request-id.js";
export type { Redirect, RequestError } from "./request-error.js";
export type {
	AnyRequestError14,
	FetchError,
	PublishError,
	PublishNamespaceError,
	RequestError14,
	RequestError14Type,
	SubscribeError,
	SubscribeNamespaceError,
	TrackStatusError,
} from "./request-errors-14.js";
export type { RequestOk } from "./request-ok.js";
export type { RequestsBlocked } from "./requests-blocked.js";
export type { ClientSetup, ServerSetup, Setup } from "./setup.js";

/** The messages of this family. */
export type SessionFamilyMessage =
	| ClientSetup
	| ServerSetup
	| Setup
	| Goaway
	| MaxRequestId
	| RequestsBlocked
	| RequestOk
	| RequestError
	| AnyRequestError14;

/** The codecs of this family. */
// biome-ignore lint/suspicious/noExplicitAny: codecs of different message types.
export const SESSION_FAMILY: readonly MessageCodec<any>[] = [
	clientSetup,
	serverSetup,
	setup,
	goaway,
	maxRequestId,
	requestsBlocked,
	requestOk,
	requestError,
	subscribeError,
	publishNamespaceError,
	trackStatusError,
	subscribeNamespaceError,
	fetchError,
	publishError,
];
