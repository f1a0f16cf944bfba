import { describe, expect, it } from "vitest";
import { hexToBytes, toHex } from "../../test/vector-json.js";
import { decodeControlMessage, encodeControlMessage, messageTypeCode } from "../control.js";
import { GroupOrder } from "../types.js";
import type { TrackStatusOk } from "./track-status-ok.js";

describe("TRACK_STATUS_OK", () => {
	it("draft-14 has SUBSCRIBE_OK's body", () => {
		const m: TrackStatusOk = {
			type: "TRACK_STATUS_OK",
			requestId: 2n,
			trackAlias: 0n,
			expires: 0n,
			groupOrder: GroupOrder.ASCENDING,
			largestObject: { group: 12n, object: 7n },
			maxCacheDuration: 100n,
		};
		const encoded = encodeControlMessage(m, 14);
		// request 02, alias 00, expires 00, order 01, exists 01 {12,7}, 1 param 0x04 = 100 (4064)
		expect(toHex(encoded)).toBe("0e000b" + "02" + "00" + "00" + "01" + "01" + "0c07" + "01" + "04" + "4064");
		expect(decodeControlMessage(encoded, 14)).toEqual({ kind: "ok", message: m, consumed: encoded.length });
	});
	it("writes Track Alias 0 when absent and the decoder always sets it", () => {
		const encoded = encodeControlMessage({ type: "TRACK_STATUS_OK", requestId: 4n }, 14);
		expect(toHex(encoded)).toBe("0e0006" + "04" + "00" + "00" + "01" + "00" + "00");
		expect(decodeControlMessage(encoded, 14)).toStrictEqual({
			kind: "ok",
			message: { type: "TRACK_STATUS_OK", requestId: 4n, trackAlias: 0n, expires: 0n, groupOrder: 1 },
			consumed: 9,
		});
	});
	it("exists in draft-14 only", () => {
		expect(messageTypeCode("TRACK_STATUS_OK", 14)).toBe(0xe);
		for (const d of [16, 18, 19] as const) {
			expect(messageTypeCode("TRACK_STATUS_OK", d)).toBeUndefined();
			expect(() => encodeControlMessage({ type: "TRACK_STATUS_OK", requestId: 1n }, d)).toThrow(
				expect.objectContaining({ code: "unsupported" }),
			);
		}
	});
	it("rejects a Group Order of 0 and a truncated Largest Location", () => {
		expect(decodeControlMessage(hexToBytes("0e0006 02 00 00 00 00 00"), 14)).toMatchObject({
			kind: "error",
			error: { code: "invalid-value" },
		});
		expect(decodeControlMessage(hexToBytes("0e0006 02 00 00 01 01 0c"), 14)).toMatchObject({
			kind: "error",
			error: { code: "malformed" },
		});
	});
});
