import { describe, expect, it } from "vitest";
import type { H3Error } from "./errors.js";
import {
	encodeCancelPushFrame,
	encodeDataFrameHeader,
	encodeFrame,
	encodeGoawayFrame,
	encodeHeadersFrame,
	encodeMaxPushIdFrame,
	encodeSettingsFrame,
	FrameDecoder,
	type FrameStreamKind,
	type H3Frame,
} from "./frames.js";
import { concat, hex, splits, toHex } from "./test-helpers.js";

function decodeAll(kind: FrameStreamKind, chunks: Uint8Array[], maxFrameSize?: number): H3Frame[] {
	const d = new FrameDecoder({ kind, maxFrameSize });
	const out = chunks.flatMap((c) => d.push(c));
	d.end();
	return out;
}

// Joins DATA fragments so that decodings of different splits compare equal.
function normalise(frames: H3Frame[]): unknown[] {
	const out: unknown[] = [];
	for (const f of frames) {
		const last = out.at(-1) as { type: string; data: number[] } | undefined;
		if (f.type === "data" && last?.type === "data") last.data.push(...f.data);
		else if (f.type === "data") out.push({ type: "data", data: [...f.data] });
		else out.push(f);
	}
	return out.filter((f) => !((f as { type: string }).type === "data" && (f as { data: number[] }).data.length === 0));
}

function errorCode(fn: () => unknown): string | undefined {
	try {
		fn();
	} catch (e) {
		return (e as H3Error).code;
	}
	return undefined;
}

const GREASE_FRAME = 0x1f * 0x1234 + 0x21;

describe("HTTP/3 frames (RFC 9114 §7.2)", () => {
	it("encodes the frame layout Type, Length, Payload", () => {
		expect(toHex(encodeHeadersFrame(hex("0000d9")))).toBe("01030000d9");
		expect(toHex(encodeSettingsFrame(new Map([[0x33n, 1n]])))).toBe("04023301");
		expect(toHex(encodeGoawayFrame(4n))).toBe("070104");
		expect(toHex(encodeMaxPushIdFrame(0x40n))).toBe("0d024040");
		expect(toHex(encodeCancelPushFrame(1n))).toBe("030101");
		expect(toHex(encodeDataFrameHeader(300))).toBe("00412c");
	});

	it("decodes a control stream split at every point", () => {
		const bytes = concat(
			encodeSettingsFrame(new Map([[0x33n, 1n]])),
			encodeFrame(GREASE_FRAME, hex("deadbeef")),
			encodeFrame(0xf0700, hex("0475")), // PRIORITY_UPDATE: unknown to us, skipped
			encodeGoawayFrame(8n),
			encodeMaxPushIdFrame(3n),
		);
		const expected = [
			{ type: "settings", settings: new Map([[0x33n, 1n]]) },
			{ type: "unknown", frameType: GREASE_FRAME },
			{ type: "unknown", frameType: 0xf0700 },
			{ type: "goaway", id: 8n },
			{ type: "max-push-id", pushId: 3n },
		];
		for (const chunks of splits(bytes)) expect(decodeAll("control", chunks)).toEqual(expected);
	});

	it("streams DATA payloads as fragments, split at every point", () => {
		const payload = Uint8Array.from({ length: 70 }, (_, i) => i);
		const bytes = concat(
			encodeHeadersFrame(hex("0000d9")),
			encodeFrame(0, payload),
			encodeFrame(0, new Uint8Array(0)),
			encodeFrame(GREASE_FRAME, hex("00")),
			encodeFrame(0, hex("ff")),
		);
		const expected = [
			{ type: "headers", block: hex("0000d9") },
			{ type: "data", data: [...payload] },
			{ type: "unknown", frameType: GREASE_FRAME },
			{ type: "data", data: [0xff] },
		];
		for (const chunks of splits(bytes)) expect(normalise(decodeAll("request", chunks))).toEqual(expected);
	});

	it("returns DATA fragments as views of the input, not copies", () => {
		const bytes = encodeFrame(0, hex("0102030405"));
		const [frame] = new FrameDecoder({ kind: "request" }).push(bytes);
		expect(frame?.type === "data" && frame.data.buffer).toBe(bytes.buffer);
	});

	it("decodes PUSH_PROMISE and CANCEL_PUSH", () => {
		expect(decodeAll("request", [encodeFrame(0x05, hex("07 0000d9"))])).toEqual([
			{ type: "push-promise", pushId: 7n, block: hex("0000d9") },
		]);
		expect(decodeAll("control", [encodeSettingsFrame(new Map()), encodeCancelPushFrame(5n)])).toEqual([
			{ type: "settings", settings: new Map() },
			{ type: "cancel-push", pushId: 5n },
		]);
	});

	it("requires SETTINGS first on the control stream, and only once", () => {
		expect(errorCode(() => decodeAll("control", [encodeGoawayFrame(0n)]))).toBe("H3_MISSING_SETTINGS");
		expect(errorCode(() => decodeAll("control", [encodeFrame(GREASE_FRAME, hex(""))]))).toBe("H3_MISSING_SETTINGS");
		const settings = encodeSettingsFrame(new Map());
		expect(errorCode(() => decodeAll("control", [settings, settings]))).toBe("H3_FRAME_UNEXPECTED");
	});

	it("rejects frames on the wrong stream", () => {
		const settings = encodeSettingsFrame(new Map());
		for (const frame of [encodeFrame(0, hex("00")), encodeHeadersFrame(hex("0000")), encodeFrame(5, hex("00"))]) {
			expect(errorCode(() => decodeAll("control", [settings, frame]))).toBe("H3_FRAME_UNEXPECTED");
		}
		for (const frame of [settings, encodeGoawayFrame(0n), encodeMaxPushIdFrame(0n), encodeCancelPushFrame(0n)]) {
			expect(errorCode(() => decodeAll("request", [frame]))).toBe("H3_FRAME_UNEXPECTED");
		}
	});

	it("rejects HTTP/2 frame types anywhere (§7.2.8)", () => {
		for (const type of [0x02, 0x06, 0x08, 0x09]) {
			expect(errorCode(() => decodeAll("request", [encodeFrame(type, hex(""))]))).toBe("H3_FRAME_UNEXPECTED");
		}
	});

	it("rejects WT_STREAM after the first bytes", () => {
		expect(errorCode(() => decodeAll("request", [encodeHeadersFrame(hex("0000")), hex("4100")]))).toBe(
			"H3_FRAME_ERROR",
		);
	});

	it("rejects payloads with missing or extra bytes (§7.1)", () => {
		const settings = encodeSettingsFrame(new Map());
		expect(errorCode(() => decodeAll("control", [settings, encodeFrame(7, hex("0400"))]))).toBe("H3_FRAME_ERROR");
		expect(errorCode(() => decodeAll("control", [settings, encodeFrame(7, hex(""))]))).toBe("H3_FRAME_ERROR");
		expect(errorCode(() => decodeAll("control", [settings, encodeFrame(13, hex("40"))]))).toBe("H3_FRAME_ERROR");
		expect(errorCode(() => decodeAll("control", [encodeFrame(4, hex("33"))]))).toBe("H3_FRAME_ERROR");
		expect(errorCode(() => decodeAll("request", [encodeFrame(5, hex(""))]))).toBe("H3_FRAME_ERROR");
	});

	it("rejects a stream that ends inside a frame header or payload", () => {
		const headers = encodeHeadersFrame(hex("0000d9"));
		for (let cut = 1; cut < headers.length; cut++) {
			expect(errorCode(() => decodeAll("request", [headers.subarray(0, cut)]))).toBe("H3_FRAME_ERROR");
		}
		expect(errorCode(() => decodeAll("request", [hex("0005aabb")]))).toBe("H3_FRAME_ERROR");
	});

	it("limits buffered frames but not DATA or unknown frames", () => {
		const big = new Uint8Array(100);
		expect(errorCode(() => decodeAll("request", [encodeHeadersFrame(big)], 99))).toBe("H3_EXCESSIVE_LOAD");
		expect(decodeAll("request", [encodeHeadersFrame(big)], 100)).toHaveLength(1);
		expect(normalise(decodeAll("request", [encodeFrame(0, big)], 10))).toEqual([{ type: "data", data: [...big] }]);
		expect(decodeAll("request", [encodeFrame(GREASE_FRAME, big)], 10)).toEqual([
			{ type: "unknown", frameType: GREASE_FRAME },
		]);
	});

	it("reports whether it sits between frames", () => {
		const d = new FrameDecoder({ kind: "request" });
		expect(d.atBoundary).toBe(true);
		d.push(hex("01")); // HEADERS, length not yet known
		expect(d.atBoundary).toBe(false);
		d.push(hex("0200")); // length 2, one payload byte
		expect(d.atBoundary).toBe(false);
		d.push(hex("00"));
		expect(d.atBoundary).toBe(true);
	});
});
