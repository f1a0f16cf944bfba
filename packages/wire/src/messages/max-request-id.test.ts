import { describe, expect, it } from "vitest";
import { hexToBytes, toHex } from "../../test/vector-json.js";
import { decodeControlMessage, encodeControlMessage } from "../control.js";
import type { MaxRequestId } from "./max-request-id.js";

describe("MAX_REQUEST_ID", () => {
	it.each([
		[14, 0n, "15000100"],
		[14, 63n, "1500013f"],
		[16, 64n, "1500024040"],
		[16, 2n ** 62n - 1n, "150008ffffffffffffffff"],
	] as const)("draft-%s round-trips %s", (draft, value, hex) => {
		const m: MaxRequestId = { type: "MAX_REQUEST_ID", maxRequestId: value };
		const bytes = encodeControlMessage(m, draft);
		expect(toHex(bytes)).toBe(hex);
		expect(decodeControlMessage(bytes, draft)).toEqual({ kind: "ok", message: m, consumed: bytes.length });
	});
	it("does not exist from draft-17", () => {
		expect(() => encodeControlMessage({ type: "MAX_REQUEST_ID", maxRequestId: 1n }, 18)).toThrow(/no MAX_REQUEST_ID/);
		const d = decodeControlMessage(hexToBytes("15000101"), 19);
		expect(d.kind === "error" && d.error.code).toBe("unknown-message");
	});
	it("rejects an empty body and a value past 2^62-1", () => {
		const empty = decodeControlMessage(hexToBytes("150000"), 14);
		expect(empty.kind === "error" && empty.error.code).toBe("malformed");
		expect(() => encodeControlMessage({ type: "MAX_REQUEST_ID", maxRequestId: 2n ** 62n }, 16)).toThrow();
	});
});
