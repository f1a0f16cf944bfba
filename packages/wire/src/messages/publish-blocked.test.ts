import { describe, expect, it } from "vitest";
import { hexToBytes, toHex } from "../../test/vector-json.js";
import { decodeControlMessage, encodeControlMessage, messageTypeCode } from "../control.js";
import type { PublishBlocked, PublishSkipped } from "./publish-blocked.js";

const bytes = (s: string) => new TextEncoder().encode(s);

describe("PUBLISH_BLOCKED / PUBLISH_SKIPPED", () => {
	it("draft-18 PUBLISH_BLOCKED carries a namespace suffix and a track name", () => {
		const m: PublishBlocked = {
			type: "PUBLISH_BLOCKED",
			trackNamespaceSuffix: [bytes("room")],
			trackName: bytes("video"),
		};
		const encoded = encodeControlMessage(m, 18);
		expect(toHex(encoded)).toBe("0f000c" + "01" + "04726f6f6d" + "05766964656f");
		expect(decodeControlMessage(encoded, 18)).toEqual({ kind: "ok", message: m, consumed: encoded.length });
	});
	it("draft-19 PUBLISH_SKIPPED has the same layout; the suffix may be empty", () => {
		const m: PublishSkipped = { type: "PUBLISH_SKIPPED", trackNamespaceSuffix: [], trackName: bytes("video") };
		const encoded = encodeControlMessage(m, 19);
		expect(toHex(encoded)).toBe("0f0007" + "00" + "05766964656f");
		expect(decodeControlMessage(encoded, 19)).toEqual({ kind: "ok", message: m, consumed: encoded.length });
		// The same bytes are PUBLISH_BLOCKED in draft-18.
		expect(decodeControlMessage(encoded, 18)).toMatchObject({ kind: "ok", message: { type: "PUBLISH_BLOCKED" } });
	});
	it("each name exists in its own draft only", () => {
		expect(messageTypeCode("PUBLISH_BLOCKED", 18)).toBe(0xf);
		expect(messageTypeCode("PUBLISH_SKIPPED", 19)).toBe(0xf);
		const blocked: PublishBlocked = { type: "PUBLISH_BLOCKED", trackNamespaceSuffix: [], trackName: bytes("a") };
		expect(() => encodeControlMessage(blocked, 19)).toThrow(expect.objectContaining({ code: "unsupported" }));
		expect(() => encodeControlMessage({ ...blocked, type: "PUBLISH_SKIPPED" }, 18)).toThrow(
			expect.objectContaining({ code: "unsupported" }),
		);
		expect(() => encodeControlMessage(blocked, 16)).toThrow(expect.objectContaining({ code: "unsupported" }));
	});
	it("rejects an empty namespace field, a long name, truncation and trailing bytes", () => {
		expect(decodeControlMessage(hexToBytes("0f0004 01 00 01 61"), 19)).toMatchObject({
			kind: "error",
			error: { code: "invalid-value" },
		});
		expect(
			decodeControlMessage(hexToBytes("0f0007 01 04 726f6f6d 05"), 19, { limits: { maxNamespaceBytes: 8 } }),
		).toMatchObject({ kind: "error", error: { code: "too-large" } });
		expect(decodeControlMessage(hexToBytes("0f0004 01 04 726f"), 18)).toMatchObject({
			kind: "error",
			error: { code: "malformed" },
		});
		expect(decodeControlMessage(hexToBytes("0f0004 00 01 61 ff"), 18)).toMatchObject({
			kind: "error",
			error: { code: "trailing-bytes" },
		});
	});
});
