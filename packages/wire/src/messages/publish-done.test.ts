import { describe, expect, it } from "vitest";
import { hexToBytes, toHex } from "../../test/vector-json.js";
import { decodeControlMessage, encodeControlMessage } from "../control.js";
import type { Draft } from "../version.js";
import { type PublishDone, STREAM_COUNT_UNKNOWN } from "./publish-done.js";

function roundTrip(m: PublishDone, draft: Draft, expected: string): void {
	const encoded = encodeControlMessage(m, draft);
	expect(toHex(encoded)).toBe(expected.replace(/\s+/g, ""));
	expect(decodeControlMessage(encoded, draft)).toStrictEqual({ kind: "ok", message: m, consumed: encoded.length });
}

describe("PUBLISH_DONE", () => {
	it("draft-14 and -16 carry the Request ID", () => {
		roundTrip(
			{ type: "PUBLISH_DONE", requestId: 2n, statusCode: 2, streamCount: 3n, reasonPhrase: "done" },
			14,
			"0b 0008 02 02 03 04 646f6e65",
		);
		// Stream Count 2^62 - 1 ("unknown") is the largest 8-byte QUIC varint.
		roundTrip(
			{ type: "PUBLISH_DONE", requestId: 2n, statusCode: 0x12, streamCount: STREAM_COUNT_UNKNOWN, reasonPhrase: "" },
			16,
			"0b 000b 02 12 ffffffffffffffff 00",
		);
	});
	it("draft-18 and -19 do not", () => {
		roundTrip(
			{ type: "PUBLISH_DONE", statusCode: 6, streamCount: 0n, reasonPhrase: "bye" },
			18,
			"0b 0006 06 00 03 627965",
		);
		roundTrip(
			{ type: "PUBLISH_DONE", statusCode: 9, streamCount: 1000n, reasonPhrase: "é" },
			19,
			"0b 0006 09 83e8 02 c3a9",
		);
	});
	it("decodes a GREASE status code beyond 2^53 as an unknown number", () => {
		const d = decodeControlMessage(hexToBytes("0b 000b ff ffffffffffffffff 00 00"), 19);
		expect(d).toMatchObject({ kind: "ok", message: { statusCode: Number.MAX_SAFE_INTEGER, streamCount: 0n } });
	});
	it("requires the Request ID up to draft-16 and refuses it later", () => {
		const m: PublishDone = { type: "PUBLISH_DONE", statusCode: 0, streamCount: 0n, reasonPhrase: "" };
		expect(() => encodeControlMessage(m, 14)).toThrow(expect.objectContaining({ code: "invalid-value" }));
		expect(() => encodeControlMessage({ ...m, requestId: 0n }, 18)).toThrow(
			expect.objectContaining({ code: "unsupported" }),
		);
	});
	it("rejects a reason phrase over the limit and a truncated body", () => {
		const long = "x".repeat(1025);
		expect(() =>
			encodeControlMessage({ type: "PUBLISH_DONE", statusCode: 0, streamCount: 0n, reasonPhrase: long }, 19),
		).toThrow(expect.objectContaining({ code: "too-large" }));
		// Reason Phrase length 1025 (vi64 8401).
		expect(decodeControlMessage(hexToBytes("0b 0004 00 00 8401"), 18)).toMatchObject({
			kind: "error",
			error: { code: "too-large" },
		});
		expect(decodeControlMessage(hexToBytes("0b 0005 02 02 03 04 64"), 14)).toMatchObject({
			kind: "error",
			error: { code: "malformed" },
		});
	});
});
