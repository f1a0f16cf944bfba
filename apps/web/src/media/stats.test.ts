import { describe, expect, test } from "vitest";
import { MediaStats } from "./stats.js";

describe("MediaStats", () => {
	test("counts objects per second over the window and keeps the latest latency", () => {
		const s = new MediaStats(1000);
		expect(s.snapshot(0)).toEqual({ objects: 0, objectsPerSecond: 0 });
		for (let i = 0; i < 30; i++) s.record(10_000 + i * 33, 10_000 + i * 33 - 40 - (i % 3));
		expect(s.snapshot(10_990)).toEqual({
			objects: 30,
			objectsPerSecond: 30,
			latencyMs: 42,
			meanLatencyMs: 41,
		});
	});

	test("forgets arrivals older than the window but not the total", () => {
		const s = new MediaStats(500);
		s.record(1000, 900);
		s.record(1400, 1350);
		expect(s.snapshot(1600)).toEqual({ objects: 2, objectsPerSecond: 2, latencyMs: 50, meanLatencyMs: 50 });
		expect(s.snapshot(2000)).toEqual({ objects: 2, objectsPerSecond: 0, latencyMs: 50 });
	});

	test("objects without a capture time count but carry no latency", () => {
		const s = new MediaStats(1000);
		s.record(100);
		s.record(200);
		expect(s.snapshot(300)).toEqual({ objects: 2, objectsPerSecond: 2 });
	});
});
