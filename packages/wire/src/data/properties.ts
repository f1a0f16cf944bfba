/**
 * Object extension headers (draft-14, -16) / Object Properties (-18, -19): a byte length followed
 * by Key-Value-Pairs, absolute types in -14 and delta types from -16 (draft-ietf-moq-transport-14
 * §10.2.1.2 "Object Extension Header", -16 §10.2.1.2 "Object Extension Headers", -18/-19 §11.2.1.2
 * "Object Properties"), and the object properties every draft defines:
 *
 * - Immutable Extensions / Properties (type 0x0B; -14 §11.2, -16 §11.1, -18/-19 §12.7): an odd
 *   type whose value is itself a Key-Value-Pair sequence. Relays must forward it unchanged, and
 *   -19 adds that "the serialization (e.g. variable-length integer encodings) ... MUST NOT change".
 *   The decoders keep its value as the raw bytes received and the encoders write those bytes back
 *   verbatim; {@link readImmutableProperties} looks inside. Only between drafts whose Key-Value-Pair
 *   encodings differ (-14 absolute QUIC varints, -16 delta QUIC varints, -18/-19 delta vi64) must a
 *   relay re-encode them: {@link propertiesForDraft}.
 * - Prior Group ID Gap (0x3C) and Prior Object ID Gap (0x3E) (-14 §11.1/§11.3, -16 §11.2/§11.3,
 *   -18/-19 §12.8/§12.9): {@link priorGroupIdGap}, {@link priorObjectIdGap}.
 *
 * A malformed Immutable Properties value, a duplicated gap or a gap past its ID make the *track*
 * malformed (a subscription-level error), not the session, so the decoders leave those checks to
 * these helpers and the caller.
 *
 * @module
 */

import { type Codec, codecFor } from "../codec.js";
import { TerminationCode, WireError } from "../errors.js";
import { readKeyValuePairs, writeKeyValuePairs } from "../kvp.js";
import { Reader, SHORT } from "../reader.js";
import type { KeyValuePair } from "../types.js";
import type { Draft } from "../version.js";
import { varintLength, Writer } from "../writer.js";
import type { MoqtObject } from "./object.js";

/** Object property (extension header) types defined in every supported draft. */
export const ObjectPropertyType = {
	/** Immutable Extensions (-14, -16) / IMMUTABLE_PROPERTIES (-18, -19). */
	IMMUTABLE_PROPERTIES: 0x0bn,
	PRIOR_GROUP_ID_GAP: 0x3cn,
	PRIOR_OBJECT_ID_GAP: 0x3en,
} as const;

/** Where a decoder learns how many bytes a SHORT read was missing. */
export interface NeedHint {
	/** Absolute reader offset that must be readable before a retry can succeed; 0 when unknown. */
	need: number;
}

/**
 * Reads a properties block (Length, then that many bytes of Key-Value-Pairs). Returns `undefined`
 * for an empty block. Throws SHORT, with `hint.need` set, while the block is incomplete.
 */
export function readProperties(r: Reader, c: Codec, hint: NeedHint): KeyValuePair[] | undefined {
	const lengthAt = r.pos;
	const length = r.varint();
	if (length > c.limits.maxPropertiesBytes) {
		throw new WireError("too-large", `${length} bytes of object properties exceed the limit`, { offset: lengthAt });
	}
	if (length === 0) return undefined;
	if (length > r.end - r.pos) {
		hint.need = r.pos + length;
		throw SHORT;
	}
	return readPairsIn(r, c, r.pos + length);
}

// Reads the pairs of a block known to be complete: a pair running past the block is malformed.
function readPairsIn(r: Reader, c: Codec, end: number): KeyValuePair[] {
	const start = r.pos;
	try {
		// No more pairs than bytes: the byte limit bounds the count.
		return readKeyValuePairs(r, c, { end }, end - start);
	} catch (e) {
		if (e !== SHORT) throw e;
		throw new WireError("malformed", "a key-value pair runs past its properties block", {
			offset: start,
			terminationCode: TerminationCode.KEY_VALUE_FORMATTING_ERROR,
		});
	}
}

/** Writes a properties block: its byte length, then the pairs (delta-typed from -16). */
export function writeProperties(w: Writer, c: Codec, properties: readonly KeyValuePair[] | undefined): void {
	if (properties === undefined || properties.length === 0) {
		w.varint(0);
		return;
	}
	// Reserve one byte for the length, write the pairs, then widen the length field if needed.
	const lengthAt = w.pos;
	w.u8(0);
	writeKeyValuePairs(w, c, properties);
	const length = w.pos - lengthAt - 1;
	if (length > c.limits.maxPropertiesBytes) {
		w.pos = lengthAt;
		throw new WireError("too-large", `${length} bytes of object properties exceed the limit`);
	}
	const width = varintLength(length, c.moqtVarint);
	if (width > 1) {
		w.ensure(width - 1);
		w.buf.copyWithin(lengthAt + width, lengthAt + 1, w.pos);
	}
	const end = w.pos + width - 1;
	w.pos = lengthAt;
	w.varint(length);
	w.pos = end;
}

function codec(draft: Draft | Codec): Codec {
	return typeof draft === "number" ? codecFor(draft) : draft;
}

/**
 * Parses the value of an Immutable Extensions / Properties pair (a Key-Value-Pair sequence in the
 * draft's encoding). Throws a {@link WireError} "malformed" when a pair cannot be parsed or when it
 * nests another Immutable Properties pair: both make the track malformed.
 */
export function readImmutableProperties(value: Uint8Array, draft: Draft | Codec): KeyValuePair[] {
	const c = codec(draft);
	const r = new Reader(value, c.moqtVarint);
	let pairs: KeyValuePair[];
	try {
		pairs = readPairsIn(r, c, value.length);
	} catch (e) {
		throw new WireError("malformed", `Immutable Properties cannot be parsed: ${(e as Error).message}`, { cause: e });
	}
	for (const kv of pairs) {
		if (kv.type === ObjectPropertyType.IMMUTABLE_PROPERTIES) {
			throw new WireError("malformed", "Immutable Properties nest another Immutable Properties pair");
		}
	}
	return pairs;
}

/** Encodes the value of an Immutable Extensions / Properties pair for the original publisher. */
export function encodeImmutableProperties(pairs: readonly KeyValuePair[], draft: Draft | Codec): Uint8Array {
	const c = codec(draft);
	for (const kv of pairs) {
		if (kv.type === ObjectPropertyType.IMMUTABLE_PROPERTIES) {
			throw new WireError("invalid-value", "Immutable Properties cannot nest another Immutable Properties pair");
		}
	}
	const w = new Writer(64, c.moqtVarint);
	writeKeyValuePairs(w, c, pairs);
	return w.finish();
}

/** The Key-Value-Pair encoding of a draft: the varint family and whether types are deltas. */
function kvpEncoding(c: Codec): number {
	return (c.moqtVarint ? 2 : 0) + (c.info.deltaKeyValuePairs ? 1 : 0);
}

/**
 * Object properties decoded in draft `from`, ready to encode in draft `to`. Returns the same
 * array when both drafts encode Key-Value-Pairs alike (the same draft, or -18 and -19), so
 * Immutable Properties bytes go out exactly as they came in. Otherwise the Immutable Properties
 * value is re-encoded, which is unavoidable: its nested pairs are in the old draft's encoding.
 */
export function propertiesForDraft(
	properties: readonly KeyValuePair[] | undefined,
	from: Draft,
	to: Draft,
): readonly KeyValuePair[] | undefined {
	if (properties === undefined) return undefined;
	const cf = codecFor(from);
	const ct = codecFor(to);
	if (kvpEncoding(cf) === kvpEncoding(ct)) return properties;
	return properties.map((kv) =>
		kv.type === ObjectPropertyType.IMMUTABLE_PROPERTIES && kv.value instanceof Uint8Array
			? { type: kv.type, value: encodeImmutableProperties(readImmutableProperties(kv.value, cf), ct) }
			: kv,
	);
}

/**
 * The single value of an integer property, searching the mutable properties and the contents of
 * Immutable Properties (-19 §12.7: "processors MUST search both"). Throws "malformed" when the
 * object carries it more than once.
 */
function singleIntegerProperty(o: MoqtObject, type: bigint, c: Codec, name: string): bigint | undefined {
	let found: bigint | undefined;
	const visit = (pairs: readonly KeyValuePair[]) => {
		for (const kv of pairs) {
			if (kv.type !== type) continue;
			if (found !== undefined) throw new WireError("malformed", `an object carries ${name} more than once`);
			found = kv.value as bigint; // an even type always carries an integer
		}
	};
	const props = o.properties ?? [];
	visit(props);
	for (const kv of props) {
		if (kv.type === ObjectPropertyType.IMMUTABLE_PROPERTIES && kv.value instanceof Uint8Array) {
			visit(readImmutableProperties(kv.value, c));
		}
	}
	return found;
}

/**
 * The object's Prior Group ID Gap: how many groups before its group never exist. `undefined` when
 * absent. Throws "malformed" (a malformed track) when it appears twice or exceeds the Group ID.
 */
export function priorGroupIdGap(o: MoqtObject, draft: Draft | Codec): bigint | undefined {
	const gap = singleIntegerProperty(o, ObjectPropertyType.PRIOR_GROUP_ID_GAP, codec(draft), "Prior Group ID Gap");
	if (gap !== undefined && gap > o.groupId) {
		throw new WireError("malformed", `Prior Group ID Gap ${gap} exceeds Group ID ${o.groupId}`);
	}
	return gap;
}

/**
 * The object's Prior Object ID Gap: how many objects before it in its group never exist.
 * `undefined` when absent. Throws "malformed" (a malformed track) when it appears twice or
 * exceeds the Object ID.
 */
export function priorObjectIdGap(o: MoqtObject, draft: Draft | Codec): bigint | undefined {
	const gap = singleIntegerProperty(o, ObjectPropertyType.PRIOR_OBJECT_ID_GAP, codec(draft), "Prior Object ID Gap");
	if (gap !== undefined && gap > o.objectId) {
		throw new WireError("malformed", `Prior Object ID Gap ${gap} exceeds Object ID ${o.objectId}`);
	}
	return gap;
}
