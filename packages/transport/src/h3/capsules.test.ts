import { describe, expect, it } from "vitest";
import { type Capsule, CapsuleDecoder, CapsuleType, encodeCapsule, truncateUtf8 } from "./capsules.js";
import type { H3Error } from "./errors.js";
import { concat, hex, splits, toHex } from "./test-helpers.js";
import { ByteWriter } from "./varint.js";

function decodeAll(chunks: Uint8Array[], maxCapsuleSize?: number): Capsule[] {
	const d = new CapsuleDecoder({ maxCapsuleSize });
	const out = chunks.flatMap((c) => d.push(c));
	d.end();
	return out;
}

function raw(type: number, value: Uint8Array): Uint8Array {
	return new ByteWriter().varint(type).varint(value.length).bytes(value).finish();
}

function errorOf(fn: () => unknown): H3Error | undefined {
	try {
		fn();
	} catch (e) {
		return e as H3Error;
	}
	return undefined;
}

describe("capsules (RFC 9297 §3.2, draft-ietf-webtrans-http3)", () => {
	it("encodes WT_CLOSE_SESSION: type 0x2843, 32-bit code, reason", () => {
		expect(toHex(encodeCapsule({ type: "close-session", code: 0x10, reason: "bye" }))).toBe(
			"6843" + "07" + "00000010" + "627965",
		);
		expect(toHex(encodeCapsule({ type: "drain-session" }))).toBe("8000" + "78ae" + "00");
		expect(toHex(encodeCapsule({ type: "datagram", payload: hex("abcd") }))).toBe("0002abcd");
	});

	it("round-trips every capsule, split at every point", () => {
		const capsules: Capsule[] = [
			{ type: "datagram", payload: hex("0102030405") },
			{ type: "max-data", maximum: 1n << 40n },
			{ type: "max-streams", bidi: true, maximum: 100n },
			{ type: "max-streams", bidi: false, maximum: 7n },
			{ type: "data-blocked", maximum: 5n },
			{ type: "streams-blocked", bidi: true, maximum: 1n },
			{ type: "streams-blocked", bidi: false, maximum: 2n },
			{ type: "drain-session" },
			{ type: "close-session", code: 0xffffffff, reason: "durch Übermut" },
		];
		const bytes = concat(...capsules.map(encodeCapsule));
		for (const chunks of splits(bytes)) expect(decodeAll(chunks)).toEqual(capsules);
	});

	it("skips unknown capsules without buffering them", () => {
		const big = new Uint8Array(1000);
		const bytes = concat(raw(0x1234, big), raw(0x1f * 3 + 0x29, hex("")), encodeCapsule({ type: "drain-session" }));
		expect(decodeAll([bytes], 16)).toEqual([{ type: "drain-session" }]);
	});

	it("limits buffered capsules", () => {
		const dgram = encodeCapsule({ type: "datagram", payload: new Uint8Array(33) });
		expect(errorOf(() => decodeAll([dgram], 32))?.code).toBe("H3_MESSAGE_ERROR");
		expect(decodeAll([dgram], 33)).toHaveLength(1);
	});

	it("rejects a close reason over 1024 bytes or not UTF-8", () => {
		const long = new ByteWriter().u32(0).bytes(new Uint8Array(1025).fill(0x61)).finish();
		const err = errorOf(() => decodeAll([raw(CapsuleType.WT_CLOSE_SESSION, long)]));
		expect(err?.code).toBe("H3_MESSAGE_ERROR");
		expect(err?.scope).toBe("stream");
		const max = new ByteWriter().u32(0).bytes(new Uint8Array(1024).fill(0x61)).finish();
		expect(decodeAll([raw(CapsuleType.WT_CLOSE_SESSION, max)])).toEqual([
			{ type: "close-session", code: 0, reason: "a".repeat(1024) },
		]);
		const bad = hex("00000001 c328");
		expect(errorOf(() => decodeAll([raw(CapsuleType.WT_CLOSE_SESSION, bad)]))?.code).toBe("H3_MESSAGE_ERROR");
		expect(errorOf(() => decodeAll([raw(CapsuleType.WT_CLOSE_SESSION, hex("0000"))]))?.code).toBe("H3_MESSAGE_ERROR");
	});

	it("truncates a long close reason at a character boundary when encoding", () => {
		const reason = `${"a".repeat(1023)}€`; // € is 3 bytes: 1026 in all
		const capsule = encodeCapsule({ type: "close-session", code: 1, reason });
		expect(decodeAll([capsule])).toEqual([{ type: "close-session", code: 1, reason: "a".repeat(1023) }]);
		expect(truncateUtf8("ab€", 4)).toEqual(new TextEncoder().encode("ab"));
		expect(truncateUtf8("ab€", 5)).toEqual(new TextEncoder().encode("ab€"));
		expect(() => encodeCapsule({ type: "close-session", code: 2 ** 32, reason: "" })).toThrow(RangeError);
	});

	it("rejects a non-empty WT_DRAIN_SESSION and flow control capsules with extra bytes", () => {
		expect(errorOf(() => decodeAll([raw(CapsuleType.WT_DRAIN_SESSION, hex("00"))]))?.code).toBe("H3_MESSAGE_ERROR");
		expect(errorOf(() => decodeAll([raw(CapsuleType.WT_MAX_DATA, hex("0101"))]))?.code).toBe("H3_MESSAGE_ERROR");
		expect(errorOf(() => decodeAll([raw(CapsuleType.WT_MAX_DATA, hex(""))]))?.code).toBe("H3_MESSAGE_ERROR");
	});

	it("rejects the HTTP/2-only stream flow control capsules", () => {
		for (const type of [CapsuleType.WT_MAX_STREAM_DATA, CapsuleType.WT_STREAM_DATA_BLOCKED]) {
			expect(errorOf(() => decodeAll([raw(type, hex("0000"))]))?.code).toBe("H3_MESSAGE_ERROR");
		}
	});

	it("rejects a capsule stream that ends inside a capsule (RFC 9297 §3.3)", () => {
		const capsule = encodeCapsule({ type: "datagram", payload: hex("0102") });
		for (let cut = 1; cut < capsule.length; cut++) {
			expect(errorOf(() => decodeAll([capsule.subarray(0, cut)]))?.code).toBe("H3_MESSAGE_ERROR");
		}
	});
});
