/**
 * `moqt bench` as a process through the server: every subscriber gets every object, and the
 * figures are all there (their values depend on the machine and are not checked).
 */

import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { moqt, stopAll } from "./processes.js";
import { SERVER_KIND, startServer, type TestServer } from "./server.js";

let server: TestServer;

beforeAll(async () => {
	server = await startServer();
});

afterAll(async () => {
	await stopAll();
	await server?.stop();
});

describe(`bench through the ${SERVER_KIND}`, () => {
	test("two subscribers each receive all 2000 objects; rates and latency percentiles are reported", async () => {
		const child = moqt([
			"bench",
			server.url,
			...server.flags,
			"--objects",
			"2000",
			"--size",
			"512",
			"--subscribers",
			"2",
			"--json",
		]);
		expect(await child.code(), child.output).toBe(0);
		const result = JSON.parse(child.stdout[0]!);
		expect(result).toMatchObject({ objects: 2000, size: 512, subscribers: 2, received: [2000, 2000] });
		expect(result.latencyMs.count).toBe(4000);
		for (const key of ["p50", "p90", "p99", "max"]) expect(result.latencyMs[key]).toBeGreaterThanOrEqual(0);
		expect(result.latencyMs.p50).toBeLessThanOrEqual(result.latencyMs.p99);
		for (const key of ["sendObjectsPerSecond", "deliveredObjectsPerSecond", "deliveredMegabytesPerSecond"]) {
			expect(result[key]).toBeGreaterThan(0);
		}
	});

	test("the text report", async () => {
		const child = moqt(["bench", server.url, ...server.flags, "--objects", "300", "--size", "100"]);
		expect(await child.code(), child.output).toBe(0);
		expect(child.stdout).toEqual([
			expect.stringMatching(/^sent {6}300 objects x 100 B in [\d.]+ s: \d+ objects\/s$/),
			expect.stringMatching(/^delivered \d+ objects\/s, [\d.]+ MB\/s over 1 subscriber\(s\)$/),
			expect.stringMatching(/^latency {3}p50 [\d.]+ ms, p90 [\d.]+ ms, p99 [\d.]+ ms, max [\d.]+ ms \(300 samples\)$/),
		]);
	});
});
