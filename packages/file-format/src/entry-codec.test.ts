import { describe, expect, it } from "vitest";
import { decodeEntry } from "./entry-decode.js";
import { type EntryFields, encodeEntry } from "./entry-encode.js";
import { FileFormatError } from "./errors.js";
import { parseJsonValue } from "./json-value.js";
import { DEFAULT_LIMITS } from "./limits.js";
import type { MetadataEntry } from "./types.js";
import { MAX_VARINT } from "./varint.js";

const ascii = (s: string) => new TextEncoder().encode(s);
const decode = (text: string, limits = DEFAULT_LIMITS): MetadataEntry =>
	decodeEntry(parseJsonValue(text), { file: "t.moq", index: 7, limits });

/** An entry that sets every field, with IDs past 2^53 and bytes that need escaping in base64url. */
const FULL: EntryFields = {
	trackNamespace: [ascii("example.com"), Uint8Array.of(0x00, 0xff, 0xfb), new Uint8Array(0)],
	trackName: ascii("video/hd"),
	groupId: MAX_VARINT,
	subgroupId: 9007199254740993n,
	objectId: 12345678901234567n,
	forwardingPreference: "Subgroup",
	objectStatus: 3,
	publisherPriority: 255,
	maxCacheDuration: 3600000n,
	deliveryTimeout: 60000n,
	receiveTime: 1729457464000,
	extensions: [
		{ type: 0x3cn, value: 2n },
		{ type: 0x0bn, value: Uint8Array.of(1, 2, 3, 0xfe) },
		{ type: 2n, value: MAX_VARINT },
		{ type: 1n, value: new Uint8Array(0) },
	],
	dataFile: "media/x.dat",
	dataOffset: 10,
	dataLength: 25,
};

/** The -05 §6.1 example's values, spelled strictly. */
const EXAMPLE_05 =
	'{"trackNamespace":["bW9xLXRpbWUuYXJwYQo","dGltZS12MQo"],"trackName":"bWFjOjcyOjVjOmYwOjdjOmJmOmIw",' +
	'"objectID":0,"groupID":123,"subgroupID":0,"publisherPriority":0,"maxCacheDuration":3600000,' +
	'"publisherDeliveryTimeout":60000,"receiveTime":1729457464000,"dataFile":"time1.dat","dataOffset":0,"dataLength":25}';

describe("encodeEntry (strict -05)", () => {
	it("round-trips every field exactly, IDs beyond 2^53 included", () => {
		const text = encodeEntry(FULL);
		expect(decode(text)).toEqual(FULL);
	});

	it("writes -05 key names, unpadded base64url and plain JSON integers", () => {
		const text = encodeEntry(FULL);
		expect(text).toBe(
			'{"trackNamespace":["ZXhhbXBsZS5jb20","AP_7",""],"trackName":"dmlkZW8vaGQ",' +
				'"objectID":12345678901234567,"groupID":4611686018427387903,"subgroupID":9007199254740993,' +
				'"forwardingPref":"Subgroup","objectStatus":3,"publisherPriority":255,"maxCacheDuration":3600000,' +
				'"publisherDeliveryTimeout":60000,"receiveTime":1729457464000,"dataFile":"media/x.dat",' +
				'"dataOffset":10,"dataLength":25,"ext60":"Ag","ext11":"AQID_g","ext2":"__________8","ext1":""}',
		);
		// Plain JSON, readable by anything (which rounds the big IDs: that is JSON.parse's limit).
		expect(JSON.parse(text).ext60).toBe("Ag");
	});

	it("re-encodes the draft's example in the -05 spelling", () => {
		const example = decode(
			`{"namesSpace":["bW9xLXRpbWUuYXJwYQo=","dGltZS12MQo="],"trackName":"bWFjOjcyOjVjOmYwOjdjOmJmOmIw",
			"objectID":0,"groupID":123,"subGroup":0,"publisherPriority":0,"maxCacheDuration":3600000,
			"publisherDeliveryTimeout":60000,"receiveTime":1729457464000,"dataFile":"time1.dat","dataOffset":0,"dataLength":25}`,
		);
		expect(encodeEntry(example)).toBe(EXAMPLE_05);
	});

	it("leaves out what is not known, and keeps a status-only object without a data file", () => {
		const text = encodeEntry({
			trackNamespace: [],
			trackName: new Uint8Array(0),
			groupId: 0n,
			objectId: 0n,
			objectStatus: 4,
			dataOffset: 0,
			dataLength: 0,
		});
		expect(text).toBe(
			'{"trackNamespace":[],"trackName":"","objectID":0,"groupID":0,"objectStatus":4,"dataOffset":0,"dataLength":0}',
		);
		expect(decode(text)).toMatchObject({ objectStatus: 4, dataFile: undefined, dataLength: 0, extensions: [] });
	});

	it("refuses a repeated extension type unless told to keep it, then keeps both in order", () => {
		const twice = { ...FULL, extensions: [...FULL.extensions!, { type: 0x3cn, value: 5n }] };
		expect(() => encodeEntry(twice)).toThrow(expect.objectContaining({ code: "unrepresentable", field: "ext60" }));
		expect(decode(encodeEntry(twice, { duplicateExtensions: "keep" })).extensions).toEqual(twice.extensions);
	});

	it.each([
		["groupId", -1n, /groupID: must be a bigint from 0 to 2\^62 - 1, not -1/],
		["objectId", MAX_VARINT + 1n, /objectID: must be a bigint/],
		["objectId", 5, /objectID: must be a bigint/],
		["publisherPriority", 256, /publisherPriority: must be an integer from 0 to 255/],
		["receiveTime", 1.5, /receiveTime: must be an integer/],
		["forwardingPreference", "Stream", /forwardingPref: must be "Subgroup" or "Datagram"/],
		["dataFile", "../x.dat", /dataFile: "..\/x.dat" climbs out/],
		["dataFile", undefined, /dataFile: is required when dataLength is not 0/],
		["trackName", "abc", /trackName: must be a Uint8Array/],
		["trackNamespace", new Array(33).fill(new Uint8Array(1)), /trackNamespace: must be an array of at most 32/],
		["trackName", new Uint8Array(4097), /more than MoQT's 4096/],
		["extensions", [{ type: 2n, value: Uint8Array.of(1) }], /ext2: an even type's value must be a bigint/],
		["extensions", [{ type: 3n, value: 1n }], /ext3: must be a Uint8Array/],
	])("refuses %s = %s", (field, value, message) => {
		expect(() => encodeEntry({ ...FULL, [field]: value })).toThrow(message);
	});
});

describe("decodeEntry (tolerant)", () => {
	const base = {
		trackNamespace: ["YQ"],
		trackName: "Yg",
		groupID: 1,
		objectID: 2,
		dataFile: "d.dat",
		dataOffset: 0,
		dataLength: 3,
	};
	const with_ = (extra: Record<string, unknown>, drop: string[] = []) => {
		const o: Record<string, unknown> = { ...base, ...extra };
		for (const k of drop) delete o[k];
		return JSON.stringify(o);
	};

	it("reads every revision's key spellings, in any case", () => {
		for (const key of ["subgroupID", "subGroupID", "subGroup", "SUBGROUPID"]) {
			expect(decode(with_({ [key]: 4 })).subgroupId).toBe(4n);
		}
		const e = decode(with_({ namesSpace: ["eA", "eQ"] }, ["trackNamespace"]));
		expect(e.trackNamespace).toEqual([ascii("x"), ascii("y")]);
		expect(decode(with_({ GROUPID: 9, forwardingpref: "datagram" }, ["groupID"]))).toMatchObject({
			groupId: 9n,
			forwardingPreference: "Datagram",
		});
	});

	it("reads a namespace given as one string as one field (the -00 example)", () => {
		const e = decode(with_({ trackNamespace: "bW9xOi8vbW9xLXRpbWUuYXJwYS90aW1lLXYxLw=" }));
		expect(e.trackNamespace).toEqual([ascii("moq://moq-time.arpa/time-v1/")]);
	});

	it("reads integers given as decimal strings, and null as absent", () => {
		const e = decode(with_({ groupID: "18446744073709551", publisherPriority: null, ext2: null }));
		expect(e.groupId).toBe(18446744073709551n);
		expect(e.publisherPriority).toBeUndefined();
		expect(e.extensions).toEqual([]);
	});

	it("reads an even extension as a JSON integer or as base64 of a non-minimal varint", () => {
		expect(decode(with_({ ext4: 300, ext6: "QCU" })).extensions).toEqual([
			{ type: 4n, value: 300n },
			{ type: 6n, value: 37n },
		]);
	});

	it("ignores unknown keys", () => {
		expect(decode(with_({ comment: { nested: [1] }, extra: "x" }))).toMatchObject({ groupId: 1n });
	});

	it("does not need dataFile and dataOffset for an empty payload", () => {
		expect(decode(with_({ dataLength: 0 }, ["dataFile", "dataOffset"]))).toMatchObject({
			dataFile: undefined,
			dataOffset: 0,
			dataLength: 0,
		});
	});

	it.each([
		["not an object", "[1]", /t\.moq: entry 7: is not a JSON object/],
		["missing groupID", with_({}, ["groupID"]), /t\.moq: entry 7: groupID: is missing/],
		["missing namespace", with_({}, ["trackNamespace"]), /trackNamespace: is missing/],
		["missing dataLength", with_({}, ["dataLength"]), /dataLength: is missing/],
		["missing dataFile", with_({}, ["dataFile"]), /dataFile: is missing \(dataLength is not 0\)/],
		["missing dataOffset", with_({}, ["dataOffset"]), /dataOffset: is missing/],
		["a string ID", with_({ objectID: "two" }), /objectID: expected a non-negative integer, got "two"/],
		["a negative ID", with_({ objectID: -2 }), /objectID: expected a non-negative integer, got "-2"/],
		["a fractional ID", with_({ objectID: 2.5 }), /objectID: expected a non-negative integer/],
		["a boolean ID", with_({ objectID: true }), /objectID: expected an integer, got boolean/],
		["an ID past 2^62", with_({ groupID: 4611686018427387904n.toString() }), /groupID: 4611686018427387904 is more/],
		["a 400-digit ID", with_({ groupID: "9".repeat(400) }), /groupID: 9{40}… is more than the maximum/],
		["priority 256", with_({ publisherPriority: 256 }), /publisherPriority: 256 is more than the maximum 255/],
		["bad base64", with_({ trackName: "a*b" }), /trackName: not base64: character "\*"/],
		["a namespace object", with_({ trackNamespace: { a: 1 } }), /trackNamespace: expected an array/],
		["a namespace of numbers", with_({ trackNamespace: [1] }), /trackNamespace\[0\]: expected a base64 string/],
		["33 namespace fields", with_({ trackNamespace: new Array(33).fill("YQ") }), /33 fields, more than MoQT's 32/],
		["a bad forwardingPref", with_({ forwardingPref: 1 }), /forwardingPref: expected "Subgroup" or "Datagram"/],
		["a field given twice", with_({ subGroup: 1, subgroupID: 1 }), /subgroupID: given twice \(also as "subGroup"\)/],
		["an even ext as bytes", with_({ ext2: "AAA" }), /ext2: even type, so the value must be one varint/],
		["an ext type past 2^62", with_({ ext4611686018427387905: "" }), /ext4611686018427387905: .* is more than/],
		["a dataFile number", with_({ dataFile: 3 }), /dataFile: is not a string/],
	])("rejects %s", (_, text, message) => {
		expect(() => decode(text)).toThrow(message);
	});

	it.each([
		["../secret", /climbs out with "\.\."/],
		["a/../../b", /climbs out/],
		["/etc/passwd", /is absolute/],
		["C:\\x.dat", /backslash/],
		["C:x.dat", /contains ":"/],
		["file:///etc/passwd", /contains ":"/],
		["x\u0000.dat", /control character/],
		["", /is empty/],
		["dir/", /does not name a file/],
		["./.", /does not name a file/],
	])("refuses dataFile %j as unsafe", (path, message) => {
		expect(() => decode(with_({ dataFile: path }))).toThrow(
			expect.objectContaining({
				code: "unsafe-path",
				field: "dataFile",
				entry: 7,
				message: expect.stringMatching(message),
			}),
		);
	});

	it("accepts harmless relative paths", () => {
		for (const path of ["./time1.dat", "media/seg-1.m4s", "a//b.dat", "..dat", "x..y"]) {
			expect(decode(with_({ dataFile: path })).dataFile).toBe(path);
		}
	});

	it("applies the dataLength limit", () => {
		const limits = { ...DEFAULT_LIMITS, maxDataLength: 2 };
		expect(() => decode(with_({}), limits)).toThrow(
			expect.objectContaining({
				code: "too-large",
				message: expect.stringMatching(/3 bytes is more than the limit of 2/),
			}),
		);
	});

	it("throws FileFormatError with the location in fields", () => {
		try {
			decode(with_({}, ["objectID"]));
			expect.unreachable();
		} catch (e) {
			expect(e).toBeInstanceOf(FileFormatError);
			expect(e).toMatchObject({ code: "invalid-entry", file: "t.moq", entry: 7, field: "objectID" });
		}
	});
});
