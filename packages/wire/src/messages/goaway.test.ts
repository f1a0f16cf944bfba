import { describe, expect, it } from "vitest";
import { hexToBytes, toHex } from "../../test/vector-json.js";
import { decodeControlMessage, encodeControlMessage } from "../control.js";
import type { Goaway } from "./goaway.js";

const decode = (hex: string, draft: 14 | 16 | 18 | 19) => decodeControlMessage(hexToBytes(hex), draft);

describe("GOAWAY", () => {
	it.each([14, 16] as const)("draft-%s carries only the New Session URI", (draft) => {
		const m: Goaway = { type: "GOAWAY", newSessionUri: "moqt://b/c" };
		const bytes = encodeControlMessage(m, draft);
		expect(toHex(bytes)).toBe("10000b0a6d6f71743a2f2f622f63");
		expect(decodeControlMessage(bytes, draft)).toEqual({ kind: "ok", message: m, consumed: bytes.length });
	});
	it("draft-14 and -16 refuse a Timeout or Request ID", () => {
		expect(() => encodeControlMessage({ type: "GOAWAY", newSessionUri: "", timeout: 0n }, 16)).toThrow(/no Timeout/);
		expect(() => encodeControlMessage({ type: "GOAWAY", newSessionUri: "", requestId: 1n }, 14)).toThrow(
			/no Request ID/,
		);
		// A draft-18 style Timeout after the URI is a trailing byte in draft-16.
		const d = decode("1000020000", 16);
		expect(d.kind === "error" && d.error.code).toBe("trailing-bytes");
	});
	it("draft-18 and -19 add a Timeout, 0 when absent", () => {
		for (const draft of [18, 19] as const) {
			const bytes = encodeControlMessage({ type: "GOAWAY", newSessionUri: "" }, draft);
			expect(toHex(bytes)).toBe("1000020000");
			const d = decodeControlMessage(bytes, draft);
			expect(d.kind === "ok" && d.message).toEqual({ type: "GOAWAY", newSessionUri: "", timeout: 0n });
		}
	});
	it("draft-18 reads and writes the optional trailing Request ID", () => {
		const m: Goaway = { type: "GOAWAY", newSessionUri: "", timeout: 30000n, requestId: 1n };
		const bytes = encodeControlMessage(m, 18);
		// Timeout 30000 = 0x7530 as a 3-byte vi64 (c07530).
		expect(toHex(bytes)).toBe("100005" + "00" + "c07530" + "01");
		expect(decodeControlMessage(bytes, 18)).toEqual({ kind: "ok", message: m, consumed: bytes.length });
	});
	it("draft-19 removed the Request ID", () => {
		expect(() => encodeControlMessage({ type: "GOAWAY", newSessionUri: "", requestId: 1n }, 19)).toThrow(
			/no Request ID/,
		);
		const d = decode("100003000001", 19);
		expect(d.kind === "error" && d.error.code).toBe("trailing-bytes");
	});
	it("accepts a New Session URI of exactly 8192 bytes and refuses 8193", () => {
		const uri = "a".repeat(8192);
		const bytes = encodeControlMessage({ type: "GOAWAY", newSessionUri: uri }, 19);
		const d = decodeControlMessage(bytes, 19);
		expect(d.kind === "ok" && (d.message as Goaway).newSessionUri.length).toBe(8192);
		expect(() => encodeControlMessage({ type: "GOAWAY", newSessionUri: `${uri}a` }, 19)).toThrow(/exceeds 8192/);
		// The limit counts UTF-8 bytes, not characters.
		expect(() => encodeControlMessage({ type: "GOAWAY", newSessionUri: "é".repeat(4097) }, 14)).toThrow(/8194 bytes/);
	});
	it("honours a tighter URI limit from the options", () => {
		const bytes = encodeControlMessage({ type: "GOAWAY", newSessionUri: "abcd" }, 16);
		const d = decodeControlMessage(bytes, 16, { limits: { maxUriBytes: 3 } });
		expect(d.kind === "error" && d.error).toMatchObject({ code: "too-large", offset: 3 });
	});
	it("rejects a URI that runs past the message", () => {
		const d = decode("1000020561", 14);
		expect(d.kind === "error" && d.error.code).toBe("malformed");
	});
	it("rejects a draft-18 Timeout cut short", () => {
		const d = decode("10000200c0", 18);
		expect(d.kind === "error" && d.error.code).toBe("malformed");
	});
});
