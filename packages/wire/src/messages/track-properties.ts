/**
 * The Track Extensions (draft-ietf-moq-transport-16 §2.5 "Extension Headers") / Track
 * Properties (-18 §2.5, -19 §2.5 "Properties") that end SUBSCRIBE_OK, PUBLISH, REQUEST_OK and
 * FETCH_OK: Key-Value-Pairs with no count or length, running to the end of the message
 * ("their length is the remaining bytes of the message after all preceding fields have been
 * consumed", -19 §2.5). draft-14 messages have no such field.
 *
 * In the model they are the `trackProperties` field in every draft.
 *
 * @module
 */

import type { Codec } from "../codec.js";
import { WireError } from "../errors.js";
import { readKeyValuePairs, writeKeyValuePairs } from "../kvp.js";
import type { Reader } from "../reader.js";
import type { KeyValuePair } from "../types.js";
import type { Writer } from "../writer.js";

/**
 * Writes the trailing Track Extensions / Properties of `message`. Absent means none. draft-14
 * cannot carry them, so a non-empty list there is an "unsupported" {@link WireError}.
 */
export function writeTrackProperties(
	w: Writer,
	c: Codec,
	message: string,
	properties: readonly KeyValuePair[] | undefined,
): void {
	if (properties === undefined || properties.length === 0) return;
	if (c.draft === 14) throw new WireError("unsupported", `${message} cannot carry Track Properties in draft-14`);
	writeKeyValuePairs(w, c, properties);
}

/** Reads Track Extensions / Properties up to the end of the message (`r.end`). */
export function readTrackProperties(r: Reader, c: Codec): KeyValuePair[] {
	return readKeyValuePairs(r, c, { end: r.end }, c.limits.maxParameters);
}
