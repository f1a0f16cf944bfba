import { describe, expect, it } from "vitest";
import { hexToBytes, toHex } from "../../test/vector-json.js";
import { decodeControlMessage, encodeControlMessage } from "../control.js";
import { GroupOrder } from "../types.js";
import type { Draft } from "../version.js";
import type { SubscribeOk } from "./subscribe-ok.js";

const hex = (s: string) => s.replace(/\s+/g, "");
const decode = (s: string, draft: Draft, maxParameters?: number) =>
	decodeControlMessage(hexToBytes(s), draft, maxParameters === undefined ? undefined : { limits: { maxParameters } });

function roundTrip(m: SubscribeOk, draft: Draft, expected: string): void {
	const encoded = encodeControlMessage(m, draft);
	expect(toHex(encoded)).toBe(hex(expected));
	expect(decodeControlMessage(encoded, draft)).toEqual({ kind: "ok", message: m, consumed: encoded.length });
}

describe("SUBSCRIBE_OK", () => {
	it("draft-14 carries Expires, Group Order and Content Exists + Largest Location as fields", () => {
		roundTrip(
			{
				type: "SUBSCRIBE_OK",
				requestId: 2n,
				trackAlias: 7n,
				expires: 1000n,
				groupOrder: GroupOrder.DESCENDING,
				largestObject: { group: 5n, object: 3n },
				maxCacheDuration: 60000n,
			},
			14,
			// request 02, alias 07, expires 1000 (43e8), order 02, exists 01 {5,3}, 1 param: 0x04 = 60000
			"04 000e 02 07 43e8 02 01 0503 01 04 8000ea60",
		);
	});
	it("draft-14 writes the defaults (never expires, Ascending, no content) and decodes them", () => {
		const encoded = encodeControlMessage({ type: "SUBSCRIBE_OK", requestId: 0n, trackAlias: 0n }, 14);
		expect(toHex(encoded)).toBe("0400060000000100" + "00");
		expect(decodeControlMessage(encoded, 14)).toStrictEqual({
			kind: "ok",
			message: { type: "SUBSCRIBE_OK", requestId: 0n, trackAlias: 0n, expires: 0n, groupOrder: GroupOrder.ASCENDING },
			consumed: encoded.length,
		});
	});
	it("draft-16 moves them into EXPIRES / LARGEST_OBJECT and appends Track Extensions", () => {
		roundTrip(
			{
				type: "SUBSCRIBE_OK",
				requestId: 2n,
				trackAlias: 7n,
				expires: 1000n,
				largestObject: { group: 5n, object: 3n },
				trackProperties: [
					{ type: 0x0en, value: 64n },
					{ type: 0x22n, value: 2n },
					{ type: 0x25n, value: new TextEncoder().encode("ab") },
				],
			},
			16,
			// 2 params: 08 = 1000, delta 01 (0x09) = [02: 05 03]; extensions by delta: 0e=64, 14 (0x22)=2, 03 (0x25)=[ab]
			"04 0013 02 07 02 08 43e8 01 02 0503 0e 4040 14 02 03 02 6162",
		);
	});
	it("draft-18 drops the Request ID and writes typed parameters", () => {
		roundTrip(
			{
				type: "SUBSCRIBE_OK",
				trackAlias: 7n,
				expires: 1000n,
				largestObject: { group: 5n, object: 3n },
				trackProperties: [{ type: 0x0en, value: 64n }],
			},
			18,
			// vi64: 1000 = 83e8; LARGEST_OBJECT is a bare Location; property 0e = 64 (one byte in vi64)
			"04 000a 07 02 08 83e8 01 0503 0e 40",
		);
	});
	it("draft-19 decodes an empty Track Properties list and no Request ID", () => {
		const d = decodeControlMessage(hexToBytes("04 0003 812c 00"), 19);
		expect(d).toStrictEqual({
			kind: "ok",
			message: { type: "SUBSCRIBE_OK", trackAlias: 300n, trackProperties: [] },
			consumed: 6,
		});
	});
	it("requires the Request ID up to draft-16 and refuses it from draft-18", () => {
		expect(() => encodeControlMessage({ type: "SUBSCRIBE_OK", trackAlias: 1n }, 14)).toThrow(
			expect.objectContaining({ code: "invalid-value" }),
		);
		expect(() => encodeControlMessage({ type: "SUBSCRIBE_OK", trackAlias: 1n }, 16)).toThrow(
			expect.objectContaining({ code: "invalid-value" }),
		);
		expect(() => encodeControlMessage({ type: "SUBSCRIBE_OK", requestId: 1n, trackAlias: 1n }, 19)).toThrow(
			expect.objectContaining({ code: "unsupported" }),
		);
	});
	it("refuses what a draft cannot carry", () => {
		const props = { type: "SUBSCRIBE_OK", requestId: 1n, trackAlias: 1n, trackProperties: [{ type: 2n, value: 1n }] };
		expect(() => encodeControlMessage(props as SubscribeOk, 14)).toThrow(
			expect.objectContaining({ code: "unsupported" }),
		);
		expect(encodeControlMessage({ ...(props as SubscribeOk), trackProperties: [] }, 14).length).toBe(9);
		const ordered: SubscribeOk = { type: "SUBSCRIBE_OK", requestId: 1n, trackAlias: 1n, groupOrder: 2 };
		expect(() => encodeControlMessage(ordered, 16)).toThrow(expect.objectContaining({ code: "unsupported" }));
		expect(() => encodeControlMessage({ ...ordered, groupOrder: GroupOrder.PUBLISHER }, 14)).toThrow(
			expect.objectContaining({ code: "invalid-value" }),
		);
		expect(() => encodeControlMessage({ ...ordered, maxCacheDuration: 5n }, 16)).toThrow(
			expect.objectContaining({ code: "unsupported" }),
		);
	});
	it("rejects invalid draft-14 Group Order and Content Exists values", () => {
		expect(decode("04 0006 00 00 00 00 00 00", 14)).toMatchObject({ kind: "error", error: { code: "invalid-value" } });
		expect(decode("04 0006 00 00 00 03 00 00", 14)).toMatchObject({
			kind: "error",
			error: { code: "invalid-value", offset: 6 },
		});
		expect(decode("04 0006 00 00 00 01 02 00", 14)).toMatchObject({
			kind: "error",
			error: { code: "invalid-value", offset: 7 },
		});
	});
	it("rejects truncated and overlong bodies", () => {
		// Content Exists 1, then a Location cut short by the length.
		expect(decode("04 0006 00 00 00 01 01 05", 14)).toMatchObject({ kind: "error", error: { code: "malformed" } });
		expect(decode("04 0007 00 00 00 01 00 00 ff", 14)).toMatchObject({
			kind: "error",
			error: { code: "trailing-bytes" },
		});
		// -16 Track Extension with an odd type whose 5-byte value is missing.
		expect(decode("04 0005 02 07 00 01 05", 16)).toMatchObject({ kind: "error", error: { code: "malformed" } });
		// -18: a parameter not allowed in SUBSCRIBE_OK (FORWARD) is a protocol violation.
		expect(decode("04 0004 07 01 10 01", 18)).toMatchObject({ kind: "error", error: { code: "invalid-value" } });
	});
	it("limits the number of Track Properties", () => {
		const twoProps = "04 0006 07 00 02 01 02 02";
		expect(decode(twoProps, 19).kind).toBe("ok");
		expect(decode(twoProps, 19, 1)).toMatchObject({ kind: "error", error: { code: "too-large" } });
	});
});
