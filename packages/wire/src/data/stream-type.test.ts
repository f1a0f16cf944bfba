import { describe, expect, it } from "vitest";
import { hexToBytes } from "../../test/vector-json.js";
import { WireError } from "../errors.js";
import { DRAFTS } from "../version.js";
import { detectStreamType } from "./stream-type.js";

describe("detectStreamType", () => {
	it.each(DRAFTS)("draft-%i: fetch and subgroup streams", (d) => {
		expect(detectStreamType(hexToBytes("05 07"), d)).toEqual({ kind: "fetch", type: 5, length: 1 });
		expect(detectStreamType(hexToBytes("14 02"), d)).toEqual({ kind: "subgroup", type: 0x14, length: 1 });
		expect(detectStreamType(new Uint8Array(0), d)).toEqual({ kind: "need-more" });
	});

	it("control (SETUP) and padding streams from draft-17, as vi64", () => {
		for (const d of [18, 19] as const) {
			expect(detectStreamType(hexToBytes("af00 0012"), d)).toEqual({ kind: "control", type: 0x2f00, length: 2 });
			expect(detectStreamType(hexToBytes("f0132b3e28"), d)).toEqual({ kind: "padding", type: 0x132b3e28, length: 5 });
			expect(detectStreamType(hexToBytes("f0132b3e"), d)).toEqual({ kind: "need-more" });
			expect(detectStreamType(hexToBytes("7c"), d)).toEqual({ kind: "subgroup", type: 0x7c, length: 1 });
			// A non-minimal form is valid in -17+.
			expect(detectStreamType(hexToBytes("8005"), d)).toEqual({ kind: "fetch", type: 5, length: 2 });
		}
	});

	it("unknown types throw, per draft", () => {
		const unknown = (hex: string, d: (typeof DRAFTS)[number]) => {
			try {
				detectStreamType(hexToBytes(hex), d);
			} catch (e) {
				return e instanceof WireError && e.code === "unknown-message";
			}
			return false;
		};
		// SETUP is a QUIC varint 0x2f00 in -14/-16 (6f00): unknown there.
		expect(unknown("6f00", 14)).toBe(true);
		expect(unknown("6f00", 16)).toBe(true);
		expect(unknown("30", 14)).toBe(true); // DEFAULT_PRIORITY arrives in -16
		expect(unknown("30", 16)).toBe(false);
		expect(unknown("4050", 16)).toBe(true); // FIRST_OBJECT arrives in -17 (0x50 is 2 bytes as a QUIC varint)
		expect(unknown("50", 19)).toBe(false);
		expect(unknown("16", 19)).toBe(true); // SUBGROUP_ID_MODE 0b11
		expect(unknown("00", 19)).toBe(true);
		expect(unknown(`ff${"ff".repeat(8)}`, 19)).toBe(true);
	});
});
