import { describe, expect, it } from "vitest";
import { hexToBytes, toHex } from "../../test/vector-json.js";
import { decodeControlMessage, encodeControlMessage, messageTypeCode } from "../control.js";
import { RangeFilterKind } from "../filters.js";
import { FilterType } from "../types.js";
import type { Draft } from "../version.js";
import type { RequestUpdate } from "./request-update.js";

const range = { type: FilterType.ABSOLUTE_RANGE, start: { group: 10n, object: 0n }, endGroup: 19n } as const;

function roundTrip(m: RequestUpdate, draft: Draft, expected: string): void {
	const encoded = encodeControlMessage(m, draft);
	expect(toHex(encoded)).toBe(expected.replace(/\s+/g, ""));
	expect(decodeControlMessage(encoded, draft)).toEqual({ kind: "ok", message: m, consumed: encoded.length });
}

describe("REQUEST_UPDATE", () => {
	it("draft-16 carries the Existing Request ID and key-value parameters", () => {
		roundTrip(
			{
				type: "REQUEST_UPDATE",
				requestId: 8n,
				existingRequestId: 2n,
				forward: false,
				subscriberPriority: 10,
				subscriptionFilter: range,
			},
			16,
			// 3 params by delta: 0x10 = 0, 0x20 = 10, 0x21 = [04: 04 {10,0} 19]
			"02 000d 08 02 03 10 00 10 0a 01 04 040a0013",
		);
	});
	it("draft-18 has no Existing Request ID; the filter's End Group is a delta", () => {
		roundTrip(
			{
				type: "REQUEST_UPDATE",
				requestId: 8n,
				subgroupDeliveryTimeout: 500n,
				subscriptionFilter: range,
				newGroupRequest: 0n,
			},
			18,
			// 0x06 = 500 (vi64 81f4), delta 0x1b (0x21) = [04: 04 {10,0} +9], delta 0x11 (0x32) = 0
			"02 000d 08 03 06 81f4 1b 04 040a0009 11 00",
		);
	});
	it("draft-19 updates a namespace prefix and range filters", () => {
		roundTrip(
			{ type: "REQUEST_UPDATE", requestId: 10n, trackNamespacePrefix: [new TextEncoder().encode("live")] },
			19,
			"02 0009 0a 01 34 01 04 6c697665",
		);
		roundTrip(
			{
				type: "REQUEST_UPDATE",
				requestId: 10n,
				rangeFilters: [{ kind: RangeFilterKind.SUBGROUP, setId: 1, ranges: [{ start: 0n, end: 3n }] }],
			},
			19,
			// 0x25 = [04: set 01, start 0, +3]
			"02 0007 0a 01 25 03 01 00 03",
		);
	});
	it("requires the Existing Request ID in draft-16 and refuses it later", () => {
		expect(() => encodeControlMessage({ type: "REQUEST_UPDATE", requestId: 2n }, 16)).toThrow(
			expect.objectContaining({ code: "invalid-value" }),
		);
		expect(() => encodeControlMessage({ type: "REQUEST_UPDATE", requestId: 2n, existingRequestId: 0n }, 18)).toThrow(
			expect.objectContaining({ code: "unsupported" }),
		);
		expect(messageTypeCode("REQUEST_UPDATE", 14)).toBeUndefined();
	});
	it("refuses parameters a REQUEST_UPDATE cannot carry", () => {
		expect(() =>
			encodeControlMessage({ type: "REQUEST_UPDATE", requestId: 2n, largestObject: { group: 1n, object: 0n } }, 19),
		).toThrow(expect.objectContaining({ code: "unsupported" }));
		expect(() =>
			encodeControlMessage(
				{ type: "REQUEST_UPDATE", requestId: 2n, existingRequestId: 0n, trackNamespacePrefix: [] },
				16,
			),
		).toThrow(expect.objectContaining({ code: "unsupported" }));
		// -18: LARGEST_OBJECT (0x09) received in a REQUEST_UPDATE is a protocol violation.
		expect(decodeControlMessage(hexToBytes("02 0005 08 01 09 01 00"), 18)).toMatchObject({
			kind: "error",
			error: { code: "invalid-value" },
		});
	});
	it("rejects a truncated body", () => {
		expect(decodeControlMessage(hexToBytes("02 0001 08"), 16)).toMatchObject({
			kind: "error",
			error: { code: "malformed" },
		});
		expect(decodeControlMessage(hexToBytes("02 0003 08 01 10"), 19)).toMatchObject({
			kind: "error",
			error: { code: "malformed" },
		});
	});
});
