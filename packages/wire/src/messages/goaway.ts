/**
 * GOAWAY (type 0x10): the sender intends to close the session (or, from draft-18, a single request
 * when sent on a request stream) and may name a New Session URI.
 *
 * - draft-ietf-moq-transport-14 §9.4, -16 §9.4 "GOAWAY": New Session URI Length, New Session URI.
 * - draft-18 §10.4: adds Timeout (ms) and a trailing optional Request ID, "present only when sent
 *   on the control stream". The codec cannot see the stream, so it reads the Request ID whenever
 *   bytes follow the Timeout and writes it whenever the message has one.
 * - draft-19 §10.4: Timeout stays; the Request ID is gone (#1623).
 *
 * The URI is at most 8192 bytes (`limits.maxUriBytes`); a longer one is a PROTOCOL_VIOLATION. That
 * a client sends an empty URI, and that a second GOAWAY is an error, are session rules.
 *
 * @module
 */

import { WireError } from "../errors.js";
import { readBytes } from "../fields.js";
import type { MessageCodec, Mutable } from "../message-codec.js";
import { utf8Decode, utf8Encode } from "../utf8.js";

/** GOAWAY. */
export interface Goaway {
	readonly type: "GOAWAY";
	/** New Session URI; empty means "reconnect to the current URI". */
	readonly newSessionUri: string;
	/**
	 * Timeout in ms before the sender closes the session or resets the request stream (0: none
	 * given). draft-18 and -19; encoded as 0 there when absent, and the decoder always sets it.
	 */
	readonly timeout?: bigint;
	/** draft-18 only, on the control stream: the smallest peer Request ID not (surely) processed. */
	readonly requestId?: bigint;
}

/** The GOAWAY codec. */
export const goaway: MessageCodec<Goaway> = {
	type: "GOAWAY",
	codes: { 14: 0x10, 16: 0x10, 18: 0x10, 19: 0x10 },
	encode(w, m, c) {
		const uri = utf8Encode(m.newSessionUri);
		if (uri.length > c.limits.maxUriBytes) {
			throw new WireError("too-large", `New Session URI of ${uri.length} bytes exceeds ${c.limits.maxUriBytes}`);
		}
		w.lengthPrefixed(uri);
		if (c.draft >= 17) w.varint(m.timeout ?? 0n);
		else if (m.timeout !== undefined) throw new WireError("unsupported", `draft-${c.draft} GOAWAY has no Timeout`);
		if (m.requestId === undefined) return;
		if (c.draft !== 18) throw new WireError("unsupported", `draft-${c.draft} GOAWAY has no Request ID`);
		w.varint(m.requestId);
	},
	decode(r, c) {
		const m: Mutable<Goaway> = {
			type: "GOAWAY",
			newSessionUri: utf8Decode(readBytes(r, c.limits.maxUriBytes, "New Session URI")),
		};
		if (c.draft >= 17) m.timeout = r.varintBig();
		// draft-18: the optional Request ID is the only thing that can follow the Timeout.
		if (c.draft === 18 && r.pos < r.end) m.requestId = r.varintBig();
		return m;
	},
};
