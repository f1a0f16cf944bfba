/**
 * QPACK field sections without a dynamic table (RFC 9204 §4.5).
 *
 * We advertise SETTINGS_QPACK_MAX_TABLE_CAPACITY 0, so the peer's encoder can only use the
 * static table and literals; any dynamic reference is a QPACK_DECOMPRESSION_FAILED connection
 * error. Our encoder never inserts, so it needs nothing from the peer's settings.
 *
 * Encoded Field Section (§4.5.1): Required Insert Count (8+), Sign + Delta Base (7+), then field
 * lines:
 *
 * | Pattern    | Representation (section)                              | Here             |
 * |------------|-------------------------------------------------------|------------------|
 * | `1T idx6+` | Indexed Field Line (§4.5.2)                           | T=1 only         |
 * | `0001 i4+` | Indexed Field Line with Post-Base Index (§4.5.3)       | rejected         |
 * | `01NT i4+` | Literal Field Line with Name Reference (§4.5.4)        | T=1 only         |
 * | `0000N i3+`| Literal Field Line with Post-Base Name Reference (§4.5.5) | rejected      |
 * | `001NH l3+`| Literal Field Line with Literal Name (§4.5.6)          | yes              |
 *
 * @module
 */

import { H3Error } from "./errors.js";
import {
	bytesToLatin1,
	decodePrefixedInt,
	decodeStringLiteral,
	encodePrefixedInt,
	encodeStringLiteral,
	type HuffmanMode,
	latin1ToBytes,
} from "./qpack-primitives.js";
import { QPACK_STATIC_TABLE, staticIndexOfField, staticIndexOfName } from "./qpack-static-table.js";
import { ByteReader, ByteWriter, SHORT } from "./varint.js";

/** One field line: a name and a value, as Latin-1 strings (one character per byte). */
export interface HeaderField {
	readonly name: string;
	readonly value: string;
}

/** Options of {@link encodeFieldSection}. */
export interface EncodeFieldSectionOptions {
	/** Huffman-code string literals: "auto" (default) when shorter, "always" or "never". */
	readonly huffman?: HuffmanMode;
}

/** The per-field overhead counted by the field section size limit (RFC 9114 §4.2.2). */
const FIELD_OVERHEAD = 32;

/** Encodes a field section using only the static table and literals. */
export function encodeFieldSection(fields: readonly HeaderField[], options?: EncodeFieldSectionOptions): Uint8Array {
	const huffman = options?.huffman ?? "auto";
	const w = new ByteWriter(128);
	// Required Insert Count 0, Sign 0, Delta Base 0: no dynamic table references.
	w.u8(0x00).u8(0x00);
	for (const { name, value } of fields) {
		const exact = staticIndexOfField(name, value);
		if (exact !== undefined) {
			encodePrefixedInt(w, exact, 6, 0b1100_0000);
			continue;
		}
		const valueBytes = latin1ToBytes(value);
		const nameIndex = staticIndexOfName(name);
		if (nameIndex !== undefined) {
			encodePrefixedInt(w, nameIndex, 4, 0b0101_0000);
		} else {
			encodeStringLiteral(w, latin1ToBytes(name), 3, 0b0010_0000, huffman);
		}
		encodeStringLiteral(w, valueBytes, 7, 0, huffman);
	}
	return w.finish().slice();
}

/** Options of {@link decodeFieldSection}. */
export interface DecodeFieldSectionOptions {
	/**
	 * The largest decoded size accepted, counted as in RFC 9114 §4.2.2 (name + value + 32 per
	 * field). Beyond it the section is refused with a stream error H3_EXCESSIVE_LOAD. Default 16 KiB.
	 */
	readonly maxFieldSectionSize?: number;
}

/** The default of {@link DecodeFieldSectionOptions.maxFieldSectionSize}. */
export const DEFAULT_MAX_FIELD_SECTION_SIZE = 16384;

/**
 * Decodes a complete field section (the payload of a HEADERS frame). Throws an {@link H3Error}:
 * QPACK_DECOMPRESSION_FAILED (connection) for truncated or malformed input and for any
 * dynamic-table reference; H3_EXCESSIVE_LOAD (stream) when the size limit is passed.
 */
export function decodeFieldSection(block: Uint8Array, options?: DecodeFieldSectionOptions): HeaderField[] {
	const limit = options?.maxFieldSectionSize ?? DEFAULT_MAX_FIELD_SECTION_SIZE;
	const r = new ByteReader(block);
	const fields: HeaderField[] = [];
	let size = 0;
	try {
		if (decodePrefixedInt(r, 8) !== 0) fail("Required Insert Count is not 0, but our dynamic table has no capacity");
		const signAndDelta = r.buf[r.pos];
		decodePrefixedInt(r, 7);
		// With Required Insert Count 0 a Sign bit of 1 makes Base negative (RFC 9204 §4.5.1.2).
		if (signAndDelta !== undefined && (signAndDelta & 0x80) !== 0) fail("negative Base");
		while (r.remaining > 0) {
			const field = decodeFieldLine(r);
			size += field.name.length + field.value.length + FIELD_OVERHEAD;
			if (size > limit) {
				throw new H3Error("H3_EXCESSIVE_LOAD", `field section exceeds ${limit} bytes`, "stream");
			}
			fields.push(field);
		}
	} catch (e) {
		if (e === SHORT) fail("truncated field section");
		if (e instanceof RangeError) fail(e.message);
		throw e;
	}
	return fields;
}

function decodeFieldLine(r: ByteReader): HeaderField {
	const first = r.buf[r.pos]!;
	if (first & 0x80) {
		// Indexed Field Line.
		if ((first & 0x40) === 0) fail("dynamic table reference (indexed field line)");
		return staticEntry(decodePrefixedInt(r, 6));
	}
	if (first & 0x40) {
		// Literal Field Line with Name Reference.
		if ((first & 0x10) === 0) fail("dynamic table reference (literal with name reference)");
		const { name } = staticEntry(decodePrefixedInt(r, 4));
		return { name, value: bytesToLatin1(decodeStringLiteral(r, 7)) };
	}
	if (first & 0x20) {
		// Literal Field Line with Literal Name.
		const name = bytesToLatin1(decodeStringLiteral(r, 3));
		return { name, value: bytesToLatin1(decodeStringLiteral(r, 7)) };
	}
	// 0001xxxx and 0000xxxx: post-base references, both into the dynamic table.
	return fail("dynamic table reference (post-base index)");
}

function staticEntry(index: number): HeaderField {
	const entry = QPACK_STATIC_TABLE[index];
	if (entry === undefined) fail(`static table index ${index} does not exist`);
	return { name: entry[0], value: entry[1] };
}

function fail(message: string): never {
	throw new H3Error("QPACK_DECOMPRESSION_FAILED", message);
}
