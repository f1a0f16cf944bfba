import { describe, expect, test } from "vitest";
import { FormatError } from "../errors.js";
import { decodeFrameMarking, encodeFrameMarking, type FrameMarking, simpleFrameMarking } from "./frame-marking.js";

describe("frame marking (RFC 9626 §3)", () => {
	test("a non-scalable keyframe is one byte with S, E and I set", () => {
		expect(encodeFrameMarking(simpleFrameMarking(true))).toEqual(Uint8Array.of(0b1110_0000));
		expect(encodeFrameMarking(simpleFrameMarking(false))).toEqual(Uint8Array.of(0b1100_0000));
	});

	test("every flag and the temporal ID land on their bits", () => {
		const m: FrameMarking = {
			startOfFrame: false,
			endOfFrame: true,
			independent: false,
			discardable: true,
			baseLayerSync: true,
			temporalId: 5,
		};
		expect(encodeFrameMarking(m)).toEqual(Uint8Array.of(0b0101_1101));
		expect(decodeFrameMarking(Uint8Array.of(0b0101_1101))).toEqual(m);
	});

	test("scalable markings carry LID and TL0PICIDX in the following bytes", () => {
		const withLid: FrameMarking = { ...simpleFrameMarking(false), temporalId: 2, layerId: 1 };
		expect(encodeFrameMarking(withLid)).toEqual(Uint8Array.of(0b1100_0010, 1));
		expect(decodeFrameMarking(Uint8Array.of(0b1100_0010, 1))).toEqual(withLid);
		const full: FrameMarking = { ...withLid, tl0PicIdx: 200 };
		expect(encodeFrameMarking(full)).toEqual(Uint8Array.of(0b1100_0010, 1, 200));
		expect(decodeFrameMarking(Uint8Array.of(0b1100_0010, 1, 200))).toEqual(full);
	});

	test("rejects fields out of range and TL0PICIDX without a LID", () => {
		expect(() => encodeFrameMarking({ ...simpleFrameMarking(true), temporalId: 8 })).toThrow(FormatError);
		expect(() => encodeFrameMarking({ ...simpleFrameMarking(true), layerId: 256 })).toThrow(/LID 256/);
		expect(() => encodeFrameMarking({ ...simpleFrameMarking(true), tl0PicIdx: 1 })).toThrow(/needs a LID/);
	});

	test("rejects an empty value and one longer than RFC 9626 defines", () => {
		expect(() => decodeFrameMarking(new Uint8Array(0))).toThrow(FormatError);
		expect(() => decodeFrameMarking(Uint8Array.of(0xe0, 0, 0, 0))).toThrow(/4 bytes/);
	});
});
