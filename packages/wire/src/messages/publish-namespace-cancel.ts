/**
 * PUBLISH_NAMESPACE_CANCEL (type 0xC): the receiver of a PUBLISH_NAMESPACE revokes its acceptance.
 *
 * - draft-ietf-moq-transport-14 §9.27 PUBLISH_NAMESPACE_CANCEL: Track Namespace, Error Code,
 *   Error Reason; the codes are PUBLISH_NAMESPACE_ERROR's.
 * - draft-16 §9.24: Request ID of the PUBLISH_NAMESPACE, Error Code, Error Reason; the codes are
 *   REQUEST_ERROR's.
 * - Gone from draft-17: the subscriber cancels the PUBLISH_NAMESPACE request stream instead.
 *
 * @module
 */

import { readReasonPhrase, writeReasonPhrase } from "../fields.js";
import type { MessageCodec } from "../message-codec.js";
import {
	type PublishedNamespaceRef,
	readPublishedNamespaceRef,
	writePublishedNamespaceRef,
} from "./publish-namespace-done.js";

/** PUBLISH_NAMESPACE_CANCEL. */
export interface PublishNamespaceCancel extends PublishedNamespaceRef {
	readonly type: "PUBLISH_NAMESPACE_CANCEL";
	/** A PUBLISH_NAMESPACE_ERROR code (draft-14) or REQUEST_ERROR code (draft-16). */
	readonly errorCode: number;
	/** The Error Reason: a Reason Phrase, at most 1024 bytes of UTF-8. */
	readonly reasonPhrase: string;
}

/** The PUBLISH_NAMESPACE_CANCEL codec. */
export const publishNamespaceCancel: MessageCodec<PublishNamespaceCancel> = {
	type: "PUBLISH_NAMESPACE_CANCEL",
	codes: { 14: 0xc, 16: 0xc },
	encode(w, m, c) {
		writePublishedNamespaceRef(w, c, "PUBLISH_NAMESPACE_CANCEL", m);
		w.varint(m.errorCode);
		writeReasonPhrase(w, c, m.reasonPhrase);
	},
	decode(r, c) {
		const ref = readPublishedNamespaceRef(r, c);
		const errorCode = r.varintSaturated();
		return { type: "PUBLISH_NAMESPACE_CANCEL", ...ref, errorCode, reasonPhrase: readReasonPhrase(r, c) };
	},
};
