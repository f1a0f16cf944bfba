import { describe, expect, it } from "vitest";
import { hexToBytes, toHex } from "../../test/vector-json.js";
import { decodeControlMessage, encodeControlMessage } from "../control.js";
import { GroupOrder } from "../types.js";
import type { Draft } from "../version.js";
import type { FetchOk } from "./fetch-ok.js";

/** Encodes `m`, checks the hex, and checks that decoding gives `m` back. */
function roundTrip(m: FetchOk, draft: Draft, hex: string): void {
	const encoded = encodeControlMessage(m, draft);
	expect(toHex(encoded)).toBe(hex.replace(/\s+/g, ""));
	expect(decodeControlMessage(encoded, draft)).toEqual({ kind: "ok", message: m, consumed: encoded.length });
}

/** Decodes hand-written bytes (1-byte type, then a length that must match) and returns the error code. */
function decodeError(hex: string, draft: Draft): string {
	const b = hexToBytes(hex);
	expect((b[1]! << 8) | b[2]!).toBe(b.length - 3);
	const d = decodeControlMessage(b, draft);
	if (d.kind !== "error") throw new Error(`expected an error, got ${d.kind}`);
	return d.error.code;
}

describe("FETCH_OK", () => {
	it("draft-14: Request ID, Group Order, End Of Track, End Location, MAX_CACHE_DURATION", () => {
		roundTrip(
			{
				type: "FETCH_OK",
				requestId: 4n,
				groupOrder: GroupOrder.ASCENDING,
				endOfTrack: false,
				endLocation: { group: 5n, object: 3n },
				maxCacheDuration: 1000n,
			},
			14,
			"18 0009 04 01 00 0503 01 0443e8",
		);
	});

	it("draft-14 writes Ascending when no Group Order is given, and refuses 0", () => {
		const m: FetchOk = { type: "FETCH_OK", requestId: 1n, endOfTrack: true, endLocation: { group: 0n, object: 0n } };
		expect(toHex(encodeControlMessage(m, 14))).toBe("180006" + "01" + "01" + "01" + "0000" + "00");
		expect(() => encodeControlMessage({ ...m, groupOrder: GroupOrder.PUBLISHER }, 14)).toThrow(/Group Order/);
	});

	it("draft-16: Request ID, no Group Order, trailing delta-encoded Track Extensions", () => {
		roundTrip(
			{
				type: "FETCH_OK",
				requestId: 4n,
				endOfTrack: true,
				endLocation: { group: 7n, object: 0n },
				trackProperties: [
					{ type: 4n, value: 10n },
					{ type: 0x3bn, value: new TextEncoder().encode("hi") },
				],
			},
			16,
			// extensions: type 4 = 10, then type 4 + 0x37 = 0x3b, 2 bytes "hi"
			"18 000b 04 01 0700 00 040a 37026869",
		);
	});

	it("draft-18: no Request ID, Track Properties always set by the decoder", () => {
		roundTrip(
			{ type: "FETCH_OK", endOfTrack: false, endLocation: { group: 2n, object: 5n }, trackProperties: [] },
			18,
			"18 0004 00 0205 00",
		);
	});

	it("draft-19: vi64 End Location and Track Properties", () => {
		roundTrip(
			{
				type: "FETCH_OK",
				endOfTrack: true,
				endLocation: { group: 256n, object: 0n },
				trackProperties: [
					{ type: 0x04n, value: 300n },
					{ type: 0x22n, value: 2n },
				],
			},
			19,
			// group 256 = vi64 8100; MAX_CACHE_DURATION (0x04) = 300 (812c), GROUP_ORDER (0x22, delta 0x1e) = 2
			"18 000a 01 8100 00 00 04812c 1e02",
		);
	});

	it("requires the Request ID up to draft-16 and refuses it from draft-18", () => {
		const m: FetchOk = { type: "FETCH_OK", endOfTrack: false, endLocation: { group: 0n, object: 1n } };
		expect(() => encodeControlMessage(m, 14)).toThrow(/requestId/);
		expect(() => encodeControlMessage(m, 16)).toThrow(/requestId/);
		expect(() => encodeControlMessage({ ...m, requestId: 0n }, 18)).toThrow(
			expect.objectContaining({ code: "unsupported" }),
		);
		expect(() => encodeControlMessage({ ...m, requestId: 0n }, 19)).toThrow(
			expect.objectContaining({ code: "unsupported" }),
		);
	});

	it("refuses fields the draft cannot carry", () => {
		const m: FetchOk = { type: "FETCH_OK", requestId: 0n, endOfTrack: false, endLocation: { group: 0n, object: 1n } };
		expect(() => encodeControlMessage({ ...m, trackProperties: [{ type: 2n, value: 1n }] }, 14)).toThrow(
			expect.objectContaining({ code: "unsupported" }),
		);
		expect(() => encodeControlMessage({ ...m, groupOrder: GroupOrder.DESCENDING }, 16)).toThrow(
			/cannot carry groupOrder/,
		);
		expect(() => encodeControlMessage({ ...m, maxCacheDuration: 5n }, 16)).toThrow(/cannot carry/);
	});

	it("rejects invalid Group Order and End Of Track values", () => {
		expect(decodeError("18 0006 04 00 00 0503 00", 14)).toBe("invalid-value");
		expect(decodeError("18 0006 04 03 00 0503 00", 14)).toBe("invalid-value");
		expect(decodeError("18 0006 04 01 02 0503 00", 14)).toBe("invalid-value");
		expect(decodeError("18 0005 04 02 0700 00", 16)).toBe("invalid-value");
		expect(decodeError("18 0004 ff 0205 00", 19)).toBe("invalid-value");
	});

	it("rejects truncated bodies, trailing bytes in -14, and bad Track Properties", () => {
		expect(decodeError("18 0003 00 0205", 18)).toBe("malformed");
		expect(decodeError("18 0007 04 01 00 0503 00 00", 14)).toBe("trailing-bytes");
		// An odd property type whose length runs past the message.
		expect(decodeError("18 0005 00 0205 00 05", 18)).toBe("malformed");
		expect(decodeError("18 0007 00 0205 00 05 0561", 19)).toBe("malformed");
		// An unknown parameter is a PROTOCOL_VIOLATION from draft-16.
		expect(decodeError("18 0007 04 00 0700 01 3a01", 16)).toBe("invalid-value");
	});

	it("limits the number of Track Properties", () => {
		const many = Array.from({ length: 4 }, (_, i) => ({ type: BigInt(2 * i), value: 0n }));
		const encoded = encodeControlMessage(
			{ type: "FETCH_OK", endOfTrack: false, endLocation: { group: 0n, object: 0n }, trackProperties: many },
			18,
		);
		expect(decodeControlMessage(encoded, 18).kind).toBe("ok");
		const d = decodeControlMessage(encoded, 18, { limits: { maxParameters: 3 } });
		expect(d.kind === "error" && d.error.code).toBe("too-large");
	});
});
