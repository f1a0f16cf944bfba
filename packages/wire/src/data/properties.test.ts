import { describe, expect, it } from "vitest";
import { hexToBytes, toHex } from "../../test/vector-json.js";
import { codecFor } from "../codec.js";
import { WireError } from "../errors.js";
import { Reader, SHORT } from "../reader.js";
import type { KeyValuePair } from "../types.js";
import { DRAFTS } from "../version.js";
import { Writer } from "../writer.js";
import type { MoqtObject } from "./object.js";
import {
	encodeImmutableProperties,
	ObjectPropertyType,
	priorGroupIdGap,
	priorObjectIdGap,
	propertiesForDraft,
	readImmutableProperties,
	readProperties,
	writeProperties,
} from "./properties.js";

function caught(f: () => unknown): WireError {
	try {
		f();
	} catch (e) {
		if (e instanceof WireError) return e;
		throw e;
	}
	throw new Error("expected a WireError");
}

const block = (d: (typeof DRAFTS)[number], props: readonly KeyValuePair[]) => {
	const c = codecFor(d);
	const w = new Writer(4, c.moqtVarint);
	writeProperties(w, c, props);
	return w.finish();
};

describe("properties block", () => {
	it("writes absolute types in draft-14 and sorted deltas from -16", () => {
		const props = [
			{ type: 0x3en, value: 2n },
			{ type: 0x0bn, value: hexToBytes("0201") },
		];
		// -14: length 6; 3e 02, 0b 02 0201 in the given order.
		expect(toHex(block(14, props))).toBe("06" + "3e02" + "0b020201");
		// -16: sorted, 0b then delta 0x33.
		expect(toHex(block(16, props))).toBe("06" + "0b020201" + "3302");
		expect(toHex(block(19, props))).toBe("06" + "0b020201" + "3302");
	});

	it("widens the length field for blocks of 64 (QUIC) / 128 (vi64) bytes and more", () => {
		const props = [{ type: 1n, value: new Uint8Array(100) }];
		// QUIC: type 01, length 100 = 4064, the value: 103 bytes = 4067.
		const q = block(16, props);
		expect(toHex(q.subarray(0, 5))).toBe("4067014064");
		expect(q.length).toBe(105);
		// vi64: type 01, length 64, the value: 102 bytes = 66.
		const v = block(19, props);
		expect(toHex(v.subarray(0, 3))).toBe("660164");
		const big = [{ type: 1n, value: new Uint8Array(300) }];
		const vb = block(19, big);
		// Block of 303 bytes (vi64 812f): type 01, length 300 (812c), the value.
		expect(toHex(vb.subarray(0, 5))).toBe("812f01812c");
		for (const d of DRAFTS) {
			const bytes = block(d, big);
			const r = new Reader(bytes, codecFor(d).moqtVarint);
			expect(readProperties(r, codecFor(d), { need: 0 })).toEqual(big);
			expect(r.pos).toBe(bytes.length);
		}
	});

	it("reports how many bytes an incomplete block needs", () => {
		const bytes = block(19, [{ type: 1n, value: new Uint8Array(10) }]);
		const hint = { need: 0 };
		const r = new Reader(bytes.subarray(0, 5), true);
		expect(() => readProperties(r, codecFor(19), hint)).toThrow(SHORT as never);
		expect(hint.need).toBe(bytes.length);
	});

	it("refuses an over-limit block on both sides", () => {
		const c = codecFor(19, { limits: { maxPropertiesBytes: 10 } });
		const w = new Writer(4, true);
		expect(caught(() => writeProperties(w, c, [{ type: 1n, value: new Uint8Array(20) }])).code).toBe("too-large");
		expect(w.pos).toBe(0);
		const r = new Reader(block(19, [{ type: 1n, value: new Uint8Array(20) }]), true);
		expect(caught(() => readProperties(r, c, { need: 0 })).code).toBe("too-large");
	});

	it("rejects a delta type overflowing 2^64-1", () => {
		// A 12-byte block: type 2^64-2 (9-byte vi64, even, value 0), then delta 2 → 2^64.
		const r = new Reader(hexToBytes(`0c ff${"ff".repeat(7)}fe 00 02 00`), true);
		expect(caught(() => readProperties(r, codecFor(19), { need: 0 })).code).toBe("invalid-value");
	});
});

describe("Immutable Properties", () => {
	it.each(DRAFTS)("draft-%i: encodes, parses, and rejects nesting", (d) => {
		const inner = [
			{ type: 4n, value: 7n },
			{ type: 0x3cn, value: 1n },
		];
		const value = encodeImmutableProperties(inner, d);
		expect(readImmutableProperties(value, d)).toEqual(inner);
		// Type 0x0B (absolute, or a delta from 0) holding one byte.
		expect(caught(() => readImmutableProperties(hexToBytes("0b 01 00"), d)).code).toBe("malformed");
		expect(caught(() => readImmutableProperties(hexToBytes("05 09 00"), d)).code).toBe("malformed");
		expect(caught(() => encodeImmutableProperties([{ type: 0x0bn, value: new Uint8Array(0) }], d)).code).toBe(
			"invalid-value",
		);
	});

	it("keeps non-minimal -19 encodings: the bytes written are the bytes read", () => {
		// One pair {type 4 = 7} with the type as a 2-byte vi64 (8004) and the value as 3 bytes (c00007).
		const raw = hexToBytes("8004 c00007");
		expect(readImmutableProperties(raw, 19)).toEqual([{ type: 4n, value: 7n }]);
		const props = [{ type: ObjectPropertyType.IMMUTABLE_PROPERTIES, value: raw }];
		expect(toHex(block(19, props))).toBe("07" + "0b05" + "8004c00007");
		expect(propertiesForDraft(props, 19, 18)).toBe(props);
	});

	it("re-encodes the nested pairs between drafts whose pair encodings differ", () => {
		const inner = [
			{ type: 4n, value: 7n },
			{ type: 9n, value: hexToBytes("aa") },
		];
		const from = [
			{ type: 2n, value: 1n },
			{ type: 0x0bn, value: encodeImmutableProperties(inner, 14) },
		];
		expect(toHex(from[1]!.value as Uint8Array)).toBe("0407" + "0901aa");
		const to = propertiesForDraft(from, 14, 19)!;
		expect(to[0]).toBe(from[0]);
		// -19: delta types, 4 then 5.
		expect(toHex(to[1]!.value as Uint8Array)).toBe("0407" + "0501aa");
		expect(readImmutableProperties(to[1]!.value as Uint8Array, 19)).toEqual(inner);
		expect(propertiesForDraft(undefined, 14, 19)).toBeUndefined();
		expect(propertiesForDraft(from, 14, 14)).toBe(from);
	});
});

describe("Prior Group / Object ID Gap", () => {
	const o = (properties: KeyValuePair[], groupId = 10n, objectId = 10n): MoqtObject => ({
		groupId,
		objectId,
		properties,
		payload: new Uint8Array(0),
	});

	it("reads the gap from the properties or from inside Immutable Properties", () => {
		expect(priorGroupIdGap(o([{ type: 0x3cn, value: 2n }]), 19)).toBe(2n);
		expect(priorObjectIdGap(o([{ type: 0x3en, value: 3n }]), 19)).toBe(3n);
		expect(priorGroupIdGap(o([]), 19)).toBeUndefined();
		expect(priorGroupIdGap({ groupId: 1n, objectId: 1n, payload: new Uint8Array(0) }, 19)).toBeUndefined();
		const imm = encodeImmutableProperties([{ type: 0x3en, value: 4n }], 16);
		expect(priorObjectIdGap(o([{ type: 0x0bn, value: imm }]), 16)).toBe(4n);
	});

	it("flags a malformed track: twice, or larger than the ID", () => {
		const twice = o([
			{ type: 0x3cn, value: 1n },
			{ type: 0x3cn, value: 1n },
		]);
		expect(caught(() => priorGroupIdGap(twice, 14)).code).toBe("malformed");
		const imm = encodeImmutableProperties([{ type: 0x3en, value: 1n }], 19);
		const both = o([
			{ type: 0x0bn, value: imm },
			{ type: 0x3en, value: 1n },
		]);
		expect(caught(() => priorObjectIdGap(both, 19)).code).toBe("malformed");
		expect(caught(() => priorGroupIdGap(o([{ type: 0x3cn, value: 11n }]), 19)).code).toBe("malformed");
		expect(caught(() => priorObjectIdGap(o([{ type: 0x3en, value: 11n }]), 19)).code).toBe("malformed");
		expect(priorObjectIdGap(o([{ type: 0x3en, value: 10n }]), 19)).toBe(10n);
	});
});
