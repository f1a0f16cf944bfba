/**
 * SUBGROUP_HEADER, the start of a subgroup stream (draft-ietf-moq-transport-14 §10.4.2, -16
 * §10.4.2, -18 §11.4.2, -19 §11.4.2 "Subgroup Header"):
 *
 * ```
 * SUBGROUP_HEADER { Type (i), Track Alias (i), Group ID (i), [Subgroup ID (i)], [Publisher Priority (8)] }
 * ```
 *
 * The type is a set of flags, `0b0XX1XXXX`:
 *
 * | bit  | name             | drafts | meaning                                                    |
 * |------|------------------|--------|------------------------------------------------------------|
 * | 0x01 | EXTENSIONS / PROPERTIES | all | every object carries a properties block            |
 * | 0x06 | SUBGROUP_ID_MODE | all    | 0: ID 0; 1: ID = first Object ID; 2: explicit; 3: invalid  |
 * | 0x08 | END_OF_GROUP     | all    | the subgroup holds the group's last object (known at FIN)  |
 * | 0x10 | (always 1)       | all    | marks a subgroup stream                                    |
 * | 0x20 | DEFAULT_PRIORITY | -16+   | no Publisher Priority byte: inherit the subscription's     |
 * | 0x40 | FIRST_OBJECT     | -17+   | the first object here is the subgroup's first object       |
 *
 * Valid types: -14 0x10–0x15 and 0x18–0x1D; -16 adds 0x30–0x35 and 0x38–0x3D; -18/-19 add
 * 0x50–0x55, 0x58–0x5D, 0x70–0x75 and 0x78–0x7D. Any other type is a PROTOCOL_VIOLATION. (-18
 * writes the type as "(i)" where every other field is "(vi64)"; it is the stream type, a vi64 like
 * all of -18's integers.)
 *
 * @module
 */

import type { Codec } from "../codec.js";
import { WireError } from "../errors.js";
import type { Reader } from "../reader.js";
import type { Writer } from "../writer.js";

/** The flag bits of a SUBGROUP_HEADER type. */
export const SubgroupHeaderFlag = {
	/** EXTENSIONS (-14, -16) / PROPERTIES (-18+): every object has a properties block. */
	PROPERTIES: 0x01,
	/** The two-bit SUBGROUP_ID_MODE field. */
	SUBGROUP_ID_MODE: 0x06,
	END_OF_GROUP: 0x08,
	/** Always set in a subgroup header type. */
	SUBGROUP: 0x10,
	/** draft-16+. */
	DEFAULT_PRIORITY: 0x20,
	/** draft-17+. */
	FIRST_OBJECT: 0x40,
} as const;

/** How a subgroup header gives its Subgroup ID (SUBGROUP_ID_MODE). */
export const SubgroupIdMode = {
	/** 0b00: no field, the Subgroup ID is 0. */
	ZERO: 0,
	/** 0b01: no field, the Subgroup ID is the first object's Object ID. */
	FIRST_OBJECT_ID: 1,
	/** 0b10: the Subgroup ID field is present. */
	EXPLICIT: 2,
} as const;
/** A SUBGROUP_ID_MODE value. */
export type SubgroupIdMode = (typeof SubgroupIdMode)[keyof typeof SubgroupIdMode];

/** SUBGROUP_HEADER. */
export interface SubgroupHeader {
	readonly type: "SUBGROUP_HEADER";
	readonly trackAlias: bigint;
	readonly groupId: bigint;
	/**
	 * How the Subgroup ID is given. When encoding and absent: ZERO for Subgroup ID 0, EXPLICIT for
	 * any other value, FIRST_OBJECT_ID when `subgroupId` is absent too.
	 */
	readonly subgroupIdMode?: SubgroupIdMode;
	/**
	 * The Subgroup ID: 0 in ZERO mode, the field in EXPLICIT mode; in FIRST_OBJECT_ID mode it is
	 * unknown until the first object arrives (the decoded objects carry it).
	 */
	readonly subgroupId?: bigint;
	/** Absent when the header uses DEFAULT_PRIORITY (-16+). */
	readonly publisherPriority?: number;
	/** Every object carries a properties block (the EXTENSIONS / PROPERTIES bit). */
	readonly hasProperties: boolean;
	/** END_OF_GROUP: the last object before FIN is the group's last object. */
	readonly endOfGroup: boolean;
	/** FIRST_OBJECT (-17+): the first object on this stream is the subgroup's first. */
	readonly firstObject?: boolean;
}

/** True when `type` is a SUBGROUP_HEADER type of the draft. */
export function isSubgroupHeaderType(type: number, c: Codec): boolean {
	// Bits a draft does not define: 0x20 and up in -14, 0x40 and up in -16, 0x80 and up later.
	const undefinedBits = c.draft === 14 ? ~0x1f : c.draft === 16 ? ~0x3f : ~0x7f;
	return type >= 0 && type < 0x80 && (type & undefinedBits) === 0 && (type & 0x10) !== 0 && (type & 0x06) !== 0x06;
}

/** Every SUBGROUP_HEADER type of the draft, ascending. */
export function subgroupHeaderTypes(c: Codec): number[] {
	const out: number[] = [];
	for (let t = 0; t < 0x80; t++) if (isSubgroupHeaderType(t, c)) out.push(t);
	return out;
}

/** The type code that encodes a header in the draft; throws when the draft cannot carry it. */
export function subgroupHeaderType(h: SubgroupHeader, c: Codec): number {
	const mode = h.subgroupIdMode ?? (h.subgroupId === undefined ? 1 : h.subgroupId === 0n ? 0 : 2);
	if (mode !== 0 && mode !== 1 && mode !== 2) {
		throw new WireError("invalid-value", `SUBGROUP_ID_MODE ${String(mode)} is reserved`);
	}
	if (mode === 0 && h.subgroupId !== undefined && h.subgroupId !== 0n) {
		throw new WireError("invalid-value", "SUBGROUP_ID_MODE ZERO needs Subgroup ID 0");
	}
	if (mode === 2 && h.subgroupId === undefined) {
		throw new WireError("invalid-value", "SUBGROUP_ID_MODE EXPLICIT needs a Subgroup ID");
	}
	let type = 0x10 | (mode << 1);
	if (h.hasProperties) type |= SubgroupHeaderFlag.PROPERTIES;
	if (h.endOfGroup) type |= SubgroupHeaderFlag.END_OF_GROUP;
	if (h.publisherPriority === undefined) {
		// draft-14 has no DEFAULT_PRIORITY bit and no default to fall back on.
		if (c.draft === 14) throw new WireError("invalid-value", "draft-14 SUBGROUP_HEADER needs a Publisher Priority");
		type |= SubgroupHeaderFlag.DEFAULT_PRIORITY;
	}
	if (h.firstObject === true) {
		if (c.draft < 17) throw new WireError("unsupported", `draft-${c.draft} has no FIRST_OBJECT flag`);
		type |= SubgroupHeaderFlag.FIRST_OBJECT;
	}
	return type;
}

/** Writes a SUBGROUP_HEADER (type included). */
export function writeSubgroupHeader(w: Writer, h: SubgroupHeader, c: Codec): void {
	const type = subgroupHeaderType(h, c);
	w.moqtVarint = c.moqtVarint;
	w.varint(type);
	w.varint(h.trackAlias);
	w.varint(h.groupId);
	if ((type & SubgroupHeaderFlag.SUBGROUP_ID_MODE) === SubgroupIdMode.EXPLICIT << 1) w.varint(h.subgroupId!);
	if (h.publisherPriority !== undefined) w.u8(h.publisherPriority);
}

/** Reads the fields after the type of a SUBGROUP_HEADER whose type is already validated. */
export function readSubgroupHeaderBody(r: Reader, type: number): SubgroupHeader {
	const trackAlias = r.varintBig();
	const groupId = r.varintBig();
	const mode = ((type & SubgroupHeaderFlag.SUBGROUP_ID_MODE) >> 1) as SubgroupIdMode;
	const subgroupId = mode === SubgroupIdMode.EXPLICIT ? r.varintBig() : mode === SubgroupIdMode.ZERO ? 0n : undefined;
	const publisherPriority = (type & SubgroupHeaderFlag.DEFAULT_PRIORITY) === 0 ? r.u8() : undefined;
	return {
		type: "SUBGROUP_HEADER",
		trackAlias,
		groupId,
		subgroupIdMode: mode,
		subgroupId,
		publisherPriority,
		hasProperties: (type & SubgroupHeaderFlag.PROPERTIES) !== 0,
		endOfGroup: (type & SubgroupHeaderFlag.END_OF_GROUP) !== 0,
		firstObject: (type & SubgroupHeaderFlag.FIRST_OBJECT) !== 0,
	};
}
