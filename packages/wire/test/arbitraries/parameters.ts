/**
 * Message Parameters per (draft, message), written out independently of `src/parameters.ts` so
 * that the property tests check the codec's table against this one in both directions: every
 * parameter listed here must round-trip, and every other {@link ParameterField} must be refused
 * ("unsupported") by the encoder (see control-roundtrip.prop.test.ts).
 *
 * Sources: draft-ietf-moq-transport-14 §9.2 "Parameters" (and each message's section), -16 §9.2
 * "Message Parameters", -18 and -19 §10.2 "Message Parameters". In -17+ REQUEST_OK stands for
 * PUBLISH_OK, TRACK_STATUS_OK and the namespace OKs, so it takes the union of their parameters
 * (the session layer narrows that by request). draft-14's fixed fields (priority, group order,
 * forward, filter, expires, largest location) are not parameters there: see {@link FIXED_14}.
 *
 * @module
 */

import fc from "fast-check";
import { RangeFilterKind } from "../../src/filters.js";
import type { MessageParameters, ParameterField } from "../../src/parameters.js";
import { GroupOrder } from "../../src/types.js";
import type { Draft } from "../../src/version.js";
import {
	authorizationToken,
	location as locationArb,
	partial,
	rangeFilter,
	shortOrLong,
	subscriptionFilter,
	trackNamespace,
	u8,
	varint,
} from "./primitives.js";

/** Every field of {@link MessageParameters}. */
export const PARAMETER_FIELDS: readonly ParameterField[] = [
	"authorizationTokens",
	"deliveryTimeout",
	"subgroupDeliveryTimeout",
	"maxCacheDuration",
	"rendezvousTimeout",
	"expires",
	"largestObject",
	"fillTimeout",
	"forward",
	"subscriberPriority",
	"subscriptionFilter",
	"groupOrder",
	"rangeFilters",
	"newGroupRequest",
	"trackNamespacePrefix",
];

const SUBSCRIBE_16: readonly ParameterField[] = [
	"authorizationTokens",
	"deliveryTimeout",
	"forward",
	"subscriberPriority",
	"subscriptionFilter",
	"groupOrder",
	"newGroupRequest",
];
const SUBSCRIBE_18: readonly ParameterField[] = [...SUBSCRIBE_16, "subgroupDeliveryTimeout", "rendezvousTimeout"];
const REQUEST_UPDATE_16: readonly ParameterField[] = [
	"authorizationTokens",
	"deliveryTimeout",
	"forward",
	"subscriberPriority",
	"subscriptionFilter",
	"newGroupRequest",
];
const REQUEST_UPDATE_18: readonly ParameterField[] = [
	...REQUEST_UPDATE_16,
	"subgroupDeliveryTimeout",
	"trackNamespacePrefix",
];
// -18 REQUEST_OK: PUBLISH_OK's parameters (timeouts, forward, priority, filter, order, new group
// request) and TRACK_STATUS_OK's / SUBSCRIBE_OK-like ones (expires, largest object).
const REQUEST_OK_18: readonly ParameterField[] = [
	"deliveryTimeout",
	"subgroupDeliveryTimeout",
	"expires",
	"largestObject",
	"forward",
	"subscriberPriority",
	"subscriptionFilter",
	"groupOrder",
	"newGroupRequest",
];
const PUBLISH_16: readonly ParameterField[] = ["authorizationTokens", "expires", "largestObject", "forward"];

/** The parameters each message that has a Parameters field may carry, per draft. */
export const PARAMETERS: { readonly [D in Draft]: Readonly<Record<string, readonly ParameterField[]>> } = {
	14: {
		SUBSCRIBE: ["authorizationTokens", "deliveryTimeout"],
		SUBSCRIBE_UPDATE: ["authorizationTokens", "deliveryTimeout"],
		TRACK_STATUS: ["authorizationTokens", "deliveryTimeout"],
		SUBSCRIBE_OK: ["deliveryTimeout", "maxCacheDuration"],
		TRACK_STATUS_OK: ["deliveryTimeout", "maxCacheDuration"],
		PUBLISH: ["authorizationTokens", "deliveryTimeout", "maxCacheDuration"],
		PUBLISH_OK: ["deliveryTimeout"],
		FETCH: ["authorizationTokens"],
		FETCH_OK: ["maxCacheDuration"],
		PUBLISH_NAMESPACE: ["authorizationTokens"],
		SUBSCRIBE_NAMESPACE: ["authorizationTokens"],
	},
	16: {
		SUBSCRIBE: SUBSCRIBE_16,
		REQUEST_UPDATE: REQUEST_UPDATE_16,
		TRACK_STATUS: ["authorizationTokens"],
		SUBSCRIBE_OK: ["expires", "largestObject"],
		PUBLISH: PUBLISH_16,
		PUBLISH_OK: [
			"deliveryTimeout",
			"expires",
			"forward",
			"subscriberPriority",
			"subscriptionFilter",
			"groupOrder",
			"newGroupRequest",
		],
		REQUEST_OK: ["expires", "largestObject"],
		FETCH: ["authorizationTokens", "subscriberPriority", "groupOrder"],
		FETCH_OK: [],
		PUBLISH_NAMESPACE: ["authorizationTokens"],
		SUBSCRIBE_NAMESPACE: ["authorizationTokens", "forward"],
	},
	18: {
		SUBSCRIBE: SUBSCRIBE_18,
		REQUEST_UPDATE: REQUEST_UPDATE_18,
		TRACK_STATUS: ["authorizationTokens"],
		SUBSCRIBE_OK: ["expires", "largestObject"],
		PUBLISH: PUBLISH_16,
		REQUEST_OK: REQUEST_OK_18,
		FETCH: ["authorizationTokens", "subscriberPriority", "groupOrder", "fillTimeout"],
		FETCH_OK: [],
		PUBLISH_NAMESPACE: ["authorizationTokens"],
		SUBSCRIBE_NAMESPACE: ["authorizationTokens"],
		SUBSCRIBE_TRACKS: ["authorizationTokens", "forward"],
	},
	19: {
		SUBSCRIBE: [...SUBSCRIBE_18, "rangeFilters"],
		REQUEST_UPDATE: [...REQUEST_UPDATE_18, "rangeFilters"],
		TRACK_STATUS: ["authorizationTokens"],
		SUBSCRIBE_OK: ["expires", "largestObject"],
		PUBLISH: PUBLISH_16,
		// -19 moved GROUP_ORDER from PUBLISH_OK to SUBSCRIBE_TRACKS (#1777).
		REQUEST_OK: [...REQUEST_OK_18.filter((f) => f !== "groupOrder"), "rangeFilters"],
		FETCH: ["authorizationTokens", "subscriberPriority", "groupOrder", "fillTimeout", "rangeFilters"],
		FETCH_OK: [],
		PUBLISH_NAMESPACE: ["authorizationTokens"],
		SUBSCRIBE_NAMESPACE: ["authorizationTokens"],
		// "Parameters on SUBSCRIBE_TRACKS": any parameter valid in SUBSCRIBE.
		SUBSCRIBE_TRACKS: [...SUBSCRIBE_18, "rangeFilters"],
	},
};

/** The draft-14 fields a message carries in its body, which are parameters in later drafts. */
export const FIXED_14: Readonly<Record<string, readonly ParameterField[]>> = {
	SUBSCRIBE: ["subscriberPriority", "groupOrder", "forward", "subscriptionFilter"],
	TRACK_STATUS: ["subscriberPriority", "groupOrder", "forward", "subscriptionFilter"],
	SUBSCRIBE_UPDATE: ["subscriptionFilter", "subscriberPriority", "forward"],
	SUBSCRIBE_OK: ["expires", "groupOrder", "largestObject"],
	TRACK_STATUS_OK: ["expires", "groupOrder", "largestObject"],
	PUBLISH: ["groupOrder", "largestObject", "forward"],
	PUBLISH_OK: ["forward", "subscriberPriority", "groupOrder", "subscriptionFilter"],
	FETCH: ["subscriberPriority", "groupOrder"],
	FETCH_OK: ["groupOrder"],
};

/** The Range Filter kinds a -19 message may carry (TRACK_PROPERTY only where tracks are selected). */
export function rangeFilterKinds(message: string): RangeFilterKind[] {
	const objectKinds = [
		RangeFilterKind.SUBGROUP,
		RangeFilterKind.OBJECT_ID,
		RangeFilterKind.PRIORITY,
		RangeFilterKind.OBJECT_PROPERTY,
	];
	return message === "SUBSCRIBE_TRACKS" || message === "REQUEST_UPDATE"
		? [...objectKinds, RangeFilterKind.TRACK_PROPERTY]
		: objectKinds;
}

type Model = { [K in ParameterField]?: fc.Arbitrary<MessageParameters[K]> };

/** An arbitrary of one parameter's value, as the draft carries it in `message`. */
export function parameterValue(draft: Draft, message: string, field: ParameterField): fc.Arbitrary<unknown> {
	switch (field) {
		case "authorizationTokens":
			return shortOrLong(authorizationToken(draft));
		case "deliveryTimeout":
		case "subgroupDeliveryTimeout":
		case "maxCacheDuration":
		case "rendezvousTimeout":
		case "expires":
		case "fillTimeout":
		case "newGroupRequest":
			return varint(draft);
		case "largestObject":
			return locationArb(draft);
		case "forward":
			return fc.boolean();
		case "subscriberPriority":
			return u8;
		case "subscriptionFilter":
			return subscriptionFilter(draft);
		case "groupOrder":
			// 0 (the publisher's order) is the parameter's absence from -16: see normalizeParameters.
			return fc.constantFrom(GroupOrder.PUBLISHER, GroupOrder.ASCENDING, GroupOrder.DESCENDING);
		case "rangeFilters":
			return fc.array(rangeFilter(rangeFilterKinds(message)), { minLength: 1, maxLength: 4 });
		case "trackNamespacePrefix":
			return trackNamespace(draft, { prefix: true });
	}
}

/** Any subset of the parameters `message` may carry in `draft`, none included. */
export function parameters(draft: Draft, message: string): fc.Arbitrary<MessageParameters> {
	const fields = PARAMETERS[draft][message];
	if (fields === undefined) throw new Error(`draft-${draft} ${message} has no Parameters field in this table`);
	const model: Model = {};
	for (const f of fields) (model as Record<string, fc.Arbitrary<unknown>>)[f] = parameterValue(draft, message, f);
	// fast-check keeps most keys of a partial record, so "no parameters at all" gets its own weight.
	return fc.oneof(
		{ weight: 1, arbitrary: fc.constant({}) },
		{ weight: 5, arbitrary: partial(model as Record<string, fc.Arbitrary<unknown>>) },
	) as fc.Arbitrary<MessageParameters>;
}

/**
 * What a decoder returns for parameters that were encoded from `p` (drafts ≥ 16, or -14
 * parameters that are not fixed fields):
 *
 * - GROUP_ORDER 0 ("the publisher's order", a draft-14 field value) is written as the
 *   parameter's absence from -16, so it decodes as absent.
 * - Range Filters are written in ascending parameter type (delta-typed parameters must ascend),
 *   so they decode grouped by kind, in their original order within a kind.
 *
 * Authorization tokens share one type and keep their order.
 */
export function normalizeParameters(draft: Draft, p: Record<string, unknown>): Record<string, unknown> {
	const out = { ...p };
	if (draft >= 16 && out.groupOrder === GroupOrder.PUBLISHER) delete out.groupOrder;
	const filters = (p as MessageParameters).rangeFilters;
	if (filters !== undefined) out.rangeFilters = [...filters].sort((a, b) => a.kind - b.kind); // a stable sort
	return out;
}
