/**
 * PUBLISH_NAMESPACE_DONE (type 0x9): the publisher withdraws a PUBLISH_NAMESPACE.
 *
 * - draft-ietf-moq-transport-14 §9.26 PUBLISH_NAMESPACE_DONE: Track Namespace.
 * - draft-16 §9.22: the Request ID of the PUBLISH_NAMESPACE ("Use Request ID in
 *   PUBLISH_NAMESPACE_{DONE/CANCEL}").
 * - Gone from draft-17: the publisher cancels the PUBLISH_NAMESPACE request stream instead.
 *
 * The model has both identifiers; each draft requires its own and cannot carry the other.
 *
 * @module
 */

import type { Codec } from "../codec.js";
import { WireError } from "../errors.js";
import { readNamespace, writeNamespace } from "../fields.js";
import type { MessageCodec } from "../message-codec.js";
import type { Reader } from "../reader.js";
import type { TrackNamespace } from "../types.js";
import type { Writer } from "../writer.js";

/** How draft-14 (by namespace) and draft-16 (by Request ID) name a published namespace. */
export interface PublishedNamespaceRef {
	/** The namespace: draft-14 only (required there). */
	readonly trackNamespace?: TrackNamespace;
	/** The Request ID of the PUBLISH_NAMESPACE: draft-16 only (required there). */
	readonly requestId?: bigint;
}

/** PUBLISH_NAMESPACE_DONE. */
export interface PublishNamespaceDone extends PublishedNamespaceRef {
	readonly type: "PUBLISH_NAMESPACE_DONE";
}

/** Writes the draft's reference to a published namespace (shared with PUBLISH_NAMESPACE_CANCEL). */
export function writePublishedNamespaceRef(w: Writer, c: Codec, message: string, m: PublishedNamespaceRef): void {
	if (c.draft === 14) {
		if (m.requestId !== undefined) throw new WireError("unsupported", `${message} has no Request ID in draft-14`);
		if (m.trackNamespace === undefined) throw new WireError("invalid-value", `${message} needs a trackNamespace`);
		writeNamespace(w, c, m.trackNamespace);
		return;
	}
	if (m.trackNamespace !== undefined) {
		throw new WireError("unsupported", `${message} has no Track Namespace in draft-${c.draft}`);
	}
	if (m.requestId === undefined) throw new WireError("invalid-value", `${message} needs a requestId`);
	w.varint(m.requestId);
}

/** Reads the draft's reference to a published namespace. */
export function readPublishedNamespaceRef(r: Reader, c: Codec): PublishedNamespaceRef {
	return c.draft === 14 ? { trackNamespace: readNamespace(r, c) } : { requestId: r.varintBig() };
}

/** The PUBLISH_NAMESPACE_DONE codec. */
export const publishNamespaceDone: MessageCodec<PublishNamespaceDone> = {
	type: "PUBLISH_NAMESPACE_DONE",
	codes: { 14: 0x9, 16: 0x9 },
	encode(w, m, c) {
		writePublishedNamespaceRef(w, c, "PUBLISH_NAMESPACE_DONE", m);
	},
	decode(r, c) {
		return { type: "PUBLISH_NAMESPACE_DONE", ...readPublishedNamespaceRef(r, c) };
	},
};
