/**
 * `moqt pub` and `moqt sub` as processes through the server: generated objects with their
 * send-time property and extra properties, stdin lines, JSON output, the end of the track, and
 * Ctrl-C ending the publisher cleanly.
 */

import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { moqt, stopAll } from "./processes.js";
import { SERVER_KIND, startServer, type TestServer } from "./server.js";

let server: TestServer;
const unique = () => `cli-${randomBytes(4).toString("hex")}`;

beforeAll(async () => {
	server = await startServer();
});

afterAll(async () => {
	await stopAll();
	await server?.stop();
});

describe(`pub and sub through the ${SERVER_KIND}`, () => {
	test("sub prints the objects pub generates, with latency and properties", async () => {
		const ns = `${unique()}/live`;
		const pub = moqt([
			"pub",
			server.url,
			ns,
			"clock",
			...server.flags,
			"--rate",
			"50",
			"--property",
			"3=hello",
			"--property",
			"8=42",
		]);
		await pub.line(/^publishing /);

		const sub = moqt(["sub", server.url, ns, "clock", ...server.flags, "--count", "5", "--json"]);
		expect(await sub.code(), sub.output).toBe(0);
		const objects = sub.stdout.map((line) => JSON.parse(line));
		expect(objects).toHaveLength(5);
		for (const o of objects) {
			expect(o).toMatchObject({ status: "normal", priority: 128, forwarding: "subgroup", subgroup: 0 });
			// The generated payload names its own group and object.
			expect(o.text).toMatch(new RegExp(`^${o.group}/${o.object} \\d{4}-`));
			expect(o.size).toBe(Buffer.byteLength(o.text));
			expect(o.latencyMs).toBeGreaterThanOrEqual(0);
			expect(o.properties).toEqual(
				expect.arrayContaining([
					{ type: 0x7a, value: expect.any(Number) },
					{ type: 3, base64: Buffer.from("hello").toString("base64") },
					{ type: 8, value: 42 },
				]),
			);
		}
		// One stream, so consecutive objects; the filter starts wherever the publisher was.
		for (let i = 1; i < objects.length; i++) {
			const [a, b] = [objects[i - 1], objects[i]];
			expect(b.group * 10 + b.object).toBe(a.group * 10 + a.object + 1);
		}
		expect(sub.stderr.join("\n")).toMatch(/^5 objects, .* latency p50 /m);

		// Ctrl-C: the publisher ends its track and exits 0 with its summary.
		pub.signal("SIGINT");
		expect(await pub.code(), pub.output).toBe(0);
		expect(pub.stderr.join("\n")).toMatch(/^published \d+ objects/m);
		expect(pub.stdout.some((line) => /^published group \d+: 10 objects/.test(line))).toBe(true);
	});

	test("pub --stdin sends each line; sub sees them in order, then the end of the track", async () => {
		const ns = `${unique()}/chat`;
		const pub = moqt(["pub", server.url, ns, "room", ...server.flags, "--stdin", "--wait-subscribers", "1"], "pipe");
		await pub.line(/^publishing /);
		const sub = moqt(["sub", server.url, ns, "room", ...server.flags]);
		// The publisher reads stdin only once the relay's subscription is there.
		pub.process.stdin!.end("first line\nsecond line\n\nünïcode ✓\n");

		expect(await sub.code(), sub.output).toBe(0);
		expect(sub.stdout).toEqual([
			expect.stringMatching(/^group 0 subgroup 0 object 0 size 10 latency [\d.]+ ms: first line$/),
			expect.stringMatching(/^group 1 subgroup 0 object 0 size 11 latency [\d.]+ ms: second line$/),
			expect.stringMatching(/^group 2 subgroup 0 object 0 size 0 latency [\d.]+ ms$/),
			expect.stringMatching(/^group 3 subgroup 0 object 0 size 13 latency [\d.]+ ms: ünïcode ✓$/),
		]);
		// The publisher ended the track at the end of stdin.
		expect(sub.stderr.join("\n")).toMatch(/the publisher ended the subscription \(TRACK_ENDED 0x2\)/);
		expect(await pub.code(), pub.output).toBe(0);
		expect(pub.stdout).toHaveLength(4);
	});

	test("sub of a track nobody publishes fails with exit code 1 and the reason", async () => {
		const sub = moqt(["sub", server.url, `${unique()}/none`, "track", ...server.flags]);
		expect(await sub.code(), sub.output).toBe(1);
		expect(sub.stderr.join("\n")).toMatch(/^moqt sub: SUBSCRIBE failed: DOES_NOT_EXIST/m);
	});
});
