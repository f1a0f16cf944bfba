/**
 * PUBLISH_DONE (type 0xB): the publisher is done publishing Objects for a subscription.
 *
 * - draft-ietf-moq-transport-14 §9.12, -16 §9.15: Request ID, Status Code, Stream Count, Error
 *   Reason (Reason Phrase).
 * - draft-18 §10.11, -19 §10.11: Status Code, Stream Count, Error Reason; no Request ID (the
 *   subscription's bidi stream identifies it).
 *
 * Status codes are numbers as on the wire, read saturating (a GREASE code decodes as an unknown
 * code rather than failing). Their names differ per draft (EXPIRED is 0x5 in -14/-16 and 0x6 in
 * -18/-19), so a relay translating a PUBLISH_DONE maps the code through its name in
 * `PublishDoneCode` (error-codes.ts). Stream Count is a bigint because its "unknown" value,
 * 2^62 - 1, is beyond a safe number.
 *
 * @module
 */

import { readReasonPhrase, writeReasonPhrase } from "../fields.js";
import type { MessageCodec } from "../message-codec.js";
import { readResponseRequestId, writeResponseRequestId } from "./response-request-id.js";

/** PUBLISH_DONE. */
export interface PublishDone {
	readonly type: "PUBLISH_DONE";
	/** The subscription's Request ID: required in draft-14 and -16, absent from -17. */
	readonly requestId?: bigint;
	/** Why the subscription ended: a code of `PublishDoneCode[draft]`, or one the draft does not list. */
	readonly statusCode: number;
	/** The number of data streams opened for the subscription, or {@link STREAM_COUNT_UNKNOWN}. */
	readonly streamCount: bigint;
	/** The Error Reason (at most 1024 bytes of UTF-8). */
	readonly reasonPhrase: string;
}

/**
 * The Stream Count a publisher sends when it cannot count the streams it opened: "it MUST set
 * Stream Count to 2^62 - 1" (draft-14 §9.12, -19 §10.11).
 */
export const STREAM_COUNT_UNKNOWN: bigint = (1n << 62n) - 1n;

/** The PUBLISH_DONE codec. */
export const publishDone: MessageCodec<PublishDone> = {
	type: "PUBLISH_DONE",
	codes: { 14: 0xb, 16: 0xb, 18: 0xb, 19: 0xb },
	encode(w, m, c) {
		writeResponseRequestId(w, c, "PUBLISH_DONE", m.requestId);
		w.varint(m.statusCode);
		w.varint(m.streamCount);
		writeReasonPhrase(w, c, m.reasonPhrase);
	},
	decode(r, c) {
		const requestId = readResponseRequestId(r, c);
		const statusCode = r.varintSaturated();
		const streamCount = r.varintBig();
		const reasonPhrase = readReasonPhrase(r, c);
		return requestId === undefined
			? { type: "PUBLISH_DONE", statusCode, streamCount, reasonPhrase }
			: { type: "PUBLISH_DONE", requestId, statusCode, streamCount, reasonPhrase };
	},
};
