import { describe, expect, test } from "vitest";
import { GroupSequencer } from "./media-object.js";

describe("GroupSequencer (draft-ietf-moq-loc §4.2, draft-ietf-moq-msf §6)", () => {
	test("every keyframe opens the next group at object 0; other frames follow in it", () => {
		const s = new GroupSequencer(10n);
		const frames = [true, false, false, true, false, true, true];
		expect(frames.map((k) => s.next(k))).toEqual([
			{ group: 10n, object: 0n },
			{ group: 10n, object: 1n },
			{ group: 10n, object: 2n },
			{ group: 11n, object: 0n },
			{ group: 11n, object: 1n },
			{ group: 12n, object: 0n },
			{ group: 13n, object: 0n },
		]);
	});

	test("drops delta frames until the first keyframe", () => {
		const s = new GroupSequencer(0n);
		expect(s.next(false)).toBeUndefined();
		expect(s.next(true)).toEqual({ group: 0n, object: 0n });
	});

	test("starts at the wall clock in milliseconds by default (§6.1)", () => {
		const before = BigInt(Date.now());
		const group = new GroupSequencer().next(true)?.group ?? -1n;
		expect(group >= before && group <= BigInt(Date.now())).toBe(true);
	});
});
