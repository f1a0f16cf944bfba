/**
 * Key-Value-Pair sequences (draft-ietf-moq-transport-14 §1.4.2, -16/-18/-19 "Key-Value-Pair
 * Structure"): an even type carries one integer, an odd type a length (at most 65535) and bytes.
 * From draft-16 each type is a delta from the previous one (the first from 0), so a sequence is
 * sorted by type; a sum past 2^64-1 is a PROTOCOL_VIOLATION.
 *
 * Used for setup parameters / options, draft-14 and -16 message parameters, object extension
 * headers / properties and track extensions / properties.
 *
 * @module
 */

import type { Codec } from "./codec.js";
import { TerminationCode, WireError } from "./errors.js";
import type { Reader } from "./reader.js";
import type { KeyValuePair } from "./types.js";
import type { Writer } from "./writer.js";

const U64_MAX = (1n << 64n) - 1n;
const MAX_VALUE_LENGTH = 0xffff;

/** Where a KVP sequence ends: after a count of pairs, or at a byte offset. */
export type KeyValueBound = { readonly count: number } | { readonly end: number };

/** Reads one key-value pair whose type is `prevType` + the delta read (or absolute, up to -14). */
export function readKeyValuePair(r: Reader, c: Codec, prevType: bigint): KeyValuePair {
	const at = r.pos;
	let type = r.varintBig();
	if (c.info.deltaKeyValuePairs) {
		type += prevType;
		if (type > U64_MAX) throw new WireError("invalid-value", "key-value pair type delta overflows", { offset: at });
	}
	if ((type & 1n) === 0n) return { type, value: r.varintBig() };
	const lenAt = r.pos;
	const len = r.varint();
	if (len > MAX_VALUE_LENGTH) {
		throw new WireError("too-large", "key-value pair value exceeds 65535 bytes", { offset: lenAt });
	}
	return { type, value: r.bytes(len) };
}

/** Reads a KVP sequence bounded by a count or an end offset, at most `max` pairs. */
export function readKeyValuePairs(r: Reader, c: Codec, bound: KeyValueBound, max: number): KeyValuePair[] {
	const pairs: KeyValuePair[] = [];
	let prev = 0n;
	if ("count" in bound) {
		if (bound.count > max) throw new WireError("too-large", `${bound.count} key-value pairs exceed the limit`);
		for (let i = 0; i < bound.count; i++) {
			const kv = readKeyValuePair(r, c, prev);
			prev = kv.type;
			pairs.push(kv);
		}
		return pairs;
	}
	const savedEnd = r.end;
	if (bound.end > savedEnd) throw new WireError("malformed", "key-value pairs run past their container");
	r.end = bound.end;
	try {
		while (r.pos < bound.end) {
			if (pairs.length === max) throw new WireError("too-large", "too many key-value pairs", { offset: r.pos });
			const kv = readKeyValuePair(r, c, prev);
			prev = kv.type;
			pairs.push(kv);
		}
	} finally {
		r.end = savedEnd;
	}
	return pairs;
}

/**
 * Checks a pair against the shape its type parity demands, for pairs built by hand: an even
 * type needs an integer value and an odd type bytes.
 */
function checkPair(kv: KeyValuePair): void {
	const even = (kv.type & 1n) === 0n;
	if (even !== (typeof kv.value === "bigint")) {
		throw new WireError(
			"invalid-value",
			`key-value pair type ${kv.type} needs ${even ? "an integer" : "a byte"} value`,
			{
				terminationCode: TerminationCode.KEY_VALUE_FORMATTING_ERROR,
			},
		);
	}
	if (!even && (kv.value as Uint8Array).length > MAX_VALUE_LENGTH) {
		throw new WireError("too-large", "key-value pair value exceeds 65535 bytes");
	}
}

/** The pairs in wire order: as given up to -14, sorted by type (stable) from -16. */
export function wireOrder(c: Codec, pairs: readonly KeyValuePair[]): readonly KeyValuePair[] {
	if (!c.info.deltaKeyValuePairs) return pairs;
	for (let i = 1; i < pairs.length; i++) {
		if (pairs[i]!.type < pairs[i - 1]!.type) {
			return [...pairs].sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
		}
	}
	return pairs;
}

/** Writes pairs (no count or length prefix), delta-encoding types where the draft does. */
export function writeKeyValuePairs(w: Writer, c: Codec, pairs: readonly KeyValuePair[]): void {
	let prev = 0n;
	for (const kv of wireOrder(c, pairs)) {
		checkPair(kv);
		w.varint(c.info.deltaKeyValuePairs ? kv.type - prev : kv.type);
		prev = kv.type;
		if (typeof kv.value === "bigint") w.varint(kv.value);
		else w.lengthPrefixed(kv.value);
	}
}
