import { describe, expect, it } from "vitest";
import { hexToBytes, toHex } from "../../test/vector-json.js";
import { decodeControlMessage, encodeControlMessage } from "../control.js";
import type { SubscribeNamespaceOk } from "./subscribe-namespace-ok.js";

describe("SUBSCRIBE_NAMESPACE_OK", () => {
	it("round-trips its Request ID in draft-14", () => {
		const m: SubscribeNamespaceOk = { type: "SUBSCRIBE_NAMESPACE_OK", requestId: 0x3fffn };
		const encoded = encodeControlMessage(m, 14);
		expect(toHex(encoded)).toBe("1200027fff");
		expect(decodeControlMessage(encoded, 14)).toEqual({ kind: "ok", message: m, consumed: 5 });
	});

	it("does not exist from draft-16 (REQUEST_OK answers)", () => {
		expect(() => encodeControlMessage({ type: "SUBSCRIBE_NAMESPACE_OK", requestId: 1n }, 16)).toThrow(
			/no SUBSCRIBE_NAMESPACE_OK/,
		);
		const d = decodeControlMessage(hexToBytes("12 0001 01"), 16);
		expect(d.kind === "error" && d.error.code).toBe("unknown-message");
	});

	it("rejects a Request ID cut short and trailing bytes", () => {
		const short = decodeControlMessage(hexToBytes("12 0001 7f"), 14);
		expect(short.kind === "error" && short.error.code).toBe("malformed");
		const trailing = decodeControlMessage(hexToBytes("12 0002 02 00"), 14);
		expect(trailing.kind === "error" && trailing.error.code).toBe("trailing-bytes");
	});
});
