/**
 * NAMESPACE (type 0x8) and NAMESPACE_DONE (type 0xE): on a SUBSCRIBE_NAMESPACE's response stream,
 * a namespace under the prefix appears or goes away.
 *
 * - draft-ietf-moq-transport-16 §9.21 NAMESPACE, §9.23 NAMESPACE_DONE; -18 and -19 §10.16
 *   NAMESPACE, §10.17 NAMESPACE_DONE: Track Namespace Suffix.
 *
 * The suffix is the namespace without the SUBSCRIBE_NAMESPACE's prefix. A namespace equal to the
 * prefix matches it ("the same or fewer fields", -19 "Namespace Prefix Matching"), so the suffix
 * can have no fields: zero fields are accepted in -16 too, where a full Track Namespace needs one.
 *
 * @module
 */

import { readNamespace, writeNamespace } from "../fields.js";
import type { MessageCodec } from "../message-codec.js";
import type { TrackNamespace } from "../types.js";

/** NAMESPACE (draft-16 and later). */
export interface Namespace {
	readonly type: "NAMESPACE";
	/** The fields after the SUBSCRIBE_NAMESPACE's Track Namespace Prefix. */
	readonly trackNamespaceSuffix: TrackNamespace;
}

/** NAMESPACE_DONE (draft-16 and later). */
export interface NamespaceDone {
	readonly type: "NAMESPACE_DONE";
	/** The fields after the SUBSCRIBE_NAMESPACE's Track Namespace Prefix. */
	readonly trackNamespaceSuffix: TrackNamespace;
}

/** The NAMESPACE codec. */
export const namespace: MessageCodec<Namespace> = {
	type: "NAMESPACE",
	codes: { 16: 0x8, 18: 0x8, 19: 0x8 },
	encode(w, m, c) {
		writeNamespace(w, c, m.trackNamespaceSuffix, { prefix: true });
	},
	decode(r, c) {
		return { type: "NAMESPACE", trackNamespaceSuffix: readNamespace(r, c, { prefix: true }) };
	},
};

/** The NAMESPACE_DONE codec. */
export const namespaceDone: MessageCodec<NamespaceDone> = {
	type: "NAMESPACE_DONE",
	codes: { 16: 0xe, 18: 0xe, 19: 0xe },
	encode(w, m, c) {
		writeNamespace(w, c, m.trackNamespaceSuffix, { prefix: true });
	},
	decode(r, c) {
		return { type: "NAMESPACE_DONE", trackNamespaceSuffix: readNamespace(r, c, { prefix: true }) };
	},
};
