import { describe, expect, it } from "vitest";
import type { H3Error } from "./errors.js";
import { QpackDecoderStreamReceiver, QpackEncoderStreamReceiver } from "./qpack-streams.js";
import { hex } from "./test-helpers.js";

function errorCode(fn: () => unknown): string | undefined {
	try {
		fn();
	} catch (e) {
		return (e as H3Error).code;
	}
	return undefined;
}

describe("the peer's QPACK encoder stream (RFC 9204 §4.3)", () => {
	it("accepts Set Dynamic Table Capacity 0, even repeated", () => {
		const rx = new QpackEncoderStreamReceiver();
		expect(errorCode(() => rx.push(hex("202020")))).toBeUndefined();
	});
	it("rejects a capacity above our maximum 0, across chunks", () => {
		const rx = new QpackEncoderStreamReceiver();
		// Capacity 31 + 1 = 32 as 3f 01, split between the bytes.
		expect(errorCode(() => rx.push(hex("3f")))).toBeUndefined();
		expect(errorCode(() => rx.push(hex("01")))).toBe("QPACK_ENCODER_STREAM_ERROR");
		expect(errorCode(() => new QpackEncoderStreamReceiver().push(hex("21")))).toBe("QPACK_ENCODER_STREAM_ERROR");
	});
	it("rejects inserts and duplicates", () => {
		for (const h of ["c0", "80", "4161", "00"]) {
			expect(errorCode(() => new QpackEncoderStreamReceiver().push(hex(h)))).toBe("QPACK_ENCODER_STREAM_ERROR");
		}
		// An insert after a valid capacity instruction in the same chunk.
		expect(errorCode(() => new QpackEncoderStreamReceiver().push(hex("20c0")))).toBe("QPACK_ENCODER_STREAM_ERROR");
	});
});

describe("the peer's QPACK decoder stream (RFC 9204 §4.4)", () => {
	it("returns Stream Cancellations, split anywhere", () => {
		const rx = new QpackDecoderStreamReceiver();
		// Cancel stream 4 (44), then stream 68 (7f 05) split after its first byte.
		expect(rx.push(hex("447f"))).toEqual([4]);
		expect(rx.push(hex("05"))).toEqual([68]);
		expect(rx.push(hex("4040"))).toEqual([0, 0]);
	});
	it("rejects Section Acknowledgments and Insert Count Increments", () => {
		expect(errorCode(() => new QpackDecoderStreamReceiver().push(hex("80")))).toBe("QPACK_DECODER_STREAM_ERROR");
		expect(errorCode(() => new QpackDecoderStreamReceiver().push(hex("00")))).toBe("QPACK_DECODER_STREAM_ERROR");
		expect(errorCode(() => new QpackDecoderStreamReceiver().push(hex("01")))).toBe("QPACK_DECODER_STREAM_ERROR");
		expect(errorCode(() => new QpackDecoderStreamReceiver().push(hex("4481")))).toBe("QPACK_DECODER_STREAM_ERROR");
	});
});
