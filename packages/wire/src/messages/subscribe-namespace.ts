/**
 * SUBSCRIBE_NAMESPACE: a request for the namespaces (and, up to draft-16, the tracks) published
 * under a Track Namespace Prefix, now and as they change.
 *
 * - draft-ietf-moq-transport-14 §9.28 SUBSCRIBE_NAMESPACE (0x11): Request ID, Track Namespace
 *   Prefix (1 to 32 fields), Parameters. Answered by SUBSCRIBE_NAMESPACE_OK / _ERROR; matching
 *   PUBLISH_NAMESPACE and PUBLISH messages follow on the control stream.
 * - draft-16 §9.25 (0x11): Request ID, Track Namespace Prefix (0 to 32 fields), Subscribe Options,
 *   Parameters (FORWARD allowed). Sent on its own bidi stream ("Put SUBSCRIBE_NAMESPACE on a
 *   stream"), answered there by REQUEST_OK / REQUEST_ERROR and then NAMESPACE / NAMESPACE_DONE.
 * - draft-18 §10.18, -19 §10.18 (0x50): Request ID, Track Namespace Prefix, Parameters. Only
 *   namespaces now: tracks are requested with SUBSCRIBE_TRACKS.
 *
 * The prefix is `trackNamespacePrefix`, the field that the TRACK_NAMESPACE_PREFIX parameter of
 * a -18/-19 REQUEST_UPDATE changes.
 *
 * @module
 */

import { WireError } from "../errors.js";
import { readNamespace, writeNamespace } from "../fields.js";
import type { MessageCodec, Mutable } from "../message-codec.js";
import { type MessageParameters, readParameters, writeParameters } from "../parameters.js";
import type { TrackNamespace } from "../types.js";

/** What a draft-16 SUBSCRIBE_NAMESPACE asks for (its Subscribe Options field). */
export const SubscribeOptions = {
	/** PUBLISH messages for matching tracks. */
	PUBLISH: 0x0,
	/** NAMESPACE messages for matching namespaces. */
	NAMESPACE: 0x1,
	/** Both. */
	BOTH: 0x2,
} as const;
/** A Subscribe Options value. */
export type SubscribeOptions = (typeof SubscribeOptions)[keyof typeof SubscribeOptions];

/** SUBSCRIBE_NAMESPACE. */
export interface SubscribeNamespace extends MessageParameters {
	readonly type: "SUBSCRIBE_NAMESPACE";
	readonly requestId: bigint;
	readonly trackNamespacePrefix: TrackNamespace;
	/**
	 * draft-16 only. Encoded as BOTH when absent, which is what a draft-14 SUBSCRIBE_NAMESPACE
	 * delivers (PUBLISH_NAMESPACE and PUBLISH); the -16 decoder always sets it.
	 */
	readonly subscribeOptions?: SubscribeOptions;
}

/** The SUBSCRIBE_NAMESPACE codec. */
export const subscribeNamespace: MessageCodec<SubscribeNamespace> = {
	type: "SUBSCRIBE_NAMESPACE",
	codes: { 14: 0x11, 16: 0x11, 18: 0x50, 19: 0x50 },
	encode(w, m, c) {
		w.varint(m.requestId);
		writeNamespace(w, c, m.trackNamespacePrefix, { prefix: true });
		if (c.draft === 16) {
			const options = m.subscribeOptions ?? SubscribeOptions.BOTH;
			if (options > SubscribeOptions.BOTH) throw new WireError("invalid-value", `invalid Subscribe Options ${options}`);
			w.varint(options);
		} else if (m.subscribeOptions !== undefined) {
			throw new WireError("unsupported", `SUBSCRIBE_NAMESPACE has no Subscribe Options in draft-${c.draft}`);
		}
		writeParameters(w, c, "SUBSCRIBE_NAMESPACE", m, ["trackNamespacePrefix"]);
	},
	decode(r, c) {
		const requestId = r.varintBig();
		const trackNamespacePrefix = readNamespace(r, c, { prefix: true });
		const m: Mutable<SubscribeNamespace> = { type: "SUBSCRIBE_NAMESPACE", requestId, trackNamespacePrefix };
		if (c.draft === 16) {
			const at = r.pos;
			const options = r.varint();
			if (options > SubscribeOptions.BOTH) {
				throw new WireError("invalid-value", `invalid Subscribe Options ${options}`, { offset: at });
			}
			m.subscribeOptions = options as SubscribeOptions;
		}
		readParameters(r, c, "SUBSCRIBE_NAMESPACE", m);
		return m;
	},
};
