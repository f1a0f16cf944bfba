import { describe, expect, it } from "vitest";
import { hexToBytes, toHex } from "../../test/vector-json.js";
import { decodeControlMessage, encodeControlMessage } from "../control.js";
import { FetchErrorCode, SubscribeErrorCode } from "../error-codes.js";
import type { AnyRequestError14, SubscribeError } from "./request-errors-14.js";

const CODES: readonly [AnyRequestError14["type"], string][] = [
	["SUBSCRIBE_ERROR", "05"],
	["PUBLISH_NAMESPACE_ERROR", "08"],
	["TRACK_STATUS_ERROR", "0f"],
	["SUBSCRIBE_NAMESPACE_ERROR", "13"],
	["FETCH_ERROR", "19"],
	["PUBLISH_ERROR", "1f"],
];

describe("draft-14 *_ERROR messages", () => {
	it.each(CODES)("%s is type 0x%s: Request ID, Error Code, Reason Phrase", (type, code) => {
		const m = { type, requestId: 300n, errorCode: 0x12, reasonPhrase: "é" } as AnyRequestError14;
		const bytes = encodeControlMessage(m, 14);
		// Request ID 300 = 412c, code 12, reason: 2 UTF-8 bytes c3a9.
		expect(toHex(bytes)).toBe(`${code}0006412c1202c3a9`);
		expect(decodeControlMessage(bytes, 14)).toEqual({ kind: "ok", message: m, consumed: bytes.length });
	});
	it.each(CODES)("%s does not exist after draft-14", (type) => {
		const m = { type, requestId: 0n, errorCode: 0, reasonPhrase: "" } as AnyRequestError14;
		for (const draft of [16, 18, 19] as const) {
			expect(() => encodeControlMessage(m, draft)).toThrow(expect.objectContaining({ code: "unsupported" }));
		}
	});
	it("carries the per-message code tables' values", () => {
		const m: SubscribeError = {
			type: "SUBSCRIBE_ERROR",
			requestId: 0n,
			errorCode: SubscribeErrorCode.TRACK_DOES_NOT_EXIST,
			reasonPhrase: "",
		};
		expect(toHex(encodeControlMessage(m, 14))).toBe("050003000400");
		const d = decodeControlMessage(
			hexToBytes(`190003 00 ${FetchErrorCode.MALFORMED_TRACK.toString(16).padStart(2, "0")} 00`),
			14,
		);
		expect(d.kind === "ok" && d.message).toMatchObject({ type: "FETCH_ERROR", errorCode: 9 });
	});
	it("decodes an unknown huge code as Number.MAX_SAFE_INTEGER", () => {
		const d = decodeControlMessage(hexToBytes("05000a" + "00" + "ffffffffffffffff" + "00"), 14);
		expect(d.kind === "ok" && (d.message as SubscribeError).errorCode).toBe(Number.MAX_SAFE_INTEGER);
	});
	it("rejects truncation, trailing bytes and an over-long reason", () => {
		const cut = decodeControlMessage(hexToBytes("130002" + "00" + "00"), 14);
		expect(cut.kind === "error" && cut.error.code).toBe("malformed");
		const trailing = decodeControlMessage(hexToBytes("190004" + "00" + "00" + "00" + "00"), 14);
		expect(trailing.kind === "error" && trailing.error.code).toBe("trailing-bytes");
		const long = decodeControlMessage(hexToBytes("1f0004" + "00" + "00" + "4401"), 14);
		expect(long.kind === "error" && long.error.code).toBe("too-large");
	});
});
