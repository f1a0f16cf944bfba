import { describe, expect, it } from "vitest";
import { hexToBytes, toHex } from "../../test/vector-json.js";
import { decodeControlMessage, encodeControlMessage } from "../control.js";
import type { RequestsBlocked } from "./requests-blocked.js";

describe("REQUESTS_BLOCKED", () => {
	it.each([
		[14, 10n, "1a00010a"],
		[16, 1n << 40n, "1a0008c000010000000000"],
	] as const)("draft-%s round-trips %s", (draft, value, hex) => {
		const m: RequestsBlocked = { type: "REQUESTS_BLOCKED", maxRequestId: value };
		const bytes = encodeControlMessage(m, draft);
		expect(toHex(bytes)).toBe(hex);
		expect(decodeControlMessage(bytes, draft)).toEqual({ kind: "ok", message: m, consumed: bytes.length });
	});
	it("does not exist from draft-17", () => {
		expect(() => encodeControlMessage({ type: "REQUESTS_BLOCKED", maxRequestId: 1n }, 19)).toThrow(
			/no REQUESTS_BLOCKED/,
		);
		const d = decodeControlMessage(hexToBytes("1a000101"), 18);
		expect(d.kind === "error" && d.error.code).toBe("unknown-message");
	});
	it("rejects trailing bytes and a truncated value", () => {
		const trailing = decodeControlMessage(hexToBytes("1a00020a0a"), 16);
		expect(trailing.kind === "error" && trailing.error.code).toBe("trailing-bytes");
		const cut = decodeControlMessage(hexToBytes("1a000180"), 16);
		expect(cut.kind === "error" && cut.error.code).toBe("malformed");
	});
});
