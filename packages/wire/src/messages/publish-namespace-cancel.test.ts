import { describe, expect, it } from "vitest";
import { hexToBytes, toHex } from "../../test/vector-json.js";
import { decodeControlMessage, encodeControlMessage } from "../control.js";
import type { PublishNamespaceCancel } from "./publish-namespace-cancel.js";

const bytes = (s: string) => new TextEncoder().encode(s);

describe("PUBLISH_NAMESPACE_CANCEL", () => {
	it("draft-14: namespace, Error Code, Error Reason", () => {
		const m: PublishNamespaceCancel = {
			type: "PUBLISH_NAMESPACE_CANCEL",
			trackNamespace: [bytes("live")],
			errorCode: 1,
			reasonPhrase: "expired",
		};
		const encoded = encodeControlMessage(m, 14);
		expect(toHex(encoded)).toBe("0c000f01046c697665010765787069726564");
		expect(decodeControlMessage(encoded, 14)).toEqual({ kind: "ok", message: m, consumed: 18 });
	});

	it("draft-16: Request ID, Error Code, empty Error Reason", () => {
		const m: PublishNamespaceCancel = {
			type: "PUBLISH_NAMESPACE_CANCEL",
			requestId: 1n,
			errorCode: 3,
			reasonPhrase: "",
		};
		const encoded = encodeControlMessage(m, 16);
		expect(toHex(encoded)).toBe("0c0003010300");
		expect(decodeControlMessage(encoded, 16)).toEqual({ kind: "ok", message: m, consumed: 6 });
	});

	it("decodes an error code beyond 2^53 (GREASE) as MAX_SAFE_INTEGER", () => {
		const d = decodeControlMessage(hexToBytes("0c 000a 01 ffffffffffffffff 00"), 16);
		expect(d).toMatchObject({ kind: "ok", message: { errorCode: Number.MAX_SAFE_INTEGER, reasonPhrase: "" } });
	});

	it("limits the Error Reason to 1024 bytes", () => {
		const m: PublishNamespaceCancel = {
			type: "PUBLISH_NAMESPACE_CANCEL",
			requestId: 1n,
			errorCode: 0,
			reasonPhrase: "x",
		};
		expect(() => encodeControlMessage({ ...m, reasonPhrase: "x".repeat(1025) }, 16)).toThrow(/Reason Phrase too long/);
		const ok = encodeControlMessage({ ...m, reasonPhrase: "x".repeat(1024) }, 16);
		expect(decodeControlMessage(ok, 16).kind).toBe("ok");
		// Request ID 1, code 0, a reason length of 1025 (0x4401) and 1025 bytes: a 1029-byte body.
		const long = new Uint8Array([0x0c, 0x04, 0x05, 0x01, 0x00, 0x44, 0x01, ...new Uint8Array(1025).fill(0x78)]);
		const d = decodeControlMessage(long, 16);
		expect(d.kind === "error" && d.error.code).toBe("too-large");
	});

	it("rejects an Error Reason that runs past the message", () => {
		const d = decodeControlMessage(hexToBytes("0c 0004 01 03 05 61"), 16);
		expect(d.kind === "error" && d.error.code).toBe("malformed");
	});

	it("does not exist from draft-17", () => {
		const m: PublishNamespaceCancel = {
			type: "PUBLISH_NAMESPACE_CANCEL",
			requestId: 1n,
			errorCode: 0,
			reasonPhrase: "",
		};
		expect(() => encodeControlMessage(m, 19)).toThrow(/no PUBLISH_NAMESPACE_CANCEL/);
		const d = decodeControlMessage(hexToBytes("0c 0003 01 00 00"), 19);
		expect(d.kind === "error" && d.error.code).toBe("unknown-message");
	});
});
