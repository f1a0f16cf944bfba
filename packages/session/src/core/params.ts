/**
 * Message Parameters of a message: the fields of the wire's `MessageParameters` model, without
 * the message's own fixed fields (draft-ietf-moq-transport-14 §9.2, -16 §9.2, -18/-19 §10.2
 * "Message Parameters"). The wire model merges a draft's fixed fields and parameters into one set
 * of names, so this is a matter of leaving out the names that are not parameters.
 *
 * @module
 */

import type { MessageParameters } from "@moqt/wire";

// Fields of request and response messages that are not Message Parameters. Authorization tokens
// are parameters but travel separately, resolved.
const NOT_PARAMETERS = new Set([
	"type",
	"requestId",
	"trackNamespace",
	"trackName",
	"trackAlias",
	"trackProperties",
	"fetchType",
	"endOfTrack",
	"endLocation",
	"existingRequestId",
	"subscriptionRequestId",
	"subscribeOptions",
	"authorizationTokens",
]);

/**
 * The Message Parameters of `message` (fields that are undefined left out). `alsoOmit` names
 * more fields to leave out, e.g. SUBSCRIBE_NAMESPACE's `trackNamespacePrefix`, which is the
 * TRACK_NAMESPACE_PREFIX parameter only in REQUEST_UPDATE.
 */
export function parametersOf(message: object, alsoOmit: readonly string[] = []): MessageParameters {
	const out: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(message)) {
		if (v !== undefined && !NOT_PARAMETERS.has(k) && !alsoOmit.includes(k)) out[k] = v;
	}
	return out as MessageParameters;
}
