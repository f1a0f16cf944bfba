import { describe, expect, it } from "vitest";
import { hexToBytes, toHex } from "../../test/vector-json.js";
import { WireError } from "../errors.js";
import { GroupOrder, ObjectStatus } from "../types.js";
import type { Draft } from "../version.js";
import { Writer } from "../writer.js";
import { DataStreamDecoder, type DataStreamItem } from "./data-stream-decoder.js";
import { type FetchEncoderOptions, type FetchItem, FetchStreamEncoder, isEndOfRange } from "./fetch.js";
import type { MoqtObject } from "./object.js";

const text = (s: string) => new TextEncoder().encode(s);

function decode(draft: Draft, bytes: Uint8Array, groupOrder?: GroupOrder) {
	const dec = new DataStreamDecoder(draft, { groupOrder });
	const out = dec.push(bytes);
	dec.end();
	return out;
}

function encode(draft: Draft, items: readonly FetchItem[], options?: FetchEncoderOptions): Uint8Array {
	const enc = new FetchStreamEncoder(draft, options);
	const w = new Writer(16);
	enc.writeHeader(w, { type: "FETCH_HEADER", requestId: 7n });
	for (const item of items) enc.write(w, item);
	return w.finish();
}

function caught(f: () => unknown): WireError {
	try {
		f();
	} catch (e) {
		if (e instanceof WireError) return e;
		throw e;
	}
	throw new Error("expected a WireError");
}

const o = (
	groupId: bigint,
	subgroupId: bigint | undefined,
	objectId: bigint,
	publisherPriority: number,
	payload: string,
	rest: Partial<MoqtObject> = {},
): MoqtObject => ({
	groupId,
	subgroupId,
	objectId,
	publisherPriority,
	forwardingPreference: subgroupId === undefined ? "datagram" : "subgroup",
	status: ObjectStatus.NORMAL,
	properties: undefined,
	payload: text(payload),
	...rest,
});

// One fetch response using every Serialization Flags feature (-16 §10.4.4.1, -18/-19 §11.4.4.1).
const ITEMS: FetchItem[] = [
	o(5n, 0n, 0n, 10, "ab"),
	o(5n, 0n, 1n, 10, "c"), // everything as the prior object implies
	o(5n, 1n, 5n, 10, "d"), // subgroup prior + 1, a gap in object IDs
	o(7n, 1n, 0n, 10, "e", { properties: [{ type: 2n, value: 9n }] }), // next group, same subgroup
	o(7n, undefined, 1n, 20, "f"), // a Datagram object, new priority
	{ endOfRange: "non-existent", groupId: 9n, objectId: 3n },
	o(9n, 1n, 4n, 20, "g"), // prior group / object from the marker, subgroup / priority from "f" and "e"
	o(9n, 6n, 8n, 20, "h"), // an explicit Subgroup ID, which sits between the Group and Object fields
	{ endOfRange: "unknown", groupId: 12n, objectId: 0n },
];

describe("FETCH_HEADER and fetch objects", () => {
	// Layouts worked out by hand from each draft's figure "MOQT Fetch Object Fields".
	const header = "05 07";
	const v16 = [
		"1c 05 00 0a 02 6162", // flags: group, object, priority; subgroup mode 0
		"00 01 63",
		"06 05 01 64", // subgroup mode 2 (prior + 1), Object ID 5
		"2d 07 00 02 0209 01 65", // subgroup mode 1, group 7, object 0, properties
		"4050 14 01 66", // DATAGRAM | PRIORITY (0x50 takes two bytes as a QUIC varint)
		"408c 09 03", // End of Non-Existent Range, absolute group 9 object 3
		"01 01 67", // subgroup mode 1; group, object (3 + 1) and priority implied
		"07 06 08 01 68", // subgroup field 6, then Object ID 8
		"410c 0c 00", // End of Unknown Range at 12/0
	];
	const v19 = [
		"1c 05 00 0a 02 6162", // the first values are absolute
		"00 01 63",
		"06 04 01 64", // Object ID Delta 4 within the group: 1 + 4
		"2d 01 00 02 0209 01 65", // Group ID Delta 1: 5 + 1 + 1; Object ID absolute in a new group
		"50 14 01 66", // one byte as a vi64
		"808c 01 03", // vi64 0x8C; group 7 + 1 + 1 = 9
		"01 01 67",
		"07 06 04 01 68", // subgroup field 6, then Object ID Delta 4 (4 + 4)
		"810c 02 00", // group 9 + 2 + 1 = 12
	];

	it("draft-16: Serialization Flags with absolute Group and Object IDs", () => {
		const bytes = hexToBytes(header + v16.join(""));
		const out = decode(16, bytes);
		expect(out.header).toEqual({ type: "FETCH_HEADER", requestId: 7n });
		expect(out.objects).toEqual(ITEMS);
		expect(toHex(encode(16, ITEMS))).toBe(toHex(bytes));
	});

	it.each([18, 19] as const)("draft-%i: deltas in ascending group order", (d) => {
		const bytes = hexToBytes(header + v19.join(""));
		expect(decode(d, bytes, GroupOrder.ASCENDING).objects).toEqual(ITEMS);
		expect(toHex(encode(d, ITEMS, { groupOrder: GroupOrder.ASCENDING }))).toBe(toHex(bytes));
	});

	it("draft-19: descending group order subtracts the Group ID Delta", () => {
		const items = [o(9n, 0n, 0n, 1, "a"), o(5n, 0n, 0n, 1, "b")];
		// Group 9 absolute, then Group ID Delta 3: 9 - (3 + 1) = 5, Object ID absolute 0.
		const bytes = hexToBytes("05 07 1c 09 00 01 01 61 0c 03 00 01 62");
		expect(toHex(encode(19, items, { groupOrder: GroupOrder.DESCENDING }))).toBe(toHex(bytes));
		expect(decode(19, bytes, GroupOrder.DESCENDING).objects).toEqual(items);
		expect((decode(19, bytes, GroupOrder.ASCENDING).objects[1] as MoqtObject).groupId).toBe(13n);
		// Below zero.
		expect(
			caught(() => decode(19, hexToBytes("05 07 1c 01 00 01 01 61 0c 05 00 01 62"), GroupOrder.DESCENDING)).code,
		).toBe("invalid-value");
	});

	it("draft-19: waits for the group order before applying a Group ID Delta", () => {
		const bytes = hexToBytes("05 07 1c 09 00 01 01 61 0c 03 00 01 62 00 01 63");
		const dec = new DataStreamDecoder(19);
		const first = dec.push(bytes.subarray(0, 10));
		expect(first.objects).toHaveLength(1); // the first object needs no order
		expect(dec.awaitingGroupOrder).toBe(true);
		expect(dec.push(bytes.subarray(10)).objects).toEqual([]);
		const rest = dec.setGroupOrder(GroupOrder.DESCENDING);
		expect(rest.map((x) => [(x as MoqtObject).groupId, (x as MoqtObject).objectId])).toEqual([
			[5n, 0n],
			[5n, 1n],
		]);
		dec.end();
		const never = new DataStreamDecoder(19);
		never.push(bytes);
		expect(caught(() => never.end()).code).toBe("malformed");
	});

	it("draft-14: every field of every object, and the Object Status", () => {
		const items: FetchItem[] = [
			{ ...o(1n, 2n, 3n, 0x80, "hi"), forwardingPreference: undefined },
			{ ...o(1n, 2n, 4n, 0x80, ""), forwardingPreference: undefined, status: ObjectStatus.END_OF_GROUP },
			{ ...o(2n, 0n, 0n, 1, ""), forwardingPreference: undefined, status: ObjectStatus.DOES_NOT_EXIST },
		];
		const bytes = hexToBytes("05 07" + "01 02 03 80 00 02 6869" + "01 02 04 80 00 00 03" + "02 00 00 01 00 00 01");
		expect(decode(14, bytes).objects).toEqual(items);
		expect(toHex(encode(14, items))).toBe(toHex(bytes));
		// A Datagram object's Subgroup ID field is its Object ID (-14 §10.4.4).
		expect(toHex(encode(14, [o(1n, undefined, 6n, 2, "x")]))).toBe(toHex(hexToBytes("05 07 01 06 06 02 00 01 78")));
	});

	it("isEndOfRange tells markers from objects", () => {
		expect(ITEMS.map(isEndOfRange)).toEqual([false, false, false, false, false, true, false, false, true]);
	});
});

describe("malformed fetch streams", () => {
	const cases: [string, Draft, string, string][] = [
		["the first object without a Group ID", 16, "05 07 14 00 0a 01 61", "malformed"],
		["the first object without an Object ID", 19, "05 07 18 05 0a 01 61", "malformed"],
		["the first object without a priority", 16, "05 07 0c 05 00 01 61", "malformed"],
		["the first object with subgroup 'prior'", 19, "05 07 1d 05 00 0a 01 61", "malformed"],
		["the first object with subgroup 'prior + 1'", 19, "05 07 1e 05 00 0a 01 61", "malformed"],
		["a priority referenced after only a marker", 19, "05 07 808c 05 00 04 00 01 61", "malformed"],
		["Serialization Flags 0x80", 16, "05 07 4080 05 00", "invalid-value"],
		["Serialization Flags 0x8D", 19, "05 07 808d 05 00", "invalid-value"],
		["Serialization Flags 0x20C (only in the editor's copy)", 19, "05 07 820c 05 00", "invalid-value"],
		["an Object ID past 2^64-1", 19, `05 07 1c 05 ff${"ff".repeat(8)} 0a 01 61 00 01 62`, "invalid-value"],
		["a payload past the limit (2^28 bytes)", 16, "05 07 1c 05 00 0a c000000010000000", "too-large"],
		["draft-16 objects carry no status: a zero-length object is Normal", 16, "05 07 1c 05 00 0a 00 03", "malformed"],
		["draft-14 Does Not Exist with extensions", 14, "05 07 01 02 03 80 02 0201 00 01", "malformed"],
	];
	it.each(cases)("%s", (_, d, hex, code) => {
		expect(caught(() => decode(d, hexToBytes(hex), GroupOrder.ASCENDING)).code).toBe(code);
	});

	it("a marker as the first item gives absolute values and a prior group", () => {
		const out = decode(19, hexToBytes("05 07 808c 05 02 10 0a 01 61"), GroupOrder.ASCENDING);
		// Object after the marker: group 5 (implied), object 2 + 1, priority 10.
		expect(out.objects).toEqual([{ endOfRange: "non-existent", groupId: 5n, objectId: 2n }, o(5n, 0n, 3n, 10, "a")]);
	});
});

describe("FetchStreamEncoder refusals", () => {
	const w = () => new Writer(16);
	it("needs the group order to write a Group ID Delta (-17+)", () => {
		const enc = new FetchStreamEncoder(19);
		enc.writeObject(w(), o(1n, 0n, 0n, 1, "a"));
		expect(caught(() => enc.writeObject(w(), o(2n, 0n, 0n, 1, "b"))).code).toBe("invalid-value");
	});

	it("refuses groups out of order and objects going back in a group (-17+)", () => {
		const enc = new FetchStreamEncoder(18, { groupOrder: GroupOrder.ASCENDING });
		const out = w();
		enc.writeObject(out, o(4n, 0n, 5n, 1, "a"));
		const before = out.pos;
		expect(caught(() => enc.writeObject(out, o(3n, 0n, 0n, 1, "b"))).code).toBe("invalid-value");
		expect(caught(() => enc.writeObject(out, o(4n, 0n, 2n, 1, "b"))).code).toBe("invalid-value");
		expect(caught(() => enc.writeEndOfRange(out, { endOfRange: "unknown", groupId: 4n, objectId: 9n })).code).toBe(
			"invalid-value",
		);
		expect(out.pos).toBe(before);
		// The failed writes left the prior state alone: object 6 is still "prior + 1".
		enc.writeObject(out, o(4n, 0n, 6n, 1, "c"));
		expect(toHex(out.view().subarray(before))).toBe("000163");
	});

	it("refuses what the draft cannot carry", () => {
		expect(caught(() => new FetchStreamEncoder(16).writeObject(w(), o(1n, 0n, 0n, 1, "", { status: 3 }))).code).toBe(
			"unsupported",
		);
		expect(
			caught(() =>
				new FetchStreamEncoder(14).writeEndOfRange(w(), { endOfRange: "unknown", groupId: 1n, objectId: 1n }),
			).code,
		).toBe("unsupported");
		expect(
			caught(() => new FetchStreamEncoder(16).writeObject(w(), o(1n, 0n, 0n, 1, "x", { publisherPriority: undefined })))
				.code,
		).toBe("invalid-value");
		expect(caught(() => new FetchStreamEncoder(19).writeObject(w(), o(1n, 0n, 0n, 1, "x", { status: 1 }))).code).toBe(
			"unsupported",
		);
	});
});

// The decoder works on any chunking of a fetch stream too.
describe("fetch chunking", () => {
	it("gives the same items for every split", () => {
		const bytes = encode(19, ITEMS, { groupOrder: GroupOrder.ASCENDING });
		const whole = decode(19, bytes, GroupOrder.ASCENDING).objects;
		for (let i = 0; i <= bytes.length; i++) {
			const dec = new DataStreamDecoder(19, { groupOrder: GroupOrder.ASCENDING });
			const items: DataStreamItem[] = [
				...dec.push(bytes.subarray(0, i)).objects,
				...dec.push(bytes.subarray(i)).objects,
			];
			dec.end();
			expect(items).toEqual(whole);
		}
	});
});
