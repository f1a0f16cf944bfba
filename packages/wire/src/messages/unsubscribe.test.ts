import { describe, expect, it } from "vitest";
import { hexToBytes, toHex } from "../../test/vector-json.js";
import { decodeControlMessage, encodeControlMessage } from "../control.js";

describe("UNSUBSCRIBE", () => {
	it("round-trips its Request ID in draft-14 and -16", () => {
		const small = encodeControlMessage({ type: "UNSUBSCRIBE", requestId: 2n }, 14);
		expect(toHex(small)).toBe("0a000102");
		expect(decodeControlMessage(small, 14)).toEqual({
			kind: "ok",
			message: { type: "UNSUBSCRIBE", requestId: 2n },
			consumed: 4,
		});
		const large = encodeControlMessage({ type: "UNSUBSCRIBE", requestId: 16384n }, 16);
		expect(toHex(large)).toBe("0a000480004000");
		expect(decodeControlMessage(large, 16)).toEqual({
			kind: "ok",
			message: { type: "UNSUBSCRIBE", requestId: 16384n },
			consumed: 7,
		});
	});
	it("rejects an empty or overlong body", () => {
		expect(decodeControlMessage(hexToBytes("0a0000"), 14)).toMatchObject({
			kind: "error",
			error: { code: "malformed" },
		});
		expect(decodeControlMessage(hexToBytes("0a00020200"), 16)).toMatchObject({
			kind: "error",
			error: { code: "trailing-bytes" },
		});
	});
	it("does not exist from draft-17 (the request stream is cancelled instead)", () => {
		expect(() => encodeControlMessage({ type: "UNSUBSCRIBE", requestId: 2n }, 18)).toThrow(
			expect.objectContaining({ code: "unsupported" }),
		);
		expect(decodeControlMessage(hexToBytes("0a000102"), 19)).toMatchObject({
			kind: "error",
			error: { code: "unknown-message" },
		});
	});
});
