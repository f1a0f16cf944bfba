/**
 * fast-check arbitraries of the structures control messages share, per draft, generating only
 * values the draft can carry:
 *
 * - integers up to 2^62-1 (QUIC varints, drafts ≤ 16) or 2^64-1 (MoQT vi64, -17+), spread over
 *   every encoded size class and hitting the class boundaries;
 * - Track Namespaces within the field and byte limits (1–32 fields in -14, where a field may be
 *   empty; non-empty fields from -16, whose prefixes and -17+ namespaces may have 0 fields) and
 *   Full Track Names within 4096 bytes;
 * - reason phrases and URIs as well-formed strings (valid UTF-8) up to their byte limits;
 * - subscription filters (ABSOLUTE_RANGE with End Group ≥ the start group), authorization tokens
 *   of every alias type, key-value pairs with the value shape their type parity demands, and the
 *   draft-19 Range Filters.
 *
 * @module
 */

import fc from "fast-check";
import type { RangeFilter, RangeFilterKind, ValueRange } from "../../src/filters.js";
import {
	type AuthorizationToken,
	FilterType,
	type KeyValuePair,
	type Location,
	type SubscriptionFilter,
	TokenAliasType,
	type TrackNamespace,
} from "../../src/types.js";
import { type Draft, draftInfo } from "../../src/version.js";

/** Largest QUIC varint (drafts 14 and 16). */
export const QUIC_MAX = (1n << 62n) - 1n;
/** Largest MoQT vi64 (drafts 17 and later). */
export const VI64_MAX = (1n << 64n) - 1n;

/** The largest integer the draft's variable-length encoding carries. */
export function maxVarint(draft: Draft): bigint {
	return draft >= 17 ? VI64_MAX : QUIC_MAX;
}

/** Records without null prototypes: decoders build plain objects, and toStrictEqual compares prototypes. */
export function record<T extends Record<string, unknown>>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }) {
	return fc.record(model, { noNullPrototype: true });
}

/** Like {@link record}, but every key may be absent (absent, never present as undefined). */
export function partial<T extends Record<string, unknown>>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }) {
	return fc.record(model, { requiredKeys: [], noNullPrototype: true });
}

// The first value of each encoded length, per encoding: QUIC 1/2/4/8 bytes, vi64 1..9 bytes.
const QUIC_CLASSES = [0n, 1n << 6n, 1n << 14n, 1n << 30n];
const VI64_CLASSES = [0n, 1n << 7n, 1n << 14n, 1n << 21n, 1n << 28n, 1n << 35n, 1n << 42n, 1n << 49n, 1n << 56n];

/**
 * Non-negative bigints up to `max` (default: the draft's largest integer): uniform over the
 * encoded size classes, so 8- and 9-byte integers are as common as 1-byte ones, plus the values
 * on each side of every class boundary and `max` itself.
 */
export function varint(draft: Draft, max: bigint = maxVarint(draft)): fc.Arbitrary<bigint> {
	const starts = (draft >= 17 ? VI64_CLASSES : QUIC_CLASSES).filter((s) => s <= max);
	const classes = starts.map((lo, i) => {
		const next = starts[i + 1];
		const hi = next === undefined ? max : next - 1n;
		return fc.bigInt({ min: lo, max: hi });
	});
	const edges = [...new Set(starts.flatMap((s) => [s, s - 1n]).filter((v) => v >= 0n)), max];
	return fc.oneof({ weight: 4, arbitrary: fc.oneof(...classes) }, { weight: 1, arbitrary: fc.constantFrom(...edges) });
}

/** Non-negative safe numbers (error and status codes), over the size classes up to 2^53-1. */
export function safeNumber(draft: Draft): fc.Arbitrary<number> {
	return varint(draft, BigInt(Number.MAX_SAFE_INTEGER)).map(Number);
}

/** An 8-bit value. */
export const u8 = fc.integer({ min: 0, max: 255 });

/**
 * Byte strings of `min` to `max` bytes, filled from a generated seed (xorshift32): cheap for
 * the kilobyte sizes that fill a namespace or a track name, where generating every byte would
 * dominate the run time.
 */
export function seededBytes(min: number, max: number): fc.Arbitrary<Uint8Array> {
	return fc.tuple(fc.integer({ min, max }), fc.integer({ min: 1, max: 0x7fffffff })).map(([n, seed]) => {
		const out = new Uint8Array(n);
		let x = seed;
		for (let i = 0; i < n; i++) {
			x ^= x << 13;
			x ^= x >>> 17;
			x ^= x << 5;
			out[i] = x & 0xff;
		}
		return out;
	});
}

/**
 * Byte values (tokens, key-value pairs): mostly short, sometimes long enough that their length
 * prefix takes two bytes (≥ 64 in a QUIC varint, ≥ 128 in a vi64).
 */
export function byteString(): fc.Arbitrary<Uint8Array> {
	return fc.oneof(
		{ weight: 5, arbitrary: fc.uint8Array({ maxLength: 16 }) },
		{ weight: 1, arbitrary: seededBytes(17, 300) },
	);
}

const encoder = new TextEncoder();

/** The UTF-8 length of a string. */
export function utf8Length(s: string): number {
	return encoder.encode(s).length;
}

/** The longest prefix of `s`, by code point, that fits `maxBytes` of UTF-8. */
function truncateUtf8(s: string, maxBytes: number): string {
	let bytes = 0;
	let out = "";
	for (const ch of s) {
		const n = utf8Length(ch);
		if (bytes + n > maxBytes) break;
		bytes += n;
		out += ch;
	}
	return out;
}

/**
 * One Unicode scalar value (any code point but the surrogates), as likely to take 1, 2, 3 or 4
 * bytes of UTF-8. (fast-check's "binary" unit, mostly 3-byte characters, also takes a second to set up.)
 */
const scalar = fc
	.oneof(
		fc.integer({ min: 0, max: 0x7f }),
		fc.integer({ min: 0x80, max: 0x7ff }),
		fc.oneof(fc.integer({ min: 0x800, max: 0xd7ff }), fc.integer({ min: 0xe000, max: 0xffff })),
		fc.integer({ min: 0x10000, max: 0x10ffff }),
	)
	.map((cp) => String.fromCodePoint(cp));
const SCALARS_24 = fc.array(scalar, { maxLength: 24 }).map((cs) => cs.join(""));
const SCALARS_16 = fc.array(scalar, { maxLength: 16 }).map((cs) => cs.join(""));

/**
 * Well-formed strings (any code point but lone surrogates, so valid UTF-8) of at most `maxBytes`
 * UTF-8 bytes: mostly short, sometimes exactly `maxBytes` (multi-byte characters padded with
 * ASCII to the limit).
 */
export function utf8String(maxBytes: number): fc.Arbitrary<string> {
	const short = SCALARS_24.map((s) => truncateUtf8(s, maxBytes));
	const full = SCALARS_16.map((s) => {
		const head = truncateUtf8(s, maxBytes);
		return head + "x".repeat(maxBytes - utf8Length(head));
	});
	return fc.oneof({ weight: 6, arbitrary: short }, { weight: 1, arbitrary: full });
}

/** A Reason Phrase: valid UTF-8, at most 1024 bytes. */
export const reasonPhrase = utf8String(1024);

/** A URI (GOAWAY New Session URI, Redirect Connect URI): valid UTF-8, at most 8192 bytes. */
export const uri = utf8String(8192);

/** Options of {@link trackNamespace}. */
export interface NamespaceOptions {
	/** A namespace prefix or suffix: 0 fields allowed from draft-16 (from -17 for any namespace). */
	readonly prefix?: boolean;
}

/** Fewest fields a namespace may have in a draft. */
export function minNamespaceFields(draft: Draft, prefix: boolean): number {
	if (draft >= 17) return 0;
	return prefix && draft >= 16 ? 0 : 1;
}

const MAX_FIELDS = 32;
const MAX_NAME_BYTES = 4096;

/**
 * A Track Namespace the draft accepts: its field count, non-empty fields from -16, and at most
 * 4096 bytes. Mostly a few short fields; sometimes exactly 32 fields, or one field that fills
 * the byte limit.
 */
export function trackNamespace(draft: Draft, options?: NamespaceOptions): fc.Arbitrary<TrackNamespace> {
	const minFields = minNamespaceFields(draft, options?.prefix === true);
	const minFieldLength = draft >= 16 ? 1 : 0;
	const field = (max: number) => fc.uint8Array({ minLength: minFieldLength, maxLength: max });
	const few = fc.array(field(12), { minLength: minFields, maxLength: 4 });
	const many = fc.array(field(8), { minLength: MAX_FIELDS - 2, maxLength: MAX_FIELDS });
	// One big field plus up to two small ones, within the byte limit.
	const big = fc
		.tuple(seededBytes(MAX_NAME_BYTES - 64, MAX_NAME_BYTES), fc.array(field(16), { maxLength: 2 }))
		.map(([bigField, rest]) => {
			const used = rest.reduce((s, f) => s + f.length, 0);
			return [bigField.subarray(0, Math.max(minFieldLength, bigField.length - used)).slice(), ...rest];
		});
	return fc.oneof({ weight: 12, arbitrary: few }, { weight: 1, arbitrary: many }, { weight: 1, arbitrary: big });
}

/** The bytes a namespace adds to a Full Track Name. */
export function namespaceBytes(ns: TrackNamespace): number {
	return ns.reduce((s, f) => s + f.length, 0);
}

/** A Track Name that keeps the Full Track Name within 4096 bytes: short, or filling the rest. */
export function trackName(ns: TrackNamespace): fc.Arbitrary<Uint8Array> {
	const room = MAX_NAME_BYTES - namespaceBytes(ns);
	return fc.oneof(
		{ weight: 8, arbitrary: fc.uint8Array({ maxLength: Math.min(16, room) }) },
		{ weight: 1, arbitrary: seededBytes(room, room) },
	);
}

/** A Track Namespace and a Track Name that fit together. */
export function fullTrackName(
	draft: Draft,
	options?: NamespaceOptions,
): fc.Arbitrary<{ trackNamespace: TrackNamespace; trackName: Uint8Array }> {
	return trackNamespace(draft, options).chain((ns) =>
		trackName(ns).map((name) => ({ trackNamespace: ns, trackName: name })),
	);
}

/** A Location. */
export function location(draft: Draft): fc.Arbitrary<Location> {
	return record<{ group: bigint; object: bigint }>({ group: varint(draft), object: varint(draft) });
}

/**
 * A Subscription / Location Filter of one of `types` (default: all four). ABSOLUTE_RANGE has
 * End Group ≥ the start group and ≤ `maxEndGroup` (default: the draft's largest integer).
 */
export function subscriptionFilter(
	draft: Draft,
	types: readonly FilterType[] = [
		FilterType.NEXT_GROUP_START,
		FilterType.LARGEST_OBJECT,
		FilterType.ABSOLUTE_START,
		FilterType.ABSOLUTE_RANGE,
	],
	maxEndGroup: bigint = maxVarint(draft),
): fc.Arbitrary<SubscriptionFilter> {
	const arbs: fc.Arbitrary<SubscriptionFilter>[] = [];
	for (const type of types) {
		if (type === FilterType.NEXT_GROUP_START || type === FilterType.LARGEST_OBJECT) {
			arbs.push(fc.constant({ type }));
		} else if (type === FilterType.ABSOLUTE_START) {
			arbs.push(location(draft).map((start) => ({ type, start })));
		} else {
			const start = fc.tuple(varint(draft, maxEndGroup), varint(draft)).map(([group, object]) => ({ group, object }));
			arbs.push(
				start.chain((s) =>
					fc
						.oneof(fc.constant(0n), varint(draft, maxEndGroup - s.group), fc.constant(maxEndGroup - s.group))
						.map((delta) => ({ type, start: s, endGroup: s.group + delta })),
				),
			);
		}
	}
	return fc.oneof(...arbs);
}

/** An authorization Token of any alias type, with integers and a value the draft can carry. */
export function authorizationToken(draft: Draft): fc.Arbitrary<AuthorizationToken> {
	const value = byteString();
	return fc.oneof(
		fc
			.tuple(fc.constantFrom(TokenAliasType.DELETE, TokenAliasType.USE_ALIAS), varint(draft))
			.map(([aliasType, alias]) => ({ aliasType, alias })),
		fc
			.tuple(varint(draft), varint(draft), value)
			.map(([alias, tokenType, v]) => ({ aliasType: TokenAliasType.REGISTER, alias, tokenType, value: v })),
		fc
			.tuple(varint(draft), value)
			.map(([tokenType, v]) => ({ aliasType: TokenAliasType.USE_VALUE, tokenType, value: v })),
	);
}

/**
 * A key-value pair whose type is one of `types`: an integer value for an even type, bytes for an
 * odd one (at most 300: the 65535-byte limit does not fit a control message with others anyway).
 */
export function keyValuePair(draft: Draft, types: fc.Arbitrary<bigint>): fc.Arbitrary<KeyValuePair> {
	return types.chain(
		(type): fc.Arbitrary<KeyValuePair> =>
			(type & 1n) === 0n
				? varint(draft).map((value) => ({ type, value }))
				: byteString().map((value) => ({ type, value })),
	);
}

/**
 * Ascending key-value pair types built as the wire builds them, from deltas the draft's integers
 * carry (the first type at least `minFirst`), up to 2^64-1 from -16 (2^62-1 in -14, where types
 * are absolute): in -16 the deltas are
 * QUIC varints but "the previous Type value plus the Delta Type MUST NOT be greater than
 * 2^64 - 1" (draft-16 §1.4.2), so types past 2^62 are reachable there too. A delta of 0
 * repeats a type.
 */
export function typesFromDeltas(draft: Draft, maxLength: number, minFirst = 0n): fc.Arbitrary<bigint[]> {
	// draft-14 types are absolute, each a QUIC varint.
	const maxType = draftInfo(draft).deltaKeyValuePairs ? VI64_MAX : maxVarint(draft);
	const first = varint(draft, maxVarint(draft) - minFirst).map((t) => t + minFirst);
	return fc.tuple(first, fc.array(varint(draft), { maxLength })).map(([start, deltas]) => {
		const types: bigint[] = [start];
		let type = start;
		for (const delta of deltas) {
			type += delta;
			if (type > maxType) break;
			types.push(type);
		}
		return types;
	});
}

/** One pair of each given type, in that order. */
export function pairsOfTypes(draft: Draft, types: readonly bigint[]): fc.Arbitrary<KeyValuePair[]> {
	return fc.tuple(...types.map((t) => keyValuePair(draft, fc.constant(t))));
}

/**
 * Track Extensions / Properties (draft-16+): in any order with repeated types (small types
 * mostly, so that repeats happen; ≤ 2^62-1 in -16, where the first type is its own QUIC-varint
 * delta), or ascending from deltas up to 2^64-1.
 */
export function trackProperties(draft: Draft): fc.Arbitrary<KeyValuePair[]> {
	const type = fc.oneof(
		{ weight: 3, arbitrary: fc.bigInt({ min: 0n, max: 12n }) },
		{ weight: 1, arbitrary: varint(draft) },
	);
	return fc.oneof(
		{ weight: 3, arbitrary: fc.array(keyValuePair(draft, type), { maxLength: 6 }) },
		{ weight: 1, arbitrary: typesFromDeltas(draft, 5).chain((types) => pairsOfTypes(draft, types)) },
	);
}

/** A list of `item`: mostly up to 3 long, sometimes 64 to 70 (a count that takes two bytes). */
export function shortOrLong<T>(item: fc.Arbitrary<T>, minLength = 1): fc.Arbitrary<T[]> {
	return fc.oneof(
		{ weight: 12, arbitrary: fc.array(item, { minLength, maxLength: 3 }) },
		{ weight: 1, arbitrary: fc.array(item, { minLength: 64, maxLength: 70 }) },
	);
}

/** A stable sort of key-value pairs by type: the wire order of delta-typed drafts (≥ 16). */
export function sortedByType<T extends { readonly type: bigint }>(pairs: readonly T[]): T[] {
	return [...pairs].sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
}

const PROPERTY_KINDS: readonly number[] = [0x28, 0x29];

/**
 * Ascending value ranges built from deltas (as the wire encodes them), every value ≤ 2^64-1;
 * the last range may be open-ended.
 */
function valueRanges(): fc.Arbitrary<ValueRange[]> {
	const delta = varint(19);
	const small = fc.bigInt({ min: 0n, max: 300n });
	const d = fc.oneof({ weight: 3, arbitrary: small }, { weight: 1, arbitrary: delta });
	return fc.tuple(fc.array(fc.tuple(d, d), { maxLength: 8 }), fc.boolean()).map(([deltas, openEnd]) => {
		const ranges: ValueRange[] = [];
		let prev = 0n;
		for (const [i, [ds, de]] of deltas.entries()) {
			const start = prev + ds;
			if (start > VI64_MAX) break;
			if (openEnd && i === deltas.length - 1) {
				ranges.push({ start });
				break;
			}
			const end = start + de;
			if (end > VI64_MAX) break;
			ranges.push({ start, end });
			prev = end;
		}
		return ranges;
	});
}

/**
 * A draft-19 Range Filter of one of `kinds`: the empty filter (no SetID, no ranges: "remove"
 * in REQUEST_UPDATE), or a SetID, a Property Type for the two property kinds, and ranges.
 */
export function rangeFilter(kinds: readonly RangeFilterKind[]): fc.Arbitrary<RangeFilter> {
	return fc.constantFrom(...kinds).chain((kind): fc.Arbitrary<RangeFilter> => {
		const empty = fc.constant({ kind, ranges: [] });
		const full = PROPERTY_KINDS.includes(kind)
			? fc
					.tuple(
						u8,
						varint(19).map((t) => t & ~1n),
						valueRanges(),
					)
					.map(([setId, propertyType, ranges]) => ({ kind, setId, propertyType, ranges }))
			: fc.tuple(u8, valueRanges()).map(([setId, ranges]) => ({ kind, setId, ranges }));
		return fc.oneof({ weight: 1, arbitrary: empty }, { weight: 4, arbitrary: full });
	});
}
