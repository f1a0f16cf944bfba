import { describe, expect, it } from "vitest";
import { hexToBytes, toHex } from "../../test/vector-json.js";
import { decodeControlMessage, encodeControlMessage } from "../control.js";
import { RequestErrorCode } from "../error-codes.js";
import type { RequestError } from "./request-error.js";

const bytes = (s: string) => new TextEncoder().encode(s);
const decode = (hex: string, draft: 16 | 18 | 19) => decodeControlMessage(hexToBytes(hex), draft);

describe("REQUEST_ERROR", () => {
	it("draft-16 starts with the Request ID", () => {
		const m: RequestError = {
			type: "REQUEST_ERROR",
			requestId: 6n,
			errorCode: RequestErrorCode[16].MALFORMED_AUTH_TOKEN,
			retryInterval: 1001n,
			reasonPhrase: "bad token",
		};
		const encoded = encodeControlMessage(m, 16);
		expect(toHex(encoded)).toBe(`05000e06 04 43e9 09${toHex(bytes("bad token"))}`.replace(/ /g, ""));
		expect(decodeControlMessage(encoded, 16)).toEqual({ kind: "ok", message: m, consumed: encoded.length });
	});
	it("draft-16 needs a Request ID and has no Redirect", () => {
		const base = { type: "REQUEST_ERROR", errorCode: 0, retryInterval: 0n, reasonPhrase: "" } as const;
		expect(() => encodeControlMessage(base, 16)).toThrow(/needs a Request ID/);
		const redirect = { connectUri: "", trackNamespace: [], trackName: new Uint8Array(0) };
		expect(() => encodeControlMessage({ ...base, requestId: 0n, errorCode: 0x34, redirect }, 16)).toThrow(
			expect.objectContaining({ code: "unsupported" }),
		);
	});
	it.each([18, 19] as const)("draft-%s has no Request ID", (draft) => {
		const m: RequestError = { type: "REQUEST_ERROR", errorCode: 0x10, retryInterval: 0n, reasonPhrase: "" };
		const encoded = encodeControlMessage(m, draft);
		expect(toHex(encoded)).toBe("050003100000");
		expect(decodeControlMessage(encoded, draft)).toEqual({ kind: "ok", message: m, consumed: encoded.length });
		expect(() => encodeControlMessage({ ...m, requestId: 1n }, draft)).toThrow(/no Request ID/);
	});
	it.each([18, 19] as const)("draft-%s appends a Redirect after REDIRECT", (draft) => {
		const m: RequestError = {
			type: "REQUEST_ERROR",
			errorCode: RequestErrorCode[draft].REDIRECT,
			retryInterval: 0n,
			reasonPhrase: "moved",
			redirect: { connectUri: "", trackNamespace: [bytes("a"), bytes("b")], trackName: bytes("t") },
		};
		const encoded = encodeControlMessage(m, draft);
		expect(toHex(encoded)).toBe(`050010 34 00 05${toHex(bytes("moved"))} 00 0201610162 0174`.replace(/ /g, ""));
		expect(decodeControlMessage(encoded, draft)).toEqual({ kind: "ok", message: m, consumed: encoded.length });
	});
	it("writes an empty Redirect when REDIRECT comes without one", () => {
		const encoded = encodeControlMessage(
			{ type: "REQUEST_ERROR", errorCode: 0x34, retryInterval: 0n, reasonPhrase: "" },
			19,
		);
		expect(toHex(encoded)).toBe("050006" + "340000" + "000000");
	});
	it("refuses a Redirect with another error code", () => {
		const redirect = { connectUri: "moqt://x", trackNamespace: [], trackName: new Uint8Array(0) };
		expect(() =>
			encodeControlMessage(
				{ type: "REQUEST_ERROR", errorCode: 0x6, retryInterval: 0n, reasonPhrase: "", redirect },
				18,
			),
		).toThrow(expect.objectContaining({ code: "invalid-value" }));
	});
	it("does not exist in draft-14", () => {
		expect(() =>
			encodeControlMessage(
				{ type: "REQUEST_ERROR", requestId: 1n, errorCode: 0, retryInterval: 0n, reasonPhrase: "" },
				14,
			),
		).toThrow(/no REQUEST_ERROR/);
	});
	it("decodes a code above 2^53 as Number.MAX_SAFE_INTEGER rather than failing", () => {
		// draft-16: Request ID 0, code 2^62-1 (8-byte QUIC varint), retry 0, no reason.
		const d = decode("05000b" + "00" + "ffffffffffffffff" + "00" + "00", 16);
		expect(d.kind === "ok" && (d.message as RequestError).errorCode).toBe(Number.MAX_SAFE_INTEGER);
	});
	it("rejects a Redirect that breaks the naming rules", () => {
		// An empty namespace field (draft-16+ forbids them).
		const emptyField = decode("050007" + "34" + "00" + "00" + "00" + "01" + "00" + "00", 19);
		expect(emptyField.kind === "error" && emptyField.error.code).toBe("invalid-value");
		// A Full Track Name over the limit.
		const tight = { limits: { maxNamespaceBytes: 2 } };
		const m: RequestError = {
			type: "REQUEST_ERROR",
			errorCode: 0x34,
			retryInterval: 0n,
			reasonPhrase: "",
			redirect: { connectUri: "", trackNamespace: [bytes("ab")], trackName: bytes("c") },
		};
		expect(() => encodeControlMessage(m, 19, tight)).toThrow(/Full Track Name/);
		const d = decodeControlMessage(encodeControlMessage(m, 19), 19, tight);
		expect(d.kind === "error" && d.error.code).toBe("too-large");
	});
	it("bounds the Connect URI by maxUriBytes", () => {
		const m: RequestError = {
			type: "REQUEST_ERROR",
			errorCode: 0x34,
			retryInterval: 0n,
			reasonPhrase: "",
			redirect: { connectUri: "moqt://far", trackNamespace: [], trackName: new Uint8Array(0) },
		};
		const tight = { limits: { maxUriBytes: 4 } };
		expect(() => encodeControlMessage(m, 18, tight)).toThrow(/Connect URI/);
		const d = decodeControlMessage(encodeControlMessage(m, 18), 18, tight);
		expect(d.kind === "error" && d.error.code).toBe("too-large");
	});
	it("bounds the reason phrase", () => {
		const m: RequestError = { type: "REQUEST_ERROR", errorCode: 0, retryInterval: 0n, reasonPhrase: "x".repeat(1025) };
		expect(() => encodeControlMessage(m, 19)).toThrow(/Reason Phrase/);
		expect(encodeControlMessage({ ...m, reasonPhrase: "x".repeat(1024) }, 19).length).toBe(3 + 1 + 1 + 2 + 1024);
	});
	it("rejects a body cut before the reason", () => {
		const d = decode("050002" + "00" + "00", 19);
		expect(d.kind === "error" && d.error.code).toBe("malformed");
	});
});
