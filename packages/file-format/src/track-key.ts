/**
 * A string key for a Full Track Name (draft-ietf-moq-transport-14 §2.4.1), for maps.
 *
 * @module
 */

import { encodeBase64Url } from "./base64.js";
import type { TrackId } from "./types.js";

/**
 * A string that is equal for two tracks exactly when their Full Track Names are: each namespace
 * field in base64url followed by `.` (so no fields and one empty field differ), `/`, the name.
 */
export function trackKey(track: TrackId): string {
	let key = "";
	for (const field of track.trackNamespace) key += `${encodeBase64Url(field)}.`;
	return `${key}/${encodeBase64Url(track.trackName)}`;
}
