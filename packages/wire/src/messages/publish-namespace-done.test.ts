import { describe, expect, it } from "vitest";
import { hexToBytes, toHex } from "../../test/vector-json.js";
import { decodeControlMessage, encodeControlMessage } from "../control.js";
import type { PublishNamespaceDone } from "./publish-namespace-done.js";

const bytes = (s: string) => new TextEncoder().encode(s);

describe("PUBLISH_NAMESPACE_DONE", () => {
	it("names the namespace in draft-14", () => {
		const m: PublishNamespaceDone = { type: "PUBLISH_NAMESPACE_DONE", trackNamespace: [bytes("live"), bytes("room")] };
		const encoded = encodeControlMessage(m, 14);
		expect(toHex(encoded)).toBe("09000b02046c69766504726f6f6d");
		expect(decodeControlMessage(encoded, 14)).toEqual({ kind: "ok", message: m, consumed: 14 });
	});

	it("names the PUBLISH_NAMESPACE's Request ID in draft-16", () => {
		const m: PublishNamespaceDone = { type: "PUBLISH_NAMESPACE_DONE", requestId: 1n };
		const encoded = encodeControlMessage(m, 16);
		expect(toHex(encoded)).toBe("09000101");
		expect(decodeControlMessage(encoded, 16)).toEqual({ kind: "ok", message: m, consumed: 4 });
	});

	it("requires the draft's identifier and refuses the other one", () => {
		const both: PublishNamespaceDone = { type: "PUBLISH_NAMESPACE_DONE", requestId: 1n, trackNamespace: [bytes("a")] };
		expect(() => encodeControlMessage(both, 14)).toThrow(expect.objectContaining({ code: "unsupported" }));
		expect(() => encodeControlMessage(both, 16)).toThrow(expect.objectContaining({ code: "unsupported" }));
		expect(() => encodeControlMessage({ type: "PUBLISH_NAMESPACE_DONE" }, 14)).toThrow(/needs a trackNamespace/);
		expect(() => encodeControlMessage({ type: "PUBLISH_NAMESPACE_DONE" }, 16)).toThrow(/needs a requestId/);
	});

	it("does not exist from draft-17 (the request stream is cancelled instead)", () => {
		expect(() => encodeControlMessage({ type: "PUBLISH_NAMESPACE_DONE", requestId: 1n }, 18)).toThrow(
			/no PUBLISH_NAMESPACE_DONE/,
		);
		const d = decodeControlMessage(hexToBytes("09 0001 01"), 18);
		expect(d.kind === "error" && d.error.code).toBe("unknown-message");
	});

	it("rejects an empty draft-14 namespace and trailing bytes", () => {
		const empty = decodeControlMessage(hexToBytes("09 0001 00"), 14);
		expect(empty.kind === "error" && empty.error.code).toBe("invalid-value");
		const trailing = decodeControlMessage(hexToBytes("09 0002 01 01"), 16);
		expect(trailing.kind === "error" && trailing.error.code).toBe("trailing-bytes");
	});
});
