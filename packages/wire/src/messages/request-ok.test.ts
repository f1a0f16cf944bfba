import { describe, expect, it } from "vitest";
import { hexToBytes, toHex } from "../../test/vector-json.js";
import { decodeControlMessage, encodeControlMessage } from "../control.js";
import type { KeyValuePair } from "../types.js";
import type { RequestOk } from "./request-ok.js";

const decode = (hex: string, draft: 16 | 18 | 19) => decodeControlMessage(hexToBytes(hex), draft);

describe("REQUEST_OK", () => {
	it("draft-16 starts with the Request ID and has no Track Properties", () => {
		const m: RequestOk = { type: "REQUEST_OK", requestId: 9n, largestObject: { group: 1n, object: 2n } };
		const bytes = encodeControlMessage(m, 16);
		expect(toHex(bytes)).toBe("070006" + "09" + "01" + "09" + "02" + "0102");
		expect(decodeControlMessage(bytes, 16)).toEqual({ kind: "ok", message: m, consumed: bytes.length });
	});
	it("draft-16 needs a Request ID and cannot carry Track Properties", () => {
		expect(() => encodeControlMessage({ type: "REQUEST_OK" }, 16)).toThrow(/needs a Request ID/);
		const props: KeyValuePair[] = [{ type: 2n, value: 1n }];
		expect(() => encodeControlMessage({ type: "REQUEST_OK", requestId: 1n, trackProperties: props }, 16)).toThrow(
			/no Track Properties/,
		);
		expect(toHex(encodeControlMessage({ type: "REQUEST_OK", requestId: 1n, trackProperties: [] }, 16))).toBe(
			"0700020100",
		);
	});
	it.each([18, 19] as const)("draft-%s has no Request ID and ends with Track Properties", (draft) => {
		const m: RequestOk = {
			type: "REQUEST_OK",
			expires: 0n,
			trackProperties: [
				{ type: 4n, value: 1n },
				{ type: 0x4001n, value: hexToBytes("ff") },
			],
		};
		const bytes = encodeControlMessage(m, draft);
		// 1 param: EXPIRES (0x08) = 0; properties: +4 = 1, +0x3ffd (vi64 bffd) = 1 byte ff.
		expect(toHex(bytes)).toBe("070009" + "01" + "0800" + "0401" + "bffd01ff");
		expect(decodeControlMessage(bytes, draft)).toEqual({ kind: "ok", message: m, consumed: bytes.length });
		expect(() => encodeControlMessage({ type: "REQUEST_OK", requestId: 1n }, draft)).toThrow(/no Request ID/);
	});
	it("always sets trackProperties when decoding draft-18 and -19", () => {
		for (const draft of [18, 19] as const) {
			const d = decode("07000100", draft);
			expect(d.kind === "ok" && d.message).toEqual({ type: "REQUEST_OK", trackProperties: [] });
		}
	});
	it("sorts Track Properties by type so the deltas are non-negative", () => {
		const m: RequestOk = {
			type: "REQUEST_OK",
			trackProperties: [
				{ type: 10n, value: 1n },
				{ type: 2n, value: 2n },
			],
		};
		const bytes = encodeControlMessage(m, 19);
		expect(toHex(bytes)).toBe("070005" + "00" + "0202" + "0801");
		const d = decodeControlMessage(bytes, 19);
		expect(d.kind === "ok" && (d.message as RequestOk).trackProperties).toEqual([
			{ type: 2n, value: 2n },
			{ type: 10n, value: 1n },
		]);
	});
	it("decodes draft-18's PUBLISH_OK code 0x1E as REQUEST_OK and encodes 0x07", () => {
		const d = decode("1e0003" + "01" + "1000", 18);
		expect(d.kind === "ok" && d.message).toEqual({ type: "REQUEST_OK", forward: false, trackProperties: [] });
		if (d.kind === "ok") expect(toHex(encodeControlMessage(d.message, 18))).toBe("070003011000");
		const d19 = decode("1e000100", 19);
		expect(d19.kind === "error" && d19.error.code).toBe("unknown-message");
	});
	it("does not exist in draft-14", () => {
		expect(() => encodeControlMessage({ type: "REQUEST_OK" }, 14)).toThrow(/no REQUEST_OK/);
	});
	it("refuses parameters REQUEST_OK cannot carry", () => {
		expect(() => encodeControlMessage({ type: "REQUEST_OK", rendezvousTimeout: 1n }, 19)).toThrow(/cannot carry/);
		// RENDEZVOUS_TIMEOUT (0x04) in a draft-19 REQUEST_OK.
		const d = decode("070003" + "01" + "0401", 19);
		expect(d.kind === "error" && d.error.code).toBe("invalid-value");
	});
	it("rejects malformed Track Properties", () => {
		// An odd-typed property whose length runs past the message.
		const cut = decode("070004" + "00" + "0105" + "61", 18);
		expect(cut.kind === "error" && cut.error.code).toBe("malformed");
		// A property value longer than 65535 bytes.
		const long = decode("070005" + "00" + "01" + "c10000", 19);
		expect(long.kind === "error" && long.error.code).toBe("too-large");
		// A delta that takes the type past 2^64-1.
		const overflow = decode("07000c" + "00" + "ffffffffffffffffff" + "00" + "01", 19);
		expect(overflow.kind === "error" && overflow.error.code).toBe("invalid-value");
	});
	it("bounds the number of Track Properties", () => {
		const trackProperties = Array.from({ length: 3 }, (_, i) => ({ type: BigInt(2 * i), value: 0n }));
		const bytes = encodeControlMessage({ type: "REQUEST_OK", trackProperties }, 19);
		const d = decodeControlMessage(bytes, 19, { limits: { maxParameters: 2 } });
		expect(d.kind === "error" && d.error.code).toBe("too-large");
	});
	it("rejects a truncated draft-16 Request ID", () => {
		const d = decode("07000140", 16);
		expect(d.kind === "error" && d.error.code).toBe("malformed");
	});
});
