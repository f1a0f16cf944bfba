/**
 * What happens to a peer's request nobody handles: the draft's refusal for it.
 *
 * - SUBSCRIBE, FETCH, TRACK_STATUS: the track does not exist here. draft-ietf-moq-transport-14
 *   TRACK_DOES_NOT_EXIST (SUBSCRIBE_ERROR §13.1.2, which TRACK_STATUS_ERROR shares, and FETCH_ERROR
 *   §13.1.5); -16+ DOES_NOT_EXIST ("The track or namespace is not available at the publisher",
 *   -19 §10.6).
 * - SUBSCRIBE_NAMESPACE, SUBSCRIBE_TRACKS: nothing is published under the prefix here. draft-14
 *   NAMESPACE_PREFIX_UNKNOWN (§13.1.7); -16+ DOES_NOT_EXIST.
 * - PUBLISH, PUBLISH_NAMESPACE: we do not want the track or namespace. UNINTERESTED ("The
 *   subscriber is not interested in the track or namespace", -19 §10.6; draft-14 PUBLISH_ERROR
 *   §13.1.4 and PUBLISH_NAMESPACE_ERROR §13.1.6 have it too). -19 §10.10: "A subscriber receiving
 *   a PUBLISH for a Track it does not wish to receive SHOULD send REQUEST_ERROR with error code
 *   UNINTERESTED".
 * - REQUEST_UPDATE: accepted. The update changes a request whose handle the application holds,
 *   and that handle follows the new parameters (a publisher's Forward State, priority, filter).
 *
 * @module
 */

import {
	type Draft,
	FetchErrorCode,
	PublishErrorCode,
	PublishNamespaceErrorCode,
	RequestErrorCode,
	SubscribeErrorCode,
	SubscribeNamespaceErrorCode,
} from "@moqt/wire";
import type { IncomingRequestOpening } from "./incoming.js";

/** The code and reason a request nobody handles is refused with. */
export function defaultRejection(draft: Draft, kind: IncomingRequestOpening["kind"]): { code: number; reason: string } {
	const legacy = draft === 14;
	switch (kind) {
		case "subscribe":
		case "track-status":
			return {
				code: legacy ? SubscribeErrorCode.TRACK_DOES_NOT_EXIST : RequestErrorCode[draft].DOES_NOT_EXIST,
				reason: "no such track",
			};
		case "fetch":
			return {
				code: legacy ? FetchErrorCode.TRACK_DOES_NOT_EXIST : RequestErrorCode[draft].DOES_NOT_EXIST,
				reason: "no such track",
			};
		case "subscribe-namespace":
		case "subscribe-tracks":
			return {
				code: legacy ? SubscribeNamespaceErrorCode.NAMESPACE_PREFIX_UNKNOWN : RequestErrorCode[draft].DOES_NOT_EXIST,
				reason: "nothing is published under this prefix",
			};
		case "publish":
			return {
				code: legacy ? PublishErrorCode.UNINTERESTED : RequestErrorCode[draft].UNINTERESTED,
				reason: "not interested",
			};
		case "publish-namespace":
			return {
				code: legacy ? PublishNamespaceErrorCode.UNINTERESTED : RequestErrorCode[draft].UNINTERESTED,
				reason: "not interested",
			};
	}
}
