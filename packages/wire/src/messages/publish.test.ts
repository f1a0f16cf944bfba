import { describe, expect, it } from "vitest";
import { hexToBytes, toHex } from "../../test/vector-json.js";
import { decodeControlMessage, encodeControlMessage } from "../control.js";
import { GroupOrder, TokenAliasType } from "../types.js";
import type { Draft } from "../version.js";
import type { Publish } from "./publish.js";

const bytes = (s: string) => new TextEncoder().encode(s);
const base: Publish = {
	type: "PUBLISH",
	requestId: 1n,
	trackNamespace: [bytes("live"), bytes("room")],
	trackName: bytes("video"),
	trackAlias: 9n,
};
const NS = "02 04 6c697665 04 726f6f6d 05 766964656f";

function roundTrip(m: Publish, draft: Draft, expected: string): void {
	const encoded = encodeControlMessage(m, draft);
	expect(toHex(encoded)).toBe(expected.replace(/\s+/g, ""));
	expect(decodeControlMessage(encoded, draft)).toEqual({ kind: "ok", message: m, consumed: encoded.length });
}
const decode = (hex: string, draft: Draft) => decodeControlMessage(hexToBytes(hex), draft);

describe("PUBLISH", () => {
	it("draft-14 carries Group Order, Content Exists + Largest Location and Forward as fields", () => {
		roundTrip(
			{
				...base,
				groupOrder: GroupOrder.DESCENDING,
				largestObject: { group: 7n, object: 4n },
				forward: true,
				maxCacheDuration: 5000n,
			},
			14,
			// alias 09, order 02, exists 01 {7,4}, forward 01, 1 param: 0x04 = 5000 (5388)
			`1d 001c 01 ${NS} 09 02 01 0704 01 01 04 5388`,
		);
	});
	it("draft-14 writes Ascending and Forward 1 when absent", () => {
		const encoded = encodeControlMessage(base, 14);
		expect(toHex(encoded.subarray(3 + 1 + 17))).toBe("09" + "01" + "00" + "01" + "00");
		expect(decodeControlMessage(encoded, 14)).toMatchObject({
			kind: "ok",
			message: { groupOrder: GroupOrder.ASCENDING, forward: true },
		});
	});
	it("draft-16 moves Largest and Forward into parameters and appends Track Extensions", () => {
		roundTrip(
			{
				...base,
				forward: false,
				largestObject: { group: 7n, object: 4n },
				trackProperties: [{ type: 0x22n, value: 2n }],
			},
			16,
			// 2 params: 0x09 = [02: 07 04], delta 07 (0x10) = 0; extension 0x22 = 2
			`1d 001c 01 ${NS} 09 02 09 02 0704 07 00 22 02`,
		);
	});
	it("draft-18 writes typed parameters", () => {
		roundTrip(
			{
				...base,
				requestId: 3n,
				trackNamespace: [bytes("live")],
				trackName: bytes("a"),
				trackAlias: 1n,
				forward: true,
				authorizationTokens: [{ aliasType: TokenAliasType.USE_VALUE, tokenType: 0n, value: bytes("tok") }],
				trackProperties: [],
			},
			18,
			// 0x03 = [05: USE_VALUE, type 0, "tok"], delta 0d (0x10) = uint8 1
			"1d 0014 03 01 04 6c697665 01 61 01 02 03 05 03 00 746f6b 0d 01",
		);
	});
	it("draft-19 reads Track Properties to the end of the message", () => {
		roundTrip(
			{
				...base,
				requestId: 5n,
				trackNamespace: [bytes("live")],
				trackName: bytes("a"),
				trackAlias: 2n,
				trackProperties: [
					{ type: 0x0en, value: 100n },
					{ type: 0x23n, value: bytes("x") },
				],
			},
			19,
			"1d 0010 05 01 04 6c697665 01 61 02 00 0e 64 15 01 78",
		);
	});
	it("refuses what a draft cannot carry", () => {
		expect(() => encodeControlMessage({ ...base, groupOrder: GroupOrder.ASCENDING }, 16)).toThrow(
			expect.objectContaining({ code: "unsupported" }),
		);
		expect(() => encodeControlMessage({ ...base, trackProperties: [{ type: 2n, value: 0n }] }, 14)).toThrow(
			expect.objectContaining({ code: "unsupported" }),
		);
		expect(() => encodeControlMessage({ ...base, groupOrder: GroupOrder.PUBLISHER }, 14)).toThrow(
			expect.objectContaining({ code: "invalid-value" }),
		);
		expect(() => encodeControlMessage({ ...base, expires: 10n }, 14)).toThrow(
			expect.objectContaining({ code: "unsupported" }),
		);
	});
	it("rejects invalid draft-14 field values", () => {
		expect(decode(`1d 0017 01 ${NS} 09 00 00 01 00`, 14)).toMatchObject({
			kind: "error",
			error: { code: "invalid-value", offset: 22 },
		});
		expect(decode(`1d 0017 01 ${NS} 09 01 03 01 00`, 14)).toMatchObject({
			kind: "error",
			error: { code: "invalid-value", offset: 23 },
		});
		expect(decode(`1d 0017 01 ${NS} 09 01 00 02 00`, 14)).toMatchObject({
			kind: "error",
			error: { code: "invalid-value", offset: 24 },
		});
		expect(decode(`1d 0016 01 ${NS} 09 01 00 01`, 14)).toMatchObject({ kind: "error", error: { code: "malformed" } });
	});
	it("rejects an empty namespace field from draft-16", () => {
		expect(decode("1d 0007 01 01 00 01 61 09 00", 16)).toMatchObject({
			kind: "error",
			error: { code: "invalid-value" },
		});
	});
});
