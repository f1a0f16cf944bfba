import { describe, expect, it } from "vitest";
import { hexToBytes, toHex } from "../../test/vector-json.js";
import { decodeControlMessage, encodeControlMessage } from "../control.js";
import type { UnsubscribeNamespace } from "./unsubscribe-namespace.js";

const bytes = (s: string) => new TextEncoder().encode(s);

describe("UNSUBSCRIBE_NAMESPACE", () => {
	it("round-trips its prefix in draft-14", () => {
		const m: UnsubscribeNamespace = { type: "UNSUBSCRIBE_NAMESPACE", trackNamespacePrefix: [bytes("live")] };
		const encoded = encodeControlMessage(m, 14);
		expect(toHex(encoded)).toBe("14000601046c697665");
		expect(decodeControlMessage(encoded, 14)).toEqual({ kind: "ok", message: m, consumed: 9 });
	});

	it("needs 1 to 32 prefix fields in draft-14", () => {
		const empty = decodeControlMessage(hexToBytes("14 0001 00"), 14);
		expect(empty.kind === "error" && empty.error.code).toBe("invalid-value");
		const many = decodeControlMessage(hexToBytes("14 0001 21"), 14);
		expect(many.kind === "error" && many.error.code).toBe("invalid-value");
		expect(() => encodeControlMessage({ type: "UNSUBSCRIBE_NAMESPACE", trackNamespacePrefix: [] }, 14)).toThrow(
			/0 fields/,
		);
	});

	it("does not exist from draft-16 (closing the stream cancels)", () => {
		expect(() =>
			encodeControlMessage({ type: "UNSUBSCRIBE_NAMESPACE", trackNamespacePrefix: [bytes("a")] }, 16),
		).toThrow(/no UNSUBSCRIBE_NAMESPACE/);
		const d = decodeControlMessage(hexToBytes("14 0003 01 0161"), 16);
		expect(d.kind === "error" && d.error.code).toBe("unknown-message");
	});

	it("rejects a field that runs past the message", () => {
		const d = decodeControlMessage(hexToBytes("14 0003 01 0461"), 14);
		expect(d.kind === "error" && d.error.code).toBe("malformed");
	});
});
