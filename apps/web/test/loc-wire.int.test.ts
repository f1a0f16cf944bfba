/**
 * LOC objects across the real MOQT object encoding: the properties `loc.ts` produces are valid
 * Object Properties in every draft `@moqt/wire` speaks, and come back as they went.
 */
import { DRAFTS } from "@moqt/wire";
import { describe, expect, test } from "vitest";
import { decodeLoc, encodeLoc, type LocFrame } from "../src/media/loc.js";
import { GroupSequencer, type MediaObject } from "../src/media/media-object.js";
import { SubgroupLoopback } from "./support/subgroup-loopback.js";

// An avcC of the size Chromium's H.264 encoder reports (32 bytes), and frames of a few sizes.
const avcC = Uint8Array.from({ length: 32 }, (_, i) => (i * 37) & 0xff);
const frames: LocFrame[] = Array.from({ length: 9 }, (_, i) => {
	const keyframe = i % 4 === 0;
	return {
		timestamp: 1_746_104_606_044_000n + BigInt(i) * 33_333n,
		keyframe,
		...(keyframe && { config: avcC }),
		data: Uint8Array.from({ length: 50 + i * 300 }, (_, j) => (i + j) & 0xff),
	};
});

describe.each(DRAFTS)("LOC over draft-%i subgroup streams", (draft) => {
	test("every frame arrives with its properties and payload, each Group on its own stream", () => {
		const sequencer = new GroupSequencer(1_000n);
		const loopback = new SubgroupLoopback(draft);
		const received: MediaObject[] = [];
		for (const frame of frames) {
			const at = sequencer.next(frame.keyframe === true);
			if (at === undefined) throw new Error("the first frame is a keyframe");
			const { properties, payload } = encodeLoc(frame);
			received.push(...loopback.send({ ...at, properties, payload }));
		}
		expect(received.map((o) => [o.group, o.object])).toEqual([
			[1000n, 0n],
			[1000n, 1n],
			[1000n, 2n],
			[1000n, 3n],
			[1001n, 0n],
			[1001n, 1n],
			[1001n, 2n],
			[1001n, 3n],
			[1002n, 0n],
		]);
		expect(received.map((o) => decodeLoc(o))).toEqual(
			frames.map((f) => ({ ...f, frameMarking: decodeLoc(encodeLoc(f)).frameMarking })),
		);
	});
});
