/**
 * The platform clock behind the injected-clock interface (the tests elsewhere use a fake one).
 */

import { describe, expect, it } from "vitest";
import { systemClock } from "../../src/data/clock.js";
import { tick } from "./helpers.js";

describe("systemClock", () => {
	it("fires a timer once and lets it be cancelled", async () => {
		const fired: string[] = [];
		systemClock.setTimer(0, () => fired.push("kept"));
		const cancel = systemClock.setTimer(0, () => fired.push("cancelled"));
		cancel();
		await tick();
		await tick();
		expect(fired).toEqual(["kept"]);
	});

	it("never goes backwards", () => {
		const a = systemClock.now();
		const b = systemClock.now();
		expect(b).toBeGreaterThanOrEqual(a);
	});
});
