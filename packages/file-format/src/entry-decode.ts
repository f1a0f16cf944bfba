/**
 * The tolerant reading of one metadata entry (draft-jennings-moq-file-05 §2 "JSON Meta Object",
 * §3.1 "Base64 Encoding"; draft-jennings-moq-file-00 §2 for the older spellings).
 *
 * Accepted besides strict -05:
 * - the key spellings of every published revision, matched without regard to case:
 *   `namesSpace` (-00 to -02) for `trackNamespace`, `subGroup` (-00 to -02) and `subGroupID`
 *   (-03, -04) for `subgroupID`;
 * - base64 padded or not, standard or URL-safe alphabet (the draft's own example is padded);
 * - a namespace given as one string (the -00 example) as a namespace of one field;
 * - integers as JSON numbers of any size (exact) or as strings of decimal digits;
 * - `null` for an optional field, meaning absent;
 * - an even-typed `ext<N>` as a JSON integer as well as base64 of its varint.
 * Unknown keys are ignored. The same field given twice (under either spelling) is an error, as it
 * is ambiguous; the same `ext<N>` twice is kept twice, in file order.
 *
 * @module
 */

import { decodeBase64 } from "./base64.js";
import { unsafeDataPathReason } from "./data-path.js";
import { FileFormatError, type FileFormatErrorCode } from "./errors.js";
import type { JsonValue } from "./json-value.js";
import { MAX_FULL_TRACK_NAME_BYTES, MAX_NAMESPACE_FIELDS, type MetadataLimits } from "./limits.js";
import { type ExtensionHeader, ForwardingPreference, type MetadataEntry } from "./types.js";
import { decodeVarint, MAX_VARINT } from "./varint.js";

/** The fields, by position in a decoder's slots; the names are the -05 spellings. */
const FIELDS = [
	"trackNamespace",
	"trackName",
	"groupID",
	"subgroupID",
	"objectID",
	"forwardingPref",
	"objectStatus",
	"publisherPriority",
	"maxCacheDuration",
	"publisherDeliveryTimeout",
	"receiveTime",
	"dataFile",
	"dataOffset",
	"dataLength",
] as const;
type Field = (typeof FIELDS)[number];

/** Field positions by spelling: each -05 name, each older one, all in lower case too. */
const FIELD_BY_SPELLING = new Map<string, number>();
for (const [i, name] of FIELDS.entries()) FIELD_BY_SPELLING.set(name, i).set(name.toLowerCase(), i);
for (const [old, name] of [
	["namesSpace", "trackNamespace"],
	["subGroup", "subgroupID"],
	["subGroupID", "subgroupID"],
] as const) {
	const i = FIELDS.indexOf(name);
	FIELD_BY_SPELLING.set(old, i).set(old.toLowerCase(), i);
}

const EXTENSION_KEY = /^ext(\d+)$/i;
const DIGITS = /^(?:0|[1-9]\d*)$/;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** The last `dataFile` found safe: entries of one file nearly always name the same one. */
let lastSafeDataFile: string | undefined;

/** Where an entry came from, for errors. */
export interface EntryContext {
	/** The metadata file, when known. */
	readonly file?: string | undefined;
	/** The entry's zero-based index. */
	readonly index: number;
	/** Reader limits. */
	readonly limits: MetadataLimits;
}

function fail(
	context: EntryContext,
	detail: string,
	field?: string,
	code: FileFormatErrorCode = "invalid-entry",
): never {
	throw new FileFormatError(code, detail, { file: context.file, entry: context.index, field });
}

/** The members of one entry, sorted into field slots. */
class Slots {
	readonly values: (JsonValue | undefined)[] = new Array(FIELDS.length).fill(undefined);
	/** The key each field was spelled with. */
	readonly keys: (string | undefined)[] = new Array(FIELDS.length).fill(undefined);
	readonly context: EntryContext;

	constructor(context: EntryContext) {
		this.context = context;
	}

	/** The value of `field` (null counts as absent), and its key as spelled. */
	get(field: Field): JsonValue | undefined {
		return this.values[FIELDS.indexOf(field)] ?? undefined;
	}

	key(field: Field): string {
		return this.keys[FIELDS.indexOf(field)] ?? field;
	}

	required(field: Field): JsonValue {
		const v = this.get(field);
		return v === undefined ? fail(this.context, "is missing", field) : v;
	}

	integer(field: Field, max: bigint): bigint | undefined {
		const v = this.get(field);
		return v === undefined ? undefined : decodeInteger(this.context, v, this.key(field), max);
	}

	small(field: Field, max: number): number | undefined {
		const v = this.integer(field, BigInt(max));
		return v === undefined ? undefined : Number(v);
	}
}

/** Decodes one parsed entry, or throws a {@link FileFormatError} naming the file, entry and field. */
export function decodeEntry(value: JsonValue, context: EntryContext): MetadataEntry {
	if (value === null || typeof value !== "object" || value.kind !== "object")
		return fail(context, "is not a JSON object");
	const slots = new Slots(context);
	const extensions: ExtensionHeader[] = [];
	const { keys, values } = value;
	for (let i = 0; i < keys.length; i++) {
		const key = keys[i]!;
		const v = values[i]!;
		const field = FIELD_BY_SPELLING.get(key) ?? FIELD_BY_SPELLING.get(key.toLowerCase());
		if (field === undefined) {
			const ext = EXTENSION_KEY.exec(key);
			if (ext !== null && v !== null) extensions.push(decodeExtension(context, ext[1]!, v, key));
			continue;
		}
		const earlier = slots.keys[field];
		if (earlier !== undefined) fail(context, `given twice (also as "${earlier}")`, key);
		slots.keys[field] = key;
		slots.values[field] = v;
	}

	const trackNamespace = decodeNamespace(context, slots.required("trackNamespace"), slots.key("trackNamespace"));
	const trackName = decodeBytes(context, slots.required("trackName"), slots.key("trackName"));
	let total = trackName.length;
	for (const f of trackNamespace) total += f.length;
	if (total > MAX_FULL_TRACK_NAME_BYTES) {
		const detail = `the Full Track Name is ${total} bytes, more than MoQT's ${MAX_FULL_TRACK_NAME_BYTES}`;
		fail(context, detail, slots.key("trackName"), "too-large");
	}
	const groupId = decodeInteger(context, slots.required("groupID"), slots.key("groupID"), MAX_VARINT);
	const objectId = decodeInteger(context, slots.required("objectID"), slots.key("objectID"), MAX_VARINT);

	const dataLength = Number(decodeInteger(context, slots.required("dataLength"), slots.key("dataLength"), MAX_SAFE));
	if (dataLength > context.limits.maxDataLength) {
		const detail = `${dataLength} bytes is more than the limit of ${context.limits.maxDataLength}`;
		fail(context, detail, slots.key("dataLength"), "too-large");
	}
	const file = slots.get("dataFile");
	if (file !== undefined && file !== lastSafeDataFile) {
		if (typeof file !== "string") fail(context, "is not a string", slots.key("dataFile"));
		const reason = unsafeDataPathReason(file);
		if (reason !== undefined) fail(context, `${JSON.stringify(file)} ${reason}`, slots.key("dataFile"), "unsafe-path");
		lastSafeDataFile = file;
	}
	const dataOffset = slots.small("dataOffset", Number.MAX_SAFE_INTEGER);
	if (dataLength > 0) {
		if (file === undefined) fail(context, "is missing (dataLength is not 0)", "dataFile");
		if (dataOffset === undefined) fail(context, "is missing (dataLength is not 0)", "dataOffset");
	}
	const pref = slots.get("forwardingPref");

	return {
		trackNamespace,
		trackName,
		groupId,
		subgroupId: slots.integer("subgroupID", MAX_VARINT),
		objectId,
		forwardingPreference: pref === undefined ? undefined : decodeForwarding(context, pref, slots.key("forwardingPref")),
		objectStatus: slots.small("objectStatus", Number.MAX_SAFE_INTEGER),
		publisherPriority: slots.small("publisherPriority", 255),
		maxCacheDuration: slots.integer("maxCacheDuration", MAX_VARINT),
		deliveryTimeout: slots.integer("publisherDeliveryTimeout", MAX_VARINT),
		receiveTime: slots.small("receiveTime", Number.MAX_SAFE_INTEGER),
		extensions,
		dataFile: file as string | undefined,
		dataOffset: dataOffset ?? 0,
		dataLength,
	};
}

function describe(v: JsonValue): string {
	if (v === null) return "null";
	if (typeof v !== "object") return typeof v;
	return v.kind;
}

function decodeInteger(context: EntryContext, v: JsonValue, key: string, max: bigint): bigint {
	let text: string;
	if (typeof v === "string") text = v;
	else if (v !== null && typeof v === "object" && v.kind === "number") text = v.text;
	else return fail(context, `expected an integer, got ${describe(v)}`, key);
	// Short digit strings are the common case and convert through a number exactly.
	if (text.length < 16 && isPlainInteger(text)) {
		const n = BigInt(Number(text));
		return n > max ? fail(context, `${text} is more than the maximum ${max}`, key) : n;
	}
	if (!DIGITS.test(text)) return fail(context, `expected a non-negative integer, got ${JSON.stringify(text)}`, key);
	// A long digit string is out of range whatever it says; this bounds the BigInt conversion.
	const n = text.length > 40 ? max + 1n : BigInt(text);
	if (n > max)
		fail(context, `${text.length > 40 ? `${text.slice(0, 40)}…` : text} is more than the maximum ${max}`, key);
	return n;
}

/** Same as DIGITS.test(text), without the regular expression. */
function isPlainInteger(text: string): boolean {
	if (text.length === 0 || (text.length > 1 && text.charCodeAt(0) === 0x30)) return false;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c < 0x30 || c > 0x39) return false;
	}
	return true;
}

function decodeBytes(context: EntryContext, v: JsonValue, key: string): Uint8Array {
	if (typeof v !== "string") return fail(context, `expected a base64 string, got ${describe(v)}`, key);
	const bytes = decodeBase64(v);
	return typeof bytes === "string" ? fail(context, bytes, key) : bytes;
}

function decodeNamespace(context: EntryContext, v: JsonValue, key: string): Uint8Array[] {
	// The -00 example gives the whole namespace as one string; it is kept as one field rather than
	// split on "/", which would guess at a structure the draft does not define.
	if (typeof v === "string") return [decodeBytes(context, v, key)];
	if (v === null || typeof v !== "object" || v.kind !== "array") {
		return fail(context, `expected an array of base64 strings, got ${describe(v)}`, key);
	}
	if (v.items.length > MAX_NAMESPACE_FIELDS) {
		fail(context, `${v.items.length} fields, more than MoQT's ${MAX_NAMESPACE_FIELDS}`, key, "too-large");
	}
	return v.items.map((item, i) => decodeBytes(context, item, `${key}[${i}]`));
}

function decodeForwarding(context: EntryContext, v: JsonValue, key: string): ForwardingPreference {
	const text = typeof v === "string" ? v.toLowerCase() : undefined;
	if (text === "subgroup") return ForwardingPreference.SUBGROUP;
	if (text === "datagram") return ForwardingPreference.DATAGRAM;
	const got = typeof v === "string" ? JSON.stringify(v) : describe(v);
	return fail(context, `expected "Subgroup" or "Datagram", got ${got}`, key);
}

function decodeExtension(context: EntryContext, digits: string, v: JsonValue, key: string): ExtensionHeader {
	const type = decodeInteger(context, digits.replace(/^0+(?=\d)/, ""), key, MAX_VARINT);
	if (type % 2n === 1n) return { type, value: decodeBytes(context, v, key) };
	if (typeof v === "object" && v !== null && v.kind === "number") {
		return { type, value: decodeInteger(context, v, key, MAX_VARINT) };
	}
	const value = decodeVarint(decodeBytes(context, v, key));
	if (typeof value === "string") return fail(context, `even type, so the value must be one varint: ${value}`, key);
	return { type, value };
}
