/**
 * The draft-14 per-request error messages, which share one layout: Request ID, Error Code, Error
 * Reason (Reason Phrase). draft-15 replaced them all with REQUEST_ERROR (request-error.ts).
 *
 * | Type | Message                   | draft-ietf-moq-transport-14 | Codes                         |
 * |-----:|:--------------------------|:----------------------------|:------------------------------|
 * | 0x05 | SUBSCRIBE_ERROR           | §9.9                        | {@link SubscribeErrorCode}    |
 * | 0x08 | PUBLISH_NAMESPACE_ERROR   | §9.25                       | {@link PublishNamespaceErrorCode} |
 * | 0x0F | TRACK_STATUS_ERROR        | §9.22 (as SUBSCRIBE_ERROR)  | {@link SubscribeErrorCode}    |
 * | 0x13 | SUBSCRIBE_NAMESPACE_ERROR | §9.30                       | {@link SubscribeNamespaceErrorCode} |
 * | 0x19 | FETCH_ERROR               | §9.18                       | {@link FetchErrorCode}        |
 * | 0x1F | PUBLISH_ERROR             | §9.15 (its box says `Length (i)`, a typo for the 16-bit length of §9) | {@link PublishErrorCode} |
 *
 * Error codes decode as plain numbers, known or not.
 *
 * @module
 */

import type {
	FetchErrorCode,
	PublishErrorCode,
	PublishNamespaceErrorCode,
	SubscribeErrorCode,
	SubscribeNamespaceErrorCode,
} from "../error-codes.js";
import { readReasonPhrase, writeReasonPhrase } from "../fields.js";
import type { MessageCodec } from "../message-codec.js";

/** The draft-14 error messages' names. */
export type RequestError14Type =
	| "SUBSCRIBE_ERROR"
	| "PUBLISH_NAMESPACE_ERROR"
	| "TRACK_STATUS_ERROR"
	| "SUBSCRIBE_NAMESPACE_ERROR"
	| "FETCH_ERROR"
	| "PUBLISH_ERROR";

/** The shared shape of the draft-14 error messages. */
export interface RequestError14<T extends RequestError14Type> {
	readonly type: T;
	/** The Request ID of the request this answers. */
	readonly requestId: bigint;
	/** A code from the message's table, or one this codec does not know. */
	readonly errorCode: number;
	/** Error Reason. */
	readonly reasonPhrase: string;
}

/** SUBSCRIBE_ERROR (draft-14); codes in {@link SubscribeErrorCode}. */
export type SubscribeError = RequestError14<"SUBSCRIBE_ERROR">;
/** PUBLISH_NAMESPACE_ERROR (draft-14); codes in {@link PublishNamespaceErrorCode}. */
export type PublishNamespaceError = RequestError14<"PUBLISH_NAMESPACE_ERROR">;
/** TRACK_STATUS_ERROR (draft-14); codes in {@link SubscribeErrorCode}. */
export type TrackStatusError = RequestError14<"TRACK_STATUS_ERROR">;
/** SUBSCRIBE_NAMESPACE_ERROR (draft-14); codes in {@link SubscribeNamespaceErrorCode}. */
export type SubscribeNamespaceError = RequestError14<"SUBSCRIBE_NAMESPACE_ERROR">;
/** FETCH_ERROR (draft-14); codes in {@link FetchErrorCode}. */
export type FetchError = RequestError14<"FETCH_ERROR">;
/** PUBLISH_ERROR (draft-14); codes in {@link PublishErrorCode}. */
export type PublishError = RequestError14<"PUBLISH_ERROR">;

/** Any draft-14 per-request error message. */
export type AnyRequestError14 =
	| SubscribeError
	| PublishNamespaceError
	| TrackStatusError
	| SubscribeNamespaceError
	| FetchError
	| PublishError;

function codec<T extends RequestError14Type>(type: T, code: number): MessageCodec<RequestError14<T>> {
	return {
		type,
		codes: { 14: code },
		encode(w, m, c) {
			w.varint(m.requestId);
			w.varint(m.errorCode);
			writeReasonPhrase(w, c, m.reasonPhrase);
		},
		decode(r, c) {
			const requestId = r.varintBig();
			const errorCode = r.varintSaturated();
			return { type, requestId, errorCode, reasonPhrase: readReasonPhrase(r, c) };
		},
	};
}

/** The SUBSCRIBE_ERROR codec (draft-14, 0x05). */
export const subscribeError = codec("SUBSCRIBE_ERROR", 0x05);
/** The PUBLISH_NAMESPACE_ERROR codec (draft-14, 0x08). */
export const publishNamespaceError = codec("PUBLISH_NAMESPACE_ERROR", 0x08);
/** The TRACK_STATUS_ERROR codec (draft-14, 0x0F). */
export const trackStatusError = codec("TRACK_STATUS_ERROR", 0x0f);
/** The SUBSCRIBE_NAMESPACE_ERROR codec (draft-14, 0x13). */
export const subscribeNamespaceError = codec("SUBSCRIBE_NAMESPACE_ERROR", 0x13);
/** The FETCH_ERROR codec (draft-14, 0x19). */
export const fetchError = codec("FETCH_ERROR", 0x19);
/** The PUBLISH_ERROR codec (draft-14, 0x1F). */
export const publishError = codec("PUBLISH_ERROR", 0x1f);
