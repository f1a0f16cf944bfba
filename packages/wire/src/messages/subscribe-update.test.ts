import { describe, expect, it } from "vitest";
import { hexToBytes, toHex } from "../../test/vector-json.js";
import { decodeControlMessage, encodeControlMessage, messageTypeCode } from "../control.js";
import { FilterType } from "../types.js";
import type { SubscribeUpdate } from "./subscribe-update.js";

const base: SubscribeUpdate = {
	type: "SUBSCRIBE_UPDATE",
	requestId: 4n,
	subscriptionRequestId: 2n,
	subscriptionFilter: { type: FilterType.ABSOLUTE_RANGE, start: { group: 10n, object: 0n }, endGroup: 19n },
	subscriberPriority: 5,
	forward: true,
};
const error = (hex: string) => decodeControlMessage(hexToBytes(hex), 14);

describe("SUBSCRIBE_UPDATE", () => {
	it("maps Start Location and End Group + 1 to an ABSOLUTE_RANGE filter", () => {
		const m: SubscribeUpdate = { ...base, deliveryTimeout: 2000n };
		const encoded = encodeControlMessage(m, 14);
		// request 04, subscription 02, start {10,0}, End Group 19+1 = 0x14, priority 05, forward 01,
		// 1 param: 0x02 = 2000 (47d0)
		expect(toHex(encoded)).toBe("02000b" + "04" + "02" + "0a00" + "14" + "05" + "01" + "01" + "02" + "47d0");
		expect(decodeControlMessage(encoded, 14)).toEqual({ kind: "ok", message: m, consumed: encoded.length });
	});
	it("maps End Group 0 (open-ended) to an ABSOLUTE_START filter", () => {
		const m: SubscribeUpdate = {
			...base,
			requestId: 6n,
			subscriptionFilter: { type: FilterType.ABSOLUTE_START, start: { group: 3n, object: 1n } },
			subscriberPriority: 200,
			forward: false,
		};
		const encoded = encodeControlMessage(m, 14);
		expect(toHex(encoded)).toBe("020008" + "06" + "02" + "0301" + "00" + "c8" + "00" + "00");
		expect(decodeControlMessage(encoded, 14)).toEqual({ kind: "ok", message: m, consumed: encoded.length });
	});
	it("accepts an End Group equal to the start group", () => {
		expect(error("020008 04 02 0a00 0b 05 01 00")).toMatchObject({
			kind: "ok",
			message: { subscriptionFilter: { type: FilterType.ABSOLUTE_RANGE, endGroup: 10n } },
		});
	});
	it("rejects an End Group before the start group, an invalid Forward and a short body", () => {
		// End Group 10 means group 9, before start group 10.
		expect(error("020008 04 02 0a00 0a 05 01 00")).toMatchObject({
			kind: "error",
			error: { code: "invalid-value", offset: 7 },
		});
		expect(error("020008 04 02 0a00 00 05 02 00")).toMatchObject({ kind: "error", error: { code: "invalid-value" } });
		expect(error("020006 04 02 0a00 00 05")).toMatchObject({ kind: "error", error: { code: "malformed" } });
		expect(error("020009 04 02 0a00 00 05 01 00 00")).toMatchObject({
			kind: "error",
			error: { code: "trailing-bytes" },
		});
	});
	it("needs a start, a priority and a forward state to encode, having no defaults", () => {
		const { subscriptionFilter: _f, ...noFilter } = base;
		expect(() => encodeControlMessage(noFilter, 14)).toThrow(expect.objectContaining({ code: "invalid-value" }));
		const { forward: _w, ...noForward } = base;
		expect(() => encodeControlMessage(noForward, 14)).toThrow(expect.objectContaining({ code: "invalid-value" }));
		const { subscriberPriority: _p, ...noPriority } = base;
		expect(() => encodeControlMessage(noPriority, 14)).toThrow(expect.objectContaining({ code: "invalid-value" }));
		expect(() =>
			encodeControlMessage({ ...base, subscriptionFilter: { type: FilterType.LARGEST_OBJECT } }, 14),
		).toThrow(expect.objectContaining({ code: "unsupported" }));
		expect(() =>
			encodeControlMessage(
				{
					...base,
					subscriptionFilter: { type: FilterType.ABSOLUTE_RANGE, start: { group: 5n, object: 0n }, endGroup: 4n },
				},
				14,
			),
		).toThrow(expect.objectContaining({ code: "invalid-value" }));
		expect(() => encodeControlMessage({ ...base, newGroupRequest: 1n }, 14)).toThrow(
			expect.objectContaining({ code: "unsupported" }),
		);
	});
	it("exists in draft-14 only (REQUEST_UPDATE replaces it)", () => {
		expect(messageTypeCode("SUBSCRIBE_UPDATE", 14)).toBe(0x2);
		expect(() => encodeControlMessage(base, 16)).toThrow(expect.objectContaining({ code: "unsupported" }));
	});
});
