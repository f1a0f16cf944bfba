import { describe, expect, it } from "vitest";
import { hexToBytes, toHex } from "../../test/vector-json.js";
import { decodeControlMessage, encodeControlMessage } from "../control.js";
import type { PublishNamespaceOk } from "./publish-namespace-ok.js";

describe("PUBLISH_NAMESPACE_OK", () => {
	it("round-trips its Request ID in draft-14", () => {
		const m: PublishNamespaceOk = { type: "PUBLISH_NAMESPACE_OK", requestId: 1n };
		const encoded = encodeControlMessage(m, 14);
		expect(toHex(encoded)).toBe("07000101");
		expect(decodeControlMessage(encoded, 14)).toEqual({ kind: "ok", message: m, consumed: 4 });
	});

	it("is REQUEST_OK's code from draft-16, so this codec does not exist there", () => {
		expect(() => encodeControlMessage({ type: "PUBLISH_NAMESPACE_OK", requestId: 1n }, 16)).toThrow(
			/no PUBLISH_NAMESPACE_OK/,
		);
		const d = decodeControlMessage(hexToBytes("07 0001 01"), 16);
		expect(d.kind === "ok" && d.message.type).not.toBe("PUBLISH_NAMESPACE_OK");
	});

	it("rejects an empty body and trailing bytes", () => {
		const empty = decodeControlMessage(hexToBytes("07 0000"), 14);
		expect(empty.kind === "error" && empty.error.code).toBe("malformed");
		const trailing = decodeControlMessage(hexToBytes("07 0002 01 01"), 14);
		expect(trailing.kind === "error" && trailing.error.code).toBe("trailing-bytes");
	});
});
