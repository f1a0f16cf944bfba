import { describe, expect, it } from "vitest";
import { hexToBytes, toHex } from "../../test/vector-json.js";
import { codecFor } from "../codec.js";
import { WireError } from "../errors.js";
import { Reader } from "../reader.js";
import { DRAFTS } from "../version.js";
import { Writer } from "../writer.js";
import { DataStreamDecoder } from "./data-stream-decoder.js";
import {
	isSubgroupHeaderType,
	readSubgroupHeaderBody,
	type SubgroupHeader,
	SubgroupIdMode,
	subgroupHeaderType,
	subgroupHeaderTypes,
	writeSubgroupHeader,
} from "./subgroup-header.js";

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

// The valid sets exactly as each draft lists them (-14 §10.4.2, -16 §10.4.2, -18/-19 §11.4.2).
const VALID = {
	14: [...range(0x10, 0x15), ...range(0x18, 0x1d)],
	16: [...range(0x10, 0x15), ...range(0x18, 0x1d), ...range(0x30, 0x35), ...range(0x38, 0x3d)],
	18: [
		...range(0x10, 0x15),
		...range(0x18, 0x1d),
		...range(0x30, 0x35),
		...range(0x38, 0x3d),
		...range(0x50, 0x55),
		...range(0x58, 0x5d),
		...range(0x70, 0x75),
		...range(0x78, 0x7d),
	],
} as const;
const validFor = (d: number) => (d === 14 ? VALID[14] : d === 16 ? VALID[16] : VALID[18]);

describe("SUBGROUP_HEADER type codes", () => {
	it.each(DRAFTS)("draft-%i accepts exactly the listed types", (d) => {
		const c = codecFor(d);
		expect(subgroupHeaderTypes(c)).toEqual(validFor(d));
		for (let t = 0; t < 0x200; t++)
			expect(isSubgroupHeaderType(t, c)).toBe((validFor(d) as readonly number[]).includes(t));
		expect(isSubgroupHeaderType(2 ** 32 + 0x10, c)).toBe(false);
	});

	it.each(DRAFTS)("draft-%i: every type round-trips through the header fields", (d) => {
		const c = codecFor(d);
		for (const type of validFor(d)) {
			const mode = (type >> 1) & 3;
			const h: SubgroupHeader = {
				type: "SUBGROUP_HEADER",
				trackAlias: 9n,
				groupId: 70000n,
				subgroupIdMode: mode as SubgroupIdMode,
				subgroupId: mode === 2 ? 300n : mode === 0 ? 0n : undefined,
				publisherPriority: (type & 0x20) !== 0 ? undefined : 200,
				hasProperties: (type & 0x01) !== 0,
				endOfGroup: (type & 0x08) !== 0,
				firstObject: (type & 0x40) !== 0,
			};
			expect(subgroupHeaderType(h, c)).toBe(type);
			const w = new Writer(16, c.moqtVarint);
			writeSubgroupHeader(w, h, c);
			const bytes = w.finish();
			expect(bytes[0]).toBe(type);
			const dec = new DataStreamDecoder(d);
			expect(dec.push(bytes).header).toEqual(h);
			dec.end();
		}
	});

	it.each(DRAFTS)("draft-%i rejects every other type with unknown-message", (d) => {
		const valid = validFor(d) as readonly number[];
		for (let t = 0x06; t < 0x80; t++) {
			if (valid.includes(t) || t === 0x05) continue;
			const dec = new DataStreamDecoder(d);
			const err = (() => {
				try {
					dec.push(Uint8Array.of(t, 1, 2, 3, 4));
				} catch (e) {
					return e;
				}
			})();
			expect(err, `type 0x${t.toString(16)}`).toBeInstanceOf(WireError);
			expect((err as WireError).code).toBe("unknown-message");
		}
	});
});

describe("SUBGROUP_HEADER layout", () => {
	it("reads the explicit Subgroup ID and the priority byte (draft-14 §10.5 example header)", () => {
		const r = new Reader(hexToBytes("02 00 00 00"), false);
		expect(readSubgroupHeaderBody(r, 0x14)).toEqual({
			type: "SUBGROUP_HEADER",
			trackAlias: 2n,
			groupId: 0n,
			subgroupIdMode: SubgroupIdMode.EXPLICIT,
			subgroupId: 0n,
			publisherPriority: 0,
			hasProperties: false,
			endOfGroup: false,
			firstObject: false,
		});
		expect(r.pos).toBe(4);
	});

	it("infers the Subgroup ID mode when encoding", () => {
		const c = codecFor(19);
		const base = {
			type: "SUBGROUP_HEADER",
			trackAlias: 1n,
			groupId: 2n,
			hasProperties: false,
			endOfGroup: false,
		} as const;
		expect(subgroupHeaderType({ ...base, subgroupId: 0n, publisherPriority: 1 }, c)).toBe(0x10);
		expect(subgroupHeaderType({ ...base, publisherPriority: 1 }, c)).toBe(0x12);
		expect(subgroupHeaderType({ ...base, subgroupId: 5n, publisherPriority: 1 }, c)).toBe(0x14);
		expect(subgroupHeaderType({ ...base, subgroupId: 5n }, c)).toBe(0x34);
		expect(subgroupHeaderType({ ...base, subgroupId: 5n, firstObject: true, endOfGroup: true }, c)).toBe(0x7c);
	});

	it("writes vi64 fields from draft-17 (a 3-byte group ID)", () => {
		const c = codecFor(19);
		const w = new Writer(16, true);
		writeSubgroupHeader(
			w,
			{
				type: "SUBGROUP_HEADER",
				trackAlias: 1n,
				groupId: 70000n,
				subgroupId: 0n,
				hasProperties: true,
				endOfGroup: false,
			},
			c,
		);
		// 0x31 = PROPERTIES | SUBGROUP | DEFAULT_PRIORITY, alias 1, group 70000 = c1 11 70
		expect(toHex(w.finish())).toBe("3101c11170");
	});

	it("refuses what a draft cannot carry", () => {
		const h = {
			type: "SUBGROUP_HEADER",
			trackAlias: 1n,
			groupId: 2n,
			subgroupId: 0n,
			hasProperties: false,
			endOfGroup: false,
		} as const;
		expect(() => subgroupHeaderType(h, codecFor(14))).toThrow(/Publisher Priority/);
		expect(() => subgroupHeaderType({ ...h, publisherPriority: 1, firstObject: true }, codecFor(16))).toThrow(
			expect.objectContaining({ code: "unsupported" }),
		);
		expect(() =>
			subgroupHeaderType({ ...h, subgroupIdMode: SubgroupIdMode.ZERO, subgroupId: 3n }, codecFor(19)),
		).toThrow(WireError);
		expect(() =>
			subgroupHeaderType({ ...h, subgroupIdMode: SubgroupIdMode.EXPLICIT, subgroupId: undefined }, codecFor(19)),
		).toThrow(WireError);
		expect(() => subgroupHeaderType({ ...h, subgroupIdMode: 3 as SubgroupIdMode }, codecFor(19))).toThrow(/reserved/);
	});
});
