/**
 * REQUEST_ERROR (type 0x5): the failure response to any request, from draft-15 (draft-14 has one
 * *_ERROR message per request, in request-errors-14.ts).
 *
 * - draft-ietf-moq-transport-16 §9.8 "REQUEST_ERROR": Request ID, Error Code, Retry Interval,
 *   Error Reason (Reason Phrase).
 * - draft-18 and -19 §10.6.2 "REQUEST_ERROR Message Format": Error Code, Retry Interval, Error
 *   Reason, then a Redirect (§10.6.1 "Redirect Structure": Connect URI Length, Connect URI, Track
 *   Namespace, Track Name Length, Track Name) "present only when Error Code is REDIRECT" (0x34).
 *   The request stream identifies the request, so there is no Request ID.
 *
 * Error codes are in error-codes.ts ({@link RequestErrorCode}); an unknown one decodes as is (the
 * session treats it as INTERNAL_ERROR). The drafts give the Connect URI no length limit; this codec
 * bounds it by `limits.maxUriBytes` like the GOAWAY URI. Which Redirect contents a role or request
 * may receive (a non-empty Connect URI at a server, a Track Name for a namespace request) are
 * session rules.
 *
 * @module
 */

import type { Codec } from "../codec.js";
import { RequestErrorCode } from "../error-codes.js";
import { WireError } from "../errors.js";
import {
	readBytes,
	readNamespace,
	readReasonPhrase,
	readTrackName,
	writeNamespace,
	writeReasonPhrase,
	writeTrackName,
} from "../fields.js";
import type { MessageCodec, Mutable } from "../message-codec.js";
import type { Reader } from "../reader.js";
import type { TrackNamespace } from "../types.js";
import { utf8Decode, utf8Encode } from "../utf8.js";
import type { Writer } from "../writer.js";

/** REDIRECT (0x34 in draft-18 and -19), the one REQUEST_ERROR code followed by a Redirect. */
const REDIRECT = RequestErrorCode[18].REDIRECT;

/**
 * A Redirect: where to retry the request. An empty Connect URI means the current session; an
 * empty namespace and name mean the original Full Track Name.
 */
export interface Redirect {
	readonly connectUri: string;
	readonly trackNamespace: TrackNamespace;
	readonly trackName: Uint8Array;
}

/** REQUEST_ERROR. */
export interface RequestError {
	readonly type: "REQUEST_ERROR";
	/** draft-16 only (required there): the Request ID being answered. */
	readonly requestId?: bigint;
	/** A {@link RequestErrorCode} of the draft, or a code this codec does not know. */
	readonly errorCode: number;
	/** Minimum ms before retrying, plus one; 0 means do not retry, 1 retry at once. */
	readonly retryInterval: bigint;
	/** Error Reason. */
	readonly reasonPhrase: string;
	/**
	 * draft-18 and -19, with error code REDIRECT only. Encoded as an empty Redirect (same session,
	 * same track) when absent; the decoder always sets it for REDIRECT.
	 */
	readonly redirect?: Redirect;
}

const EMPTY_REDIRECT: Redirect = Object.freeze({
	connectUri: "",
	trackNamespace: Object.freeze([]),
	trackName: new Uint8Array(0),
});

function readRedirect(r: Reader, c: Codec): Redirect {
	const connectUri = utf8Decode(readBytes(r, c.limits.maxUriBytes, "Connect URI"));
	const trackNamespace = readNamespace(r, c);
	return { connectUri, trackNamespace, trackName: readTrackName(r, c, trackNamespace) };
}

function writeRedirect(w: Writer, c: Codec, redirect: Redirect): void {
	const uri = utf8Encode(redirect.connectUri);
	if (uri.length > c.limits.maxUriBytes) throw new WireError("too-large", "Connect URI too long");
	w.lengthPrefixed(uri);
	writeNamespace(w, c, redirect.trackNamespace);
	writeTrackName(w, c, redirect.trackNamespace, redirect.trackName);
}

// The code that makes a Redirect follow, in drafts that have one.
function redirects(c: Codec, errorCode: number): boolean {
	return c.draft >= 18 && errorCode === REDIRECT;
}

/** The REQUEST_ERROR codec. */
export const requestError: MessageCodec<RequestError> = {
	type: "REQUEST_ERROR",
	codes: { 16: 0x5, 18: 0x5, 19: 0x5 },
	encode(w, m, c) {
		if (c.draft === 16) {
			if (m.requestId === undefined) throw new WireError("invalid-value", "draft-16 REQUEST_ERROR needs a Request ID");
			w.varint(m.requestId);
		} else if (m.requestId !== undefined) {
			throw new WireError("unsupported", `draft-${c.draft} REQUEST_ERROR has no Request ID`);
		}
		w.varint(m.errorCode);
		w.varint(m.retryInterval);
		writeReasonPhrase(w, c, m.reasonPhrase);
		if (redirects(c, m.errorCode)) writeRedirect(w, c, m.redirect ?? EMPTY_REDIRECT);
		else if (m.redirect !== undefined) {
			throw new WireError(
				c.draft >= 18 ? "invalid-value" : "unsupported",
				`a Redirect needs error code REDIRECT in draft-18 or later, not ${m.errorCode} in draft-${c.draft}`,
			);
		}
	},
	decode(r, c) {
		const requestId = c.draft === 16 ? r.varintBig() : undefined;
		const errorCode = r.varintSaturated();
		const m: Mutable<RequestError> = {
			type: "REQUEST_ERROR",
			errorCode,
			retryInterval: r.varintBig(),
			reasonPhrase: readReasonPhrase(r, c),
		};
		if (requestId !== undefined) m.requestId = requestId;
		if (redirects(c, errorCode)) m.redirect = readRedirect(r, c);
		return m;
	},
};
