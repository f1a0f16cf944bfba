import { describe, expect, test } from "vitest";
import { FormatError } from "../errors.js";
import { decodeLoc, encodeLoc, LocPropertyType, wallClockMs } from "./loc.js";

const data = Uint8Array.of(0x9d, 0x01, 0x2a, 0x40);

describe("LOC properties (draft-ietf-moq-loc §2.3)", () => {
	test("a keyframe carries timestamp, frame marking and config as the draft numbers them", () => {
		const config = Uint8Array.of(1, 0x42, 0, 0x1f);
		const loc = encodeLoc({ timestamp: 1_746_104_606_044_123n, keyframe: true, config, data });
		expect(loc.properties).toEqual([
			{ type: 0x09n, value: Uint8Array.of(0xe0) },
			{ type: 0x0dn, value: config },
			{ type: 0x10n, value: 1_746_104_606_044_123n },
		]);
		expect(loc.payload).toBe(data);
	});

	test("types are ascending and even types carry integers, odd types bytes", () => {
		const loc = encodeLoc({
			timestamp: 90_000n,
			timescale: 90_000n,
			keyframe: false,
			config: Uint8Array.of(1),
			audioConfig: Uint8Array.of(2),
			audioLevel: { voiceActivity: true, level: 30 },
			data,
		});
		expect(loc.properties.map((p) => p.type)).toEqual([0x08n, 0x09n, 0x0cn, 0x0dn, 0x0fn, 0x10n]);
		for (const p of loc.properties) expect(typeof p.value === "bigint").toBe(p.type % 2n === 0n);
		expect(loc.properties.find((p) => p.type === LocPropertyType.AUDIO_LEVEL)?.value).toBe(0x80n | 30n);
	});

	test("decode inverts encode", () => {
		const frame = {
			timestamp: 123n,
			timescale: 48_000n,
			audioLevel: { voiceActivity: false, level: 127 },
			audioConfig: Uint8Array.of(0x4f, 0x70),
			data,
		};
		expect(decodeLoc(encodeLoc(frame))).toEqual(frame);
		const video = { timestamp: 5n, keyframe: false, data };
		const decoded = decodeLoc(encodeLoc(video));
		expect(decoded.keyframe).toBe(false);
		expect(decoded.frameMarking?.startOfFrame).toBe(true);
		expect(decoded.timestamp).toBe(5n);
	});

	test("an object without properties is a bare payload with no keyframe information", () => {
		expect(decodeLoc({ payload: data })).toEqual({ data });
		expect(encodeLoc({ data })).toEqual({ properties: [], payload: data });
	});

	test("ignores unknown types, including the provisional 0x06 and 0x0A of draft-19's IANA table", () => {
		const frame = decodeLoc({
			properties: [
				{ type: 0x06n, value: 2000n },
				{ type: 0x0an, value: 7n },
				{ type: 0x3cn, value: 1n },
				{ type: 0x10n, value: 42n },
			],
			payload: data,
		});
		expect(frame).toEqual({ timestamp: 42n, data });
	});

	test("rejects a duplicated LOC property and values of the wrong shape", () => {
		const twice = [
			{ type: 0x10n, value: 1n },
			{ type: 0x10n, value: 2n },
		];
		expect(() => decodeLoc({ properties: twice, payload: data })).toThrow(/appears twice/);
		expect(() => decodeLoc({ properties: [{ type: 0x0dn, value: 1n }], payload: data })).toThrow(/must be bytes/);
		expect(() => decodeLoc({ properties: [{ type: 0x10n, value: data }], payload: data })).toThrow(
			/must be an integer/,
		);
		expect(() => decodeLoc({ properties: [{ type: 0x0cn, value: 0x100n }], payload: data })).toThrow(/8 bits/);
		expect(() => decodeLoc({ properties: [{ type: 0x08n, value: 0n }], payload: data })).toThrow(FormatError);
	});

	test("rejects values that cannot be encoded", () => {
		expect(() => encodeLoc({ timestamp: -1n, data })).toThrow(/vi64/);
		expect(() => encodeLoc({ timestamp: 1n << 64n, data })).toThrow(/vi64/);
		expect(() => encodeLoc({ timescale: 0n, data })).toThrow(/Timescale of 0/);
		expect(() => encodeLoc({ audioLevel: { voiceActivity: true, level: 128 }, data })).toThrow(/0\.\.127/);
		const marking = { ...decodeLoc(encodeLoc({ keyframe: true, data })).frameMarking! };
		expect(() => encodeLoc({ keyframe: false, frameMarking: marking, data })).toThrow(/disagrees/);
	});

	test("a timestamp is wall-clock microseconds only without a timescale", () => {
		expect(wallClockMs({ timestamp: 1_746_104_606_044_500n, data })).toBe(1_746_104_606_044.5);
		expect(wallClockMs({ timestamp: 90_000n, timescale: 90_000n, data })).toBeUndefined();
		expect(wallClockMs({ data })).toBeUndefined();
	});
});
