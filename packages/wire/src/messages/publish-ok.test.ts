import { describe, expect, it } from "vitest";
import { hexToBytes, toHex } from "../../test/vector-json.js";
import { decodeControlMessage, encodeControlMessage, messageTypeCode } from "../control.js";
import { FilterType, GroupOrder } from "../types.js";
import type { PublishOk } from "./publish-ok.js";

describe("PUBLISH_OK", () => {
	it("draft-14 carries Forward, Subscriber Priority, Group Order and the filter as fields", () => {
		const m: PublishOk = {
			type: "PUBLISH_OK",
			requestId: 1n,
			forward: true,
			subscriberPriority: 64,
			groupOrder: GroupOrder.ASCENDING,
			subscriptionFilter: { type: FilterType.NEXT_GROUP_START },
			deliveryTimeout: 100n,
		};
		const encoded = encodeControlMessage(m, 14);
		// request 01, forward 01, priority 0x40, order 01, filter 01, 1 param: 0x02 = 100 (4064)
		expect(toHex(encoded)).toBe("1e0009" + "01" + "01" + "40" + "01" + "01" + "01" + "02" + "4064");
		expect(decodeControlMessage(encoded, 14)).toEqual({ kind: "ok", message: m, consumed: encoded.length });
	});
	it("draft-14 defaults: Forward 1, priority 128, unfiltered = AbsoluteStart {0, 0}", () => {
		const encoded = encodeControlMessage({ type: "PUBLISH_OK", requestId: 1n, groupOrder: 2 }, 14);
		expect(toHex(encoded)).toBe("1e0008" + "01" + "01" + "80" + "02" + "03" + "0000" + "00");
		expect(decodeControlMessage(encoded, 14)).toStrictEqual({
			kind: "ok",
			message: {
				type: "PUBLISH_OK",
				requestId: 1n,
				forward: true,
				subscriberPriority: 128,
				groupOrder: GroupOrder.DESCENDING,
				subscriptionFilter: { type: FilterType.ABSOLUTE_START, start: { group: 0n, object: 0n } },
			},
			consumed: encoded.length,
		});
	});
	it("draft-14 needs a Group Order: 0 is a protocol error there", () => {
		expect(() => encodeControlMessage({ type: "PUBLISH_OK", requestId: 1n }, 14)).toThrow(
			expect.objectContaining({ code: "invalid-value" }),
		);
		expect(() => encodeControlMessage({ type: "PUBLISH_OK", requestId: 1n, groupOrder: 0 }, 14)).toThrow(
			expect.objectContaining({ code: "invalid-value" }),
		);
		expect(decodeControlMessage(hexToBytes("1e0006 01 01 80 00 02 00"), 14)).toMatchObject({
			kind: "error",
			error: { code: "invalid-value", offset: 6 },
		});
		expect(decodeControlMessage(hexToBytes("1e0006 01 02 80 01 02 00"), 14)).toMatchObject({
			kind: "error",
			error: { code: "invalid-value", offset: 4 },
		});
		expect(decodeControlMessage(hexToBytes("1e0006 01 01 80 01 05 00"), 14)).toMatchObject({
			kind: "error",
			error: { code: "invalid-value" },
		});
	});
	it("draft-16 carries everything as parameters", () => {
		const m: PublishOk = {
			type: "PUBLISH_OK",
			requestId: 1n,
			forward: true,
			subscriberPriority: 64,
			groupOrder: GroupOrder.DESCENDING,
			subscriptionFilter: { type: FilterType.LARGEST_OBJECT },
			deliveryTimeout: 100n,
			expires: 5000n,
			newGroupRequest: 0n,
		};
		const encoded = encodeControlMessage(m, 16);
		// deltas: 02=100, 06 (0x08)=5000, 08 (0x10)=1, 10 (0x20)=64, 01 (0x21)=[01: 02], 01 (0x22)=2, 10 (0x32)=0
		expect(toHex(encoded)).toBe(
			"1e0014" + "01" + "07" + "024064" + "065388" + "0801" + "104040" + "010102" + "0102" + "1000",
		);
		expect(decodeControlMessage(encoded, 16)).toEqual({ kind: "ok", message: m, consumed: encoded.length });
		expect(decodeControlMessage(hexToBytes("1e0002 01 00"), 16)).toStrictEqual({
			kind: "ok",
			message: { type: "PUBLISH_OK", requestId: 1n },
			consumed: 5,
		});
	});
	it("is a REQUEST_OK from draft-17, which this codec does not encode", () => {
		expect(messageTypeCode("PUBLISH_OK", 18)).toBeUndefined();
		expect(() => encodeControlMessage({ type: "PUBLISH_OK", requestId: 1n }, 19)).toThrow(
			expect.objectContaining({ code: "unsupported" }),
		);
	});
});
