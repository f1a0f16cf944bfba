import { describe, expect, test } from "vitest";
import { encodeLoc, type LocFrame } from "./loc.js";
import type { MediaObject } from "./media-object.js";
import { Playout } from "./playout.js";

const avcC = Uint8Array.of(1, 0x42, 0xc0, 0x1f);
const T0 = 1_746_104_606_044_000n;

function obj(group: bigint, object: bigint, frame: Partial<LocFrame> = {}): MediaObject {
	const { properties, payload } = encodeLoc({
		timestamp: T0 + group * 1_000_000n + object * 33_333n,
		keyframe: object === 0n,
		...(object === 0n && { config: avcC }),
		data: Uint8Array.of(Number(group), Number(object)),
		...frame,
	});
	return { group, object, properties, payload };
}

const steps = (p: Playout, objects: MediaObject[]) =>
	objects.map((o) => {
		const s = p.accept(o);
		return s.kind === "skip" ? s.reason : `${s.type}${s.configure ? "+config" : ""}`;
	});

describe("Playout (draft-ietf-moq-loc §4.2)", () => {
	test("decodes a group from its keyframe, configuring once with the Video Config", () => {
		const p = new Playout();
		const first = p.accept(obj(4n, 0n));
		expect(first).toEqual({
			kind: "decode",
			group: 4n,
			object: 0n,
			type: "key",
			timestampUs: Number(T0 + 4_000_000n),
			captureMs: Number(T0 + 4_000_000n) / 1000,
			data: Uint8Array.of(4, 0),
			configure: true,
			description: avcC,
		});
		expect(steps(p, [obj(4n, 1n), obj(4n, 2n), obj(5n, 0n), obj(5n, 1n)])).toEqual(["delta", "delta", "key", "delta"]);
	});

	test("waits for a keyframe when joining mid-group", () => {
		const p = new Playout();
		expect(steps(p, [obj(4n, 3n), obj(4n, 4n), obj(5n, 0n), obj(5n, 1n)])).toEqual([
			"no-keyframe",
			"no-keyframe",
			"key+config",
			"delta",
		]);
	});

	test("after a missing object, skips the rest of the group", () => {
		const p = new Playout();
		expect(steps(p, [obj(4n, 0n), obj(4n, 2n), obj(4n, 3n), obj(5n, 0n)])).toEqual([
			"key+config",
			"gap",
			"no-keyframe",
			"key",
		]);
	});

	test("skips older groups and repeated objects", () => {
		const p = new Playout();
		expect(steps(p, [obj(5n, 0n), obj(5n, 1n), obj(4n, 0n), obj(4n, 7n), obj(5n, 1n), obj(5n, 0n)])).toEqual([
			"key+config",
			"delta",
			"late",
			"late",
			"late",
			"late",
		]);
	});

	test("reconfigures when the Video Config changes, not when it repeats", () => {
		const p = new Playout();
		const other = Uint8Array.of(1, 0x64, 0, 0x28);
		expect(
			steps(p, [obj(1n, 0n), obj(2n, 0n), obj(3n, 0n, { config: other }), obj(4n, 0n, { config: other })]),
		).toEqual(["key+config", "key", "key+config", "key"]);
		const s = p.accept(obj(4n, 1n));
		expect(s.kind === "decode" && s.description).toEqual(other);
	});

	test("a codec without a config (VP8) is configured once, with no description", () => {
		const p = new Playout();
		const first = p.accept(obj(1n, 0n, { config: undefined }));
		expect(first).toMatchObject({ kind: "decode", configure: true });
		expect("description" in first).toBe(false);
		expect(steps(p, [obj(1n, 1n, { config: undefined }), obj(2n, 0n, { config: undefined })])).toEqual([
			"delta",
			"key",
		]);
	});

	test("after reset, starts over at the next keyframe with a fresh configuration", () => {
		const p = new Playout();
		steps(p, [obj(1n, 0n), obj(1n, 1n)]);
		p.reset();
		expect(steps(p, [obj(1n, 2n), obj(2n, 0n)])).toEqual(["no-keyframe", "key+config"]);
	});

	test("takes the frame marking's word over the object position", () => {
		const p = new Playout();
		expect(steps(p, [obj(1n, 0n, { keyframe: false }), obj(1n, 1n, { keyframe: true, config: avcC })])).toEqual([
			"no-keyframe",
			"key+config",
		]);
		// Without a frame marking, Object 0 is the keyframe.
		const bare = new Playout();
		expect(steps(bare, [obj(1n, 0n, { keyframe: undefined }), obj(1n, 1n, { keyframe: undefined })])).toEqual([
			"key+config",
			"delta",
		]);
	});

	test("converts media time to microseconds and gives no capture time for it", () => {
		const p = new Playout();
		const s = p.accept(obj(1n, 0n, { timestamp: 180_000n, timescale: 90_000n }));
		expect(s).toMatchObject({ kind: "decode", timestampUs: 2_000_000 });
		expect("captureMs" in s).toBe(false);
	});

	test("skips what is not LOC", () => {
		const p = new Playout();
		const bad: MediaObject = {
			group: 1n,
			object: 0n,
			properties: [{ type: 0x09n, value: new Uint8Array(0) }],
			payload: Uint8Array.of(1),
		};
		expect(p.accept(bad)).toEqual({ kind: "skip", reason: "malformed" });
	});
});
