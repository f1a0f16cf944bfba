/**
 * The Request ID that response and follow-up messages (SUBSCRIBE_OK, PUBLISH_DONE) carry up to
 * draft-16 (draft-ietf-moq-transport-14 §9.1 "Request ID", -16 §9.1). From draft-17 every
 * request has its own bidirectional stream and "response messages do not [include a Request
 * ID], since they are sent on the same bidirectional stream as the request" (-18 §9.1, -19
 * §9.1 "Request ID").
 *
 * The model keeps one optional `requestId` field: required where the draft has it (there is no
 * default to encode), "unsupported" where it has not, and set by the decoder only where it is
 * on the wire.
 *
 * @module
 */

import type { Codec } from "../codec.js";
import { WireError } from "../errors.js";
import type { Reader } from "../reader.js";
import type { Writer } from "../writer.js";

/** Writes a response's Request ID where the draft has one; checks its absence where not. */
export function writeResponseRequestId(w: Writer, c: Codec, message: string, requestId: bigint | undefined): void {
	if (c.info.requestStreams) {
		if (requestId !== undefined) {
			throw new WireError("unsupported", `${message} has no Request ID in draft-${c.draft} (the stream identifies it)`);
		}
		return;
	}
	if (requestId === undefined) throw new WireError("invalid-value", `${message} needs a requestId in draft-${c.draft}`);
	w.varint(requestId);
}

/** Reads a response's Request ID where the draft has one. */
export function readResponseRequestId(r: Reader, c: Codec): bigint | undefined {
	return c.info.requestStreams ? undefined : r.varintBig();
}
