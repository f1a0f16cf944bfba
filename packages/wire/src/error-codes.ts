/**
 * The error and status code tables of the supported drafts, with the drafts' own names.
 *
 * - draft-ietf-moq-transport-14 §13.1 "Error Codes": one table per *_ERROR message (§13.1.2
 *   SUBSCRIBE_ERROR, also used by TRACK_STATUS_ERROR per §9.22; §13.1.4 PUBLISH_ERROR; §13.1.5
 *   FETCH_ERROR; §13.1.6 ANNOUNCE_ERROR, i.e. PUBLISH_NAMESPACE_ERROR; §13.1.7
 *   SUBSCRIBE_NAMESPACE_ERROR), §13.1.3 PUBLISH_DONE and §13.1.8 Data Stream Reset codes.
 * - draft-16 §13.4.2 REQUEST_ERROR, §13.4.3 PUBLISH_DONE, §13.4.4 Data Stream Reset codes.
 * - draft-18 §15.10.2-4 and draft-19 §15.11.2-4: REQUEST_ERROR, PUBLISH_DONE and Stream Reset codes.
 *
 * What moved between drafts: the auth-token request codes went from 0x10 / 0x12 (draft-14) to
 * 0x4 / 0x5 (draft-16 on; 0x10 is DOES_NOT_EXIST since). PUBLISH_DONE swapped EXPIRED and
 * TOO_FAR_BEHIND in draft-18 (14 and 16: EXPIRED 0x5, TOO_FAR_BEHIND 0x6; 18 and 19 the
 * reverse) and moved MALFORMED_TRACK from 0x7 (14) to 0x12 (16 on). draft-19 dropped
 * DUPLICATE_SUBSCRIPTION (0x19) from REQUEST_ERROR and added CONFLICTING_FILTERS and INVALID_FILTER.
 *
 * Message fields that carry these codes are plain `number`s: a peer may send a code the table
 * does not list (draft-18 §14 "Grease" reserves `0x7f * N + 0x9D`), and the drafts say an
 * unknown code means INTERNAL_ERROR, never a reason to close the session. Session termination
 * codes are {@link TerminationCode} in errors.ts.
 *
 * @module
 */

/** draft-14 SUBSCRIBE_ERROR codes (§13.1.2); TRACK_STATUS_ERROR uses the same table (§9.22). */
export const SubscribeErrorCode = {
	INTERNAL_ERROR: 0x0,
	UNAUTHORIZED: 0x1,
	TIMEOUT: 0x2,
	NOT_SUPPORTED: 0x3,
	TRACK_DOES_NOT_EXIST: 0x4,
	INVALID_RANGE: 0x5,
	MALFORMED_AUTH_TOKEN: 0x10,
	EXPIRED_AUTH_TOKEN: 0x12,
} as const;
/** A draft-14 SUBSCRIBE_ERROR / TRACK_STATUS_ERROR code. */
export type SubscribeErrorCode = (typeof SubscribeErrorCode)[keyof typeof SubscribeErrorCode];

/** draft-14 PUBLISH_ERROR codes (§13.1.4). */
export const PublishErrorCode = {
	INTERNAL_ERROR: 0x0,
	UNAUTHORIZED: 0x1,
	TIMEOUT: 0x2,
	NOT_SUPPORTED: 0x3,
	UNINTERESTED: 0x4,
} as const;
/** A draft-14 PUBLISH_ERROR code. */
export type PublishErrorCode = (typeof PublishErrorCode)[keyof typeof PublishErrorCode];

/** draft-14 FETCH_ERROR codes (§13.1.5). */
export const FetchErrorCode = {
	INTERNAL_ERROR: 0x0,
	UNAUTHORIZED: 0x1,
	TIMEOUT: 0x2,
	NOT_SUPPORTED: 0x3,
	TRACK_DOES_NOT_EXIST: 0x4,
	INVALID_RANGE: 0x5,
	NO_OBJECTS: 0x6,
	INVALID_JOINING_REQUEST_ID: 0x7,
	UNKNOWN_STATUS_IN_RANGE: 0x8,
	MALFORMED_TRACK: 0x9,
	MALFORMED_AUTH_TOKEN: 0x10,
	EXPIRED_AUTH_TOKEN: 0x12,
} as const;
/** A draft-14 FETCH_ERROR code. */
export type FetchErrorCode = (typeof FetchErrorCode)[keyof typeof FetchErrorCode];

/**
 * draft-14 PUBLISH_NAMESPACE_ERROR codes (§13.1.6, registered under the older name
 * "ANNOUNCE_ERROR"); PUBLISH_NAMESPACE_CANCEL uses them too.
 */
export const PublishNamespaceErrorCode = {
	INTERNAL_ERROR: 0x0,
	UNAUTHORIZED: 0x1,
	TIMEOUT: 0x2,
	NOT_SUPPORTED: 0x3,
	UNINTERESTED: 0x4,
	MALFORMED_AUTH_TOKEN: 0x10,
	EXPIRED_AUTH_TOKEN: 0x12,
} as const;
/** A draft-14 PUBLISH_NAMESPACE_ERROR code. */
export type PublishNamespaceErrorCode = (typeof PublishNamespaceErrorCode)[keyof typeof PublishNamespaceErrorCode];

/** draft-14 SUBSCRIBE_NAMESPACE_ERROR codes (§13.1.7). */
export const SubscribeNamespaceErrorCode = {
	INTERNAL_ERROR: 0x0,
	UNAUTHORIZED: 0x1,
	TIMEOUT: 0x2,
	NOT_SUPPORTED: 0x3,
	NAMESPACE_PREFIX_UNKNOWN: 0x4,
	NAMESPACE_PREFIX_OVERLAP: 0x5,
	MALFORMED_AUTH_TOKEN: 0x10,
	EXPIRED_AUTH_TOKEN: 0x12,
} as const;
/** A draft-14 SUBSCRIBE_NAMESPACE_ERROR code. */
export type SubscribeNamespaceErrorCode =
	(typeof SubscribeNamespaceErrorCode)[keyof typeof SubscribeNamespaceErrorCode];

// The tables below are copied row by row from each draft's IANA section, in its order.
const REQUEST_ERROR_16 = {
	INTERNAL_ERROR: 0x0,
	UNAUTHORIZED: 0x1,
	TIMEOUT: 0x2,
	NOT_SUPPORTED: 0x3,
	MALFORMED_AUTH_TOKEN: 0x4,
	EXPIRED_AUTH_TOKEN: 0x5,
	DOES_NOT_EXIST: 0x10,
	INVALID_RANGE: 0x11,
	MALFORMED_TRACK: 0x12,
	DUPLICATE_SUBSCRIPTION: 0x19,
	UNINTERESTED: 0x20,
	PREFIX_OVERLAP: 0x30,
	INVALID_JOINING_REQUEST_ID: 0x32,
} as const;

const REQUEST_ERROR_18 = {
	INTERNAL_ERROR: 0x0,
	UNAUTHORIZED: 0x1,
	TIMEOUT: 0x2,
	NOT_SUPPORTED: 0x3,
	MALFORMED_AUTH_TOKEN: 0x4,
	EXPIRED_AUTH_TOKEN: 0x5,
	GOING_AWAY: 0x6,
	EXCESSIVE_LOAD: 0x9,
	DOES_NOT_EXIST: 0x10,
	INVALID_RANGE: 0x11,
	MALFORMED_TRACK: 0x12,
	DUPLICATE_SUBSCRIPTION: 0x19,
	UNINTERESTED: 0x20,
	PREFIX_OVERLAP: 0x30,
	NAMESPACE_TOO_LARGE: 0x31,
	INVALID_JOINING_REQUEST_ID: 0x32,
	UNSUPPORTED_EXTENSION: 0x33,
	REDIRECT: 0x34,
} as const;

// draft-19 allows several subscriptions per track, so DUPLICATE_SUBSCRIPTION is gone.
const REQUEST_ERROR_19 = {
	INTERNAL_ERROR: 0x0,
	UNAUTHORIZED: 0x1,
	TIMEOUT: 0x2,
	NOT_SUPPORTED: 0x3,
	MALFORMED_AUTH_TOKEN: 0x4,
	EXPIRED_AUTH_TOKEN: 0x5,
	GOING_AWAY: 0x6,
	EXCESSIVE_LOAD: 0x9,
	DOES_NOT_EXIST: 0x10,
	INVALID_RANGE: 0x11,
	MALFORMED_TRACK: 0x12,
	UNINTERESTED: 0x20,
	PREFIX_OVERLAP: 0x30,
	NAMESPACE_TOO_LARGE: 0x31,
	INVALID_JOINING_REQUEST_ID: 0x32,
	UNSUPPORTED_EXTENSION: 0x33,
	REDIRECT: 0x34,
	CONFLICTING_FILTERS: 0x35,
	INVALID_FILTER: 0x36,
} as const;

/**
 * REQUEST_ERROR codes by draft (draft-16 §13.4.2, -18 §15.10.2, -19 §15.11.2):
 * `RequestErrorCode[19].REDIRECT`. draft-14 has per-message tables instead
 * ({@link SubscribeErrorCode} and the others).
 */
export const RequestErrorCode = {
	16: REQUEST_ERROR_16,
	18: REQUEST_ERROR_18,
	19: REQUEST_ERROR_19,
} as const;
/** A REQUEST_ERROR code of any supported draft. */
export type RequestErrorCode = ValuesOf<(typeof RequestErrorCode)[keyof typeof RequestErrorCode]>;

const PUBLISH_DONE_14 = {
	INTERNAL_ERROR: 0x0,
	UNAUTHORIZED: 0x1,
	TRACK_ENDED: 0x2,
	SUBSCRIPTION_ENDED: 0x3,
	GOING_AWAY: 0x4,
	EXPIRED: 0x5,
	TOO_FAR_BEHIND: 0x6,
	MALFORMED_TRACK: 0x7,
} as const;

const PUBLISH_DONE_16 = {
	INTERNAL_ERROR: 0x0,
	UNAUTHORIZED: 0x1,
	TRACK_ENDED: 0x2,
	SUBSCRIPTION_ENDED: 0x3,
	GOING_AWAY: 0x4,
	EXPIRED: 0x5,
	TOO_FAR_BEHIND: 0x6,
	UPDATE_FAILED: 0x8,
	MALFORMED_TRACK: 0x12,
} as const;

// draft-18 swapped EXPIRED and TOO_FAR_BEHIND; draft-19 kept the draft-18 table.
const PUBLISH_DONE_18 = {
	INTERNAL_ERROR: 0x0,
	UNAUTHORIZED: 0x1,
	TRACK_ENDED: 0x2,
	SUBSCRIPTION_ENDED: 0x3,
	GOING_AWAY: 0x4,
	TOO_FAR_BEHIND: 0x5,
	EXPIRED: 0x6,
	UPDATE_FAILED: 0x8,
	EXCESSIVE_LOAD: 0x9,
	MALFORMED_TRACK: 0x12,
} as const;

/**
 * PUBLISH_DONE status codes by draft (draft-14 §13.1.3, -16 §13.4.3, -18 §15.10.3,
 * -19 §15.11.3): `PublishDoneCode[14].EXPIRED === 0x5` but `PublishDoneCode[19].EXPIRED === 0x6`.
 */
export const PublishDoneCode = {
	14: PUBLISH_DONE_14,
	16: PUBLISH_DONE_16,
	18: PUBLISH_DONE_18,
	19: PUBLISH_DONE_18,
} as const;
/** A PUBLISH_DONE status code of any supported draft. */
export type PublishDoneCode = ValuesOf<(typeof PublishDoneCode)[keyof typeof PublishDoneCode]>;

const STREAM_RESET_14 = {
	INTERNAL_ERROR: 0x0,
	CANCELLED: 0x1,
	DELIVERY_TIMEOUT: 0x2,
	SESSION_CLOSED: 0x3,
} as const;

const STREAM_RESET_16 = {
	INTERNAL_ERROR: 0x0,
	CANCELLED: 0x1,
	DELIVERY_TIMEOUT: 0x2,
	SESSION_CLOSED: 0x3,
	UNKNOWN_OBJECT_STATUS: 0x4,
	MALFORMED_TRACK: 0x12,
} as const;

// draft-18 resets request streams too, and moved UNKNOWN_OBJECT_STATUS to 0x6; -19 kept this table.
const STREAM_RESET_18 = {
	INTERNAL_ERROR: 0x0,
	CANCELLED: 0x1,
	DELIVERY_TIMEOUT: 0x2,
	SESSION_CLOSED: 0x3,
	GOING_AWAY: 0x4,
	TOO_FAR_BEHIND: 0x5,
	UNKNOWN_OBJECT_STATUS: 0x6,
	EXPIRED_AUTH_TOKEN: 0x7,
	EXCESSIVE_LOAD: 0x9,
	MALFORMED_TRACK: 0x12,
} as const;

/**
 * RESET_STREAM / STOP_SENDING application error codes by draft (draft-14 §13.1.8 and -16
 * §13.4.4 "Data Stream Reset Error Codes"; -18 §3.3.3 / §15.10.4 and -19 §3.3.4 / §15.11.4
 * "Stream Reset Error Codes", for every stream including request streams).
 * UNKNOWN_OBJECT_STATUS is 0x4 in draft-16 and 0x6 from draft-18.
 */
export const StreamResetCode = {
	14: STREAM_RESET_14,
	16: STREAM_RESET_16,
	18: STREAM_RESET_18,
	19: STREAM_RESET_18,
} as const;
/** A stream reset code of any supported draft. */
export type StreamResetCode = ValuesOf<(typeof StreamResetCode)[keyof typeof StreamResetCode]>;

/** The union of an object's values. */
type ValuesOf<T> = T[keyof T];
