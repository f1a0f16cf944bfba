/**
 * The structures shared by MoQT messages, as plain readonly data.
 *
 * Integers that can exceed 2^53 on the wire (group, object, subgroup and request IDs, track
 * aliases, key-value pair types and values) are `bigint`; lengths, counts, priorities, enums and
 * codes are `number`.
 *
 * @module
 */

/**
 * A Location: a Group ID and an Object ID, ordered lexicographically
 * (draft-ietf-moq-transport-14 §1.4.1 "Location Structure").
 */
export interface Location {
	readonly group: bigint;
	readonly object: bigint;
}

/**
 * A Track Namespace: an ordered tuple of byte fields (draft-14 §2.4.1 "Track Naming"; 1–32
 * fields up to -16, 0–32 from -17, each field at least one byte from -16).
 */
export type TrackNamespace = readonly Uint8Array[];

/**
 * A key-value pair (draft-14 §1.4.2 "Key-Value-Pair Structure"): an even type carries one
 * integer, an odd type a byte string of at most 65535 bytes.
 */
export type KeyValuePair =
	| { readonly type: bigint; readonly value: bigint }
	| { readonly type: bigint; readonly value: Uint8Array };

/** Group Order (draft-14 §9.7 SUBSCRIBE "Group Order"). */
export const GroupOrder = {
	/** draft-14 only, in SUBSCRIBE / PUBLISH_OK / FETCH: let the publisher choose. */
	PUBLISHER: 0x0,
	ASCENDING: 0x1,
	DESCENDING: 0x2,
} as const;
/** A Group Order value. */
export type GroupOrder = (typeof GroupOrder)[keyof typeof GroupOrder];

/** Subscription filter types (draft-14 §5.1.2 "Subscription Filters"). */
export const FilterType = {
	NEXT_GROUP_START: 0x1,
	LARGEST_OBJECT: 0x2,
	ABSOLUTE_START: 0x3,
	ABSOLUTE_RANGE: 0x4,
} as const;
/** A subscription filter type. */
export type FilterType = (typeof FilterType)[keyof typeof FilterType];

/**
 * A Subscription Filter (draft-14 §5.1.2; the SUBSCRIPTION_FILTER parameter of -16/-18 and the
 * LOCATION_FILTER parameter of -19). `start` is present for ABSOLUTE_START and ABSOLUTE_RANGE,
 * `endGroup` (the last group, inclusive, as an absolute Group ID) for ABSOLUTE_RANGE.
 * From draft-18 the wire carries End Group as a delta from the start group; this field is
 * always absolute.
 */
export type SubscriptionFilter =
	| { readonly type: typeof FilterType.NEXT_GROUP_START | typeof FilterType.LARGEST_OBJECT }
	| { readonly type: typeof FilterType.ABSOLUTE_START; readonly start: Location }
	| { readonly type: typeof FilterType.ABSOLUTE_RANGE; readonly start: Location; readonly endGroup: bigint };

/** Alias types of the Token structure (draft-14 §9.2.1.1 "AUTHORIZATION TOKEN"). */
export const TokenAliasType = {
	DELETE: 0x0,
	REGISTER: 0x1,
	USE_ALIAS: 0x2,
	USE_VALUE: 0x3,
} as const;
/** A Token alias type. */
export type TokenAliasType = (typeof TokenAliasType)[keyof typeof TokenAliasType];

/** An authorization Token structure, by alias type. */
export type AuthorizationToken =
	| { readonly aliasType: typeof TokenAliasType.DELETE | typeof TokenAliasType.USE_ALIAS; readonly alias: bigint }
	| {
			readonly aliasType: typeof TokenAliasType.REGISTER;
			readonly alias: bigint;
			readonly tokenType: bigint;
			readonly value: Uint8Array;
	  }
	| { readonly aliasType: typeof TokenAliasType.USE_VALUE; readonly tokenType: bigint; readonly value: Uint8Array };

/** Object Status values (draft-14 §10.2.1.1 "Object Status"; -19 §10.2.1.1). */
export const ObjectStatus = {
	NORMAL: 0x0,
	/** draft-14 only (removed in -15: a gap implies non-existence). */
	DOES_NOT_EXIST: 0x1,
	END_OF_GROUP: 0x3,
	END_OF_TRACK: 0x4,
} as const;
/** An Object Status value. */
export type ObjectStatus = (typeof ObjectStatus)[keyof typeof ObjectStatus];
