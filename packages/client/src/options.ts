/**
 * The options of the request methods, in the application's terms, and their translation into
 * the drafts' message parameters (draft-ietf-moq-transport-19 §10.2 "Message Parameters"; the
 * same values are fields of SUBSCRIBE and FETCH in draft-14, parameters later):
 *
 * - `filter`: "latest-object" is the Largest Object filter (0x2: from the object after the
 *   largest published), "next-group" Next Group Start (0x1), `{ start, endGroup? }` an Absolute
 *   Start (0x3) or Absolute Range (0x4) (-19 §5.1.2 "Location Filters").
 * - `priority`: Subscriber Priority (0 is the highest, default 128); `groupOrder`; `forward`;
 *   `deliveryTimeout` in ms (DELIVERY_TIMEOUT, OBJECT_DELIVERY_TIMEOUT from -17).
 * - `authToken`: one AUTHORIZATION TOKEN sent by value (USE_VALUE, Token Type 0: "negotiated
 *   out-of-band", -19 §10.2.1).
 * - `parameters`: any other message parameter, as `@moqt/session` takes it; the options above
 *   win over it.
 *
 * @module
 */

import {
	FilterType,
	GroupOrder,
	type Location,
	type MessageParameters,
	type SubscriptionFilter,
	TokenAliasType,
} from "@moqt/wire";

/** Options of every request: how long to wait and whether to wait at all. */
export interface CallOptions {
	/** Aborting before the answer cancels the request; the call rejects with `signal.reason`. */
	readonly signal?: AbortSignal;
	/** ms to wait for the answer; then the request is cancelled and fails with a RequestError TIMEOUT. */
	readonly timeout?: number;
	/** false: resolve as soon as the request is sent; the handle's `response` settles with the answer. */
	readonly waitResponse?: boolean;
}

/** An authorization token: a string (UTF-8) or bytes of Token Type 0, or a typed token. */
export type AuthTokenLike =
	| string
	| Uint8Array
	| { readonly type: bigint | number; readonly value: string | Uint8Array };

/** Options every request message takes. */
export interface RequestOptions extends CallOptions {
	/** Sent as an AUTHORIZATION TOKEN parameter. */
	readonly authToken?: AuthTokenLike;
	/** Other message parameters, as `@moqt/session` names them. */
	readonly parameters?: MessageParameters;
}

/** A Location; `object` defaults to 0. Numbers are accepted where they are safe integers. */
export interface LocationLike {
	readonly group: bigint | number;
	readonly object?: bigint | number;
}

/** Which objects a subscription delivers (see the module documentation). */
export type FilterLike =
	| "latest-object"
	| "next-group"
	| { readonly start: LocationLike; readonly endGroup?: bigint | number };

/** Group order: "ascending" (oldest first) or "descending" (newest first). */
export type GroupOrderLike = "ascending" | "descending";

/** What a subscription can change after it started (REQUEST_UPDATE / SUBSCRIBE_UPDATE). */
export interface SubscriptionSettings {
	/** Subscriber Priority, 0 (highest) to 255; default 128. */
	readonly priority?: number;
	/** Default "latest-object". */
	readonly filter?: FilterLike;
	/** false: the publisher sends nothing until forwarding is turned back on. Default true. */
	readonly forward?: boolean;
	/** ms after which the publisher stops trying to deliver an object. */
	readonly deliveryTimeout?: number;
}

/** Options of `subscribe`. */
export interface SubscribeOptions extends RequestOptions, SubscriptionSettings {
	/** The order groups are delivered in when several are available. Default: the publisher's. */
	readonly groupOrder?: GroupOrderLike;
}

/** Options of a standalone `fetch`: an inclusive range of objects. */
export interface FetchOptions extends RequestOptions {
	/** The first object. */
	readonly start: LocationLike;
	/**
	 * The last object (inclusive); without `object`, the whole group. Default: up to the largest
	 * object the publisher has.
	 */
	readonly end?: LocationLike;
	/** Subscriber Priority of the fetch, 0 (highest) to 255. */
	readonly priority?: number;
	/** Default "ascending". */
	readonly groupOrder?: GroupOrderLike;
}

/** Options of `joiningFetch`: how many groups before the subscription's start, or from which group. */
export type JoiningFetchOptions = RequestOptions & {
	readonly priority?: number;
	readonly groupOrder?: GroupOrderLike;
} & (
		| { readonly relative: bigint | number; readonly absolute?: never }
		| { readonly absolute: bigint | number; readonly relative?: never }
	);

// The largest value every draft's integers can carry (a QUIC varint, drafts 14 and 16).
const MAX_GROUP = (1n << 62n) - 1n;

/** @internal A Location from its friendly form. */
export function toLocation(location: LocationLike): Location {
	return { group: BigInt(location.group), object: BigInt(location.object ?? 0) };
}

/** @internal FETCH's End Location ("the last object plus 1", object 0 meaning the whole group). */
export function toEndLocation(end: LocationLike | undefined): Location {
	if (end === undefined) return { group: MAX_GROUP, object: 0n };
	if (end.object === undefined) return { group: BigInt(end.group), object: 0n };
	return { group: BigInt(end.group), object: BigInt(end.object) + 1n };
}

/** @internal A subscription filter from its friendly form. */
export function toFilter(filter: FilterLike): SubscriptionFilter {
	if (filter === "latest-object") return { type: FilterType.LARGEST_OBJECT };
	if (filter === "next-group") return { type: FilterType.NEXT_GROUP_START };
	const start = toLocation(filter.start);
	if (filter.endGroup === undefined) return { type: FilterType.ABSOLUTE_START, start };
	return { type: FilterType.ABSOLUTE_RANGE, start, endGroup: BigInt(filter.endGroup) };
}

/** @internal The wire's group order. */
export function toGroupOrder(order: GroupOrderLike): GroupOrder {
	return order === "descending" ? GroupOrder.DESCENDING : GroupOrder.ASCENDING;
}

/** @internal The token as a USE_VALUE AUTHORIZATION TOKEN. */
export function toToken(token: AuthTokenLike): NonNullable<MessageParameters["authorizationTokens"]>[number] {
	const { type, value } = typeof token === "string" || token instanceof Uint8Array ? { type: 0n, value: token } : token;
	return {
		aliasType: TokenAliasType.USE_VALUE,
		tokenType: BigInt(type),
		value: typeof value === "string" ? new TextEncoder().encode(value) : value,
	};
}

/** @internal The parameters common to every request. */
export function requestParameters(options: RequestOptions | undefined): MessageParameters {
	return {
		...options?.parameters,
		...(options?.authToken !== undefined && { authorizationTokens: [toToken(options.authToken)] }),
	};
}

/** @internal The parameters a subscription's settings set. */
export function settingsParameters(settings: SubscriptionSettings): MessageParameters {
	return {
		...(settings.priority !== undefined && { subscriberPriority: settings.priority }),
		...(settings.filter !== undefined && { subscriptionFilter: toFilter(settings.filter) }),
		...(settings.forward !== undefined && { forward: settings.forward }),
		...(settings.deliveryTimeout !== undefined && { deliveryTimeout: BigInt(settings.deliveryTimeout) }),
	};
}

/** @internal SUBSCRIBE's parameters. */
export function subscribeParameters(options: SubscribeOptions): MessageParameters {
	return {
		// A live subscription by default; drafts 14 and 16 allow a Joining FETCH only with this filter.
		subscriptionFilter: toFilter("latest-object"),
		...requestParameters(options),
		...settingsParameters(options),
		...(options.groupOrder !== undefined && { groupOrder: toGroupOrder(options.groupOrder) }),
	};
}

/** @internal A fetch's parameters. */
export function fetchParameters(
	options: RequestOptions & { readonly priority?: number; readonly groupOrder?: GroupOrderLike },
): MessageParameters {
	return {
		...requestParameters(options),
		...(options.priority !== undefined && { subscriberPriority: options.priority }),
		...(options.groupOrder !== undefined && { groupOrder: toGroupOrder(options.groupOrder) }),
	};
}

/** @internal The session's call options. */
export function callOptions(options: CallOptions | undefined): CallOptions {
	return {
		...(options?.signal !== undefined && { signal: options.signal }),
		...(options?.timeout !== undefined && { timeout: options.timeout }),
		...(options?.waitResponse !== undefined && { waitResponse: options.waitResponse }),
	};
}
