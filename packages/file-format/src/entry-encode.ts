/**
 * The strict writing of one metadata entry, exactly as draft-jennings-moq-file-05 §2 "JSON Meta
 * Object" and §3.1 "Base64 Encoding" spell it: -05 key names in the draft's order, unpadded
 * base64url, integers as JSON numbers, one `ext<N>` field per extension.
 *
 * Integers are written as JSON numbers whatever their size; JSON allows any number of digits,
 * and this package's reader reads them exactly. A consumer that uses `JSON.parse` sees IDs above
 * 2^53 - 1 rounded, which is a limit of that consumer, not of the file.
 *
 * @module
 */

import { encodeBase64Url } from "./base64.js";
import { unsafeDataPathReason } from "./data-path.js";
import { FileFormatError, type FileFormatErrorCode } from "./errors.js";
import { MAX_FULL_TRACK_NAME_BYTES, MAX_NAMESPACE_FIELDS } from "./limits.js";
import { ForwardingPreference, type ObjectMetadata, type TrackId } from "./types.js";
import { encodeVarint, MAX_VARINT } from "./varint.js";

/** An entry to write: the object's metadata and where its payload was put. */
export interface EntryFields extends ObjectMetadata {
	/** `dataFile`; may be left out only when `dataLength` is 0. */
	readonly dataFile?: string | undefined;
	/** `dataOffset`. */
	readonly dataOffset: number;
	/** `dataLength`. */
	readonly dataLength: number;
}

/** Options of {@link encodeEntry}. */
export interface EncodeEntryOptions {
	/**
	 * An object can carry the same extension type more than once (draft-ietf-moq-transport-14
	 * allows it for most types), but -05 has one `ext<N>` key per type. `"error"` (the default)
	 * refuses such an object; `"keep"` writes the key once per header, which this package's reader
	 * reads back in full but `JSON.parse` collapses to the last one.
	 */
	readonly duplicateExtensions?: "error" | "keep";
}

/**
 * Encodes one entry as a single line of JSON. Throws a {@link FileFormatError} ("invalid-entry"
 * or "unrepresentable") when a field is out of range or the format cannot hold it.
 */
export function encodeEntry(entry: EntryFields, options: EncodeEntryOptions = {}): string {
	return encodeTrackPrefix(entry) + encodeEntryRest(entry, options);
}

/**
 * The entry's opening through its `trackName` field, which is the same for every object of a
 * track; a writer encodes it once per track and passes the rest to {@link encodeEntryRest}.
 */
export function encodeTrackPrefix(track: TrackId): string {
	const { trackNamespace, trackName } = track;
	if (!Array.isArray(trackNamespace) || trackNamespace.length > MAX_NAMESPACE_FIELDS) {
		fail("must be an array of at most 32 byte strings", "trackNamespace");
	}
	let total = bytes(trackName, "trackName").length;
	const fields: string[] = [];
	for (const [i, field] of trackNamespace.entries()) {
		total += bytes(field, `trackNamespace[${i}]`).length;
		fields.push(`"${encodeBase64Url(field)}"`);
	}
	if (total > MAX_FULL_TRACK_NAME_BYTES) {
		fail(`the Full Track Name is ${total} bytes, more than MoQT's ${MAX_FULL_TRACK_NAME_BYTES}`, "trackName");
	}
	return `{"trackNamespace":[${fields.join(",")}],"trackName":"${encodeBase64Url(trackName)}"`;
}

/** Everything of the entry after {@link encodeTrackPrefix}, through the closing brace. */
export function encodeEntryRest(entry: EntryFields, options: EncodeEntryOptions = {}): string {
	let out = `,"objectID":${id(entry.objectId, "objectID")},"groupID":${id(entry.groupId, "groupID")}`;
	if (entry.subgroupId !== undefined) out += `,"subgroupID":${id(entry.subgroupId, "subgroupID")}`;
	const pref = entry.forwardingPreference;
	if (pref !== undefined) {
		if (pref !== ForwardingPreference.SUBGROUP && pref !== ForwardingPreference.DATAGRAM) {
			fail(`must be "Subgroup" or "Datagram", not ${JSON.stringify(pref)}`, "forwardingPref");
		}
		out += `,"forwardingPref":"${pref}"`;
	}
	if (entry.objectStatus !== undefined) {
		out += `,"objectStatus":${int(entry.objectStatus, Number.MAX_SAFE_INTEGER, "objectStatus")}`;
	}
	if (entry.publisherPriority !== undefined) {
		out += `,"publisherPriority":${int(entry.publisherPriority, 255, "publisherPriority")}`;
	}
	if (entry.maxCacheDuration !== undefined) {
		out += `,"maxCacheDuration":${id(entry.maxCacheDuration, "maxCacheDuration")}`;
	}
	if (entry.deliveryTimeout !== undefined) {
		out += `,"publisherDeliveryTimeout":${id(entry.deliveryTimeout, "publisherDeliveryTimeout")}`;
	}
	if (entry.receiveTime !== undefined) {
		out += `,"receiveTime":${int(entry.receiveTime, Number.MAX_SAFE_INTEGER, "receiveTime")}`;
	}
	const length = int(entry.dataLength, Number.MAX_SAFE_INTEGER, "dataLength");
	if (entry.dataFile !== undefined) {
		const reason = typeof entry.dataFile === "string" ? unsafeDataPathReason(entry.dataFile) : "is not a string";
		if (reason !== undefined) fail(`${JSON.stringify(entry.dataFile)} ${reason}`, "dataFile");
		out += `,"dataFile":${JSON.stringify(entry.dataFile)}`;
	} else if (length > 0) {
		fail("is required when dataLength is not 0", "dataFile");
	}
	out += `,"dataOffset":${int(entry.dataOffset, Number.MAX_SAFE_INTEGER, "dataOffset")},"dataLength":${length}`;
	if (entry.extensions !== undefined) out += encodeExtensions(entry.extensions, options);
	return `${out}}`;
}

function encodeExtensions(extensions: ObjectMetadata["extensions"] & object, options: EncodeEntryOptions): string {
	let out = "";
	const seen = new Set<bigint>();
	for (const ext of extensions) {
		const type = id(ext.type, "extension type");
		if (seen.has(type) && options.duplicateExtensions !== "keep") {
			fail(
				`extension type ${type} appears more than once; -05 has one ext<N> key per type`,
				`ext${type}`,
				"unrepresentable",
			);
		}
		seen.add(type);
		let value: Uint8Array;
		if (type % 2n === 0n) {
			if (typeof ext.value !== "bigint") fail("an even type's value must be a bigint", `ext${type}`);
			value = encodeVarint(id(ext.value as bigint, `ext${type}`));
		} else {
			value = bytes(ext.value, `ext${type}`);
		}
		out += `,"ext${type}":"${encodeBase64Url(value)}"`;
	}
	return out;
}

function fail(detail: string, field: string, code: FileFormatErrorCode = "invalid-entry"): never {
	throw new FileFormatError(code, detail, { field });
}

function id(v: unknown, field: string): bigint {
	if (typeof v !== "bigint" || v < 0n || v > MAX_VARINT)
		fail(`must be a bigint from 0 to 2^62 - 1, not ${String(v)}`, field);
	return v as bigint;
}

function int(v: unknown, max: number, field: string): number {
	if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > max) {
		fail(`must be an integer from 0 to ${max}, not ${String(v)}`, field);
	}
	return v as number;
}

function bytes(v: unknown, field: string): Uint8Array {
	if (!(v instanceof Uint8Array)) fail("must be a Uint8Array", field);
	return v as Uint8Array;
}
