import { describe, expect, it } from "vitest";
import type { H3Error } from "./errors.js";
import {
	encodeUniStreamType,
	encodeWebTransportBidiHeader,
	encodeWebTransportUniHeader,
	isClientBidiStream,
	parseBidiStreamStart,
	parseUniStreamHeader,
	StreamType,
} from "./stream-types.js";
import { hex, toHex } from "./test-helpers.js";

function errorCode(fn: () => unknown): string | undefined {
	try {
		fn();
	} catch (e) {
		return (e as H3Error).code;
	}
	return undefined;
}

describe("unidirectional stream types (RFC 9114 §6.2, RFC 9204 §4.2)", () => {
	it("recognises the HTTP/3 and QPACK types", () => {
		expect(parseUniStreamHeader(hex("00ff"))).toEqual({ start: { kind: "control" }, consumed: 1 });
		expect(parseUniStreamHeader(hex("01"))).toEqual({ start: { kind: "push" }, consumed: 1 });
		expect(parseUniStreamHeader(hex("02"))).toEqual({ start: { kind: "qpack-encoder" }, consumed: 1 });
		expect(parseUniStreamHeader(hex("03"))).toEqual({ start: { kind: "qpack-decoder" }, consumed: 1 });
		expect(toHex(encodeUniStreamType(StreamType.CONTROL))).toBe("00");
	});
	it("reads WebTransport streams: 0x54 and the session ID", () => {
		expect(toHex(encodeWebTransportUniHeader(0n))).toBe("4054" + "00");
		expect(parseUniStreamHeader(hex("4054 00 aa"))).toEqual({
			start: { kind: "webtransport", sessionId: 0n },
			consumed: 3,
		});
		const header = encodeWebTransportUniHeader(1_000_000n);
		expect(parseUniStreamHeader(header)).toEqual({
			start: { kind: "webtransport", sessionId: 1_000_000n },
			consumed: header.length,
		});
	});
	it("reports reserved and unknown types as unknown", () => {
		const grease = 0x1f * 7 + 0x21;
		expect(parseUniStreamHeader(encodeUniStreamType(grease))?.start).toEqual({ kind: "unknown", streamType: grease });
	});
	it("asks for more bytes when the header is incomplete", () => {
		expect(parseUniStreamHeader(hex(""))).toBeUndefined();
		expect(parseUniStreamHeader(hex("40"))).toBeUndefined();
		expect(parseUniStreamHeader(hex("4054"))).toBeUndefined();
		expect(parseUniStreamHeader(hex("4054 80"))).toBeUndefined();
	});
	it("rejects a session ID that is not a client bidirectional stream", () => {
		for (const id of ["01", "02", "03", "05"]) {
			expect(errorCode(() => parseUniStreamHeader(hex(`4054${id}`)))).toBe("H3_ID_ERROR");
		}
		expect(() => encodeWebTransportUniHeader(2n)).toThrow(RangeError);
	});
});

describe("bidirectional stream starts (draft-ietf-webtrans-http3 §Bidirectional Streams)", () => {
	it("reads the WT_STREAM signal and the session ID", () => {
		expect(toHex(encodeWebTransportBidiHeader(4n))).toBe("4041" + "04");
		expect(parseBidiStreamStart(hex("4041 04 01 02"))).toEqual({
			start: { kind: "webtransport", sessionId: 4n },
			consumed: 3,
		});
		// 0x41 takes two bytes as a varint (4041); without the session ID more bytes are needed.
		expect(parseBidiStreamStart(hex("4041"))).toBeUndefined();
	});
	it("takes any other first varint as the frame type of a request stream", () => {
		expect(parseBidiStreamStart(hex("01 05"))).toEqual({ start: { kind: "request" }, consumed: 0 });
		expect(parseBidiStreamStart(hex(""))).toBeUndefined();
	});
	it("rejects an impossible session ID", () => {
		expect(errorCode(() => parseBidiStreamStart(hex("4041 06")))).toBe("H3_ID_ERROR");
		expect(() => encodeWebTransportBidiHeader(1n)).toThrow(RangeError);
	});
	it("knows client bidirectional stream IDs", () => {
		expect([0n, 1n, 2n, 3n, 4n, 8n].map(isClientBidiStream)).toEqual([true, false, false, false, true, true]);
	});
});
