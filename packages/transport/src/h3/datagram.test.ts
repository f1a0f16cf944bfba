import { describe, expect, it } from "vitest";
import { datagramHeaderLength, decodeDatagram, encodeDatagram, MAX_QUARTER_STREAM_ID } from "./datagram.js";
import type { H3Error } from "./errors.js";
import { hex, toHex } from "./test-helpers.js";
import { encodeVarint } from "./varint.js";

function errorCode(fn: () => unknown): string | undefined {
	try {
		fn();
	} catch (e) {
		return (e as H3Error).code;
	}
	return undefined;
}

describe("HTTP/3 datagrams (RFC 9297 §2.1)", () => {
	it("prefixes the Quarter Stream ID", () => {
		expect(toHex(encodeDatagram(0n, hex("aabb")))).toBe("00aabb");
		expect(toHex(encodeDatagram(4n, hex("aabb")))).toBe("01aabb");
		// Stream 256 → quarter 64, which needs two bytes.
		expect(toHex(encodeDatagram(256n, hex("")))).toBe("4040");
		expect(datagramHeaderLength(256n)).toBe(2);
	});
	it("round-trips session IDs and payloads", () => {
		for (const sessionId of [0n, 4n, 252n, 256n, 1n << 40n, MAX_QUARTER_STREAM_ID * 4n]) {
			const payload = Uint8Array.from({ length: 20 }, (_, i) => i);
			const d = decodeDatagram(encodeDatagram(sessionId, payload));
			expect(d.sessionId).toBe(sessionId);
			expect(d.payload).toEqual(payload);
		}
	});
	it("accepts an empty payload", () => {
		expect(decodeDatagram(hex("00")).payload.length).toBe(0);
	});
	it("rejects a datagram too short for its Quarter Stream ID", () => {
		expect(errorCode(() => decodeDatagram(hex("")))).toBe("H3_DATAGRAM_ERROR");
		expect(errorCode(() => decodeDatagram(hex("40")))).toBe("H3_DATAGRAM_ERROR");
	});
	it("rejects a Quarter Stream ID above 2^60-1", () => {
		expect(errorCode(() => decodeDatagram(encodeVarint(MAX_QUARTER_STREAM_ID + 1n)))).toBe("H3_DATAGRAM_ERROR");
		expect(errorCode(() => decodeDatagram(encodeVarint(MAX_QUARTER_STREAM_ID)))).toBeUndefined();
	});
	it("refuses to encode for a stream that cannot be a session", () => {
		expect(() => encodeDatagram(2n, hex(""))).toThrow(RangeError);
	});
});
