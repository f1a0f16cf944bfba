/**
 * `moqt fetch` as a process through the server: the exact range asked for, from the publisher's
 * cache, in order; and a refusal.
 */

import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Child, moqt, stopAll } from "./processes.js";
import { SERVER_KIND, startServer, type TestServer } from "./server.js";

let server: TestServer;
let pub: Child;
const ns = `fetch-${randomBytes(4).toString("hex")}/live`;

beforeAll(async () => {
	server = await startServer();
	pub = moqt([
		"pub",
		server.url,
		ns,
		"t",
		...server.flags,
		"--rate",
		"50",
		"--objects-per-group",
		"2",
		"--cache-groups",
		"1000",
	]);
	// Groups 0 to 3 are complete once group 4 is reported.
	await pub.line(/^published group 4:/);
});

afterAll(async () => {
	await stopAll();
	await server?.stop();
});

/** "G/O" of each printed object, checking that the payload names the same place. */
function places(child: Child): string[] {
	return child.stdout.map((line) => {
		const m = /^group (\d+) subgroup 0 object (\d+) size \d+ latency [\d.]+ ms: (\d+)\/(\d+) /.exec(line);
		expect(m, line).not.toBeNull();
		expect(`${m![3]}/${m![4]}`).toBe(`${m![1]}/${m![2]}`);
		return `${m![1]}/${m![2]}`;
	});
}

describe(`fetch through the ${SERVER_KIND}`, () => {
	test("--start G --end G:O gives exactly that range", async () => {
		const child = moqt(["fetch", server.url, ns, "t", ...server.flags, "--start", "1", "--end", "2:1"]);
		expect(await child.code(), child.output).toBe(0);
		expect(places(child)).toEqual(["1/0", "1/1", "2/0", "2/1"]);
		expect(child.stderr.join("\n")).toMatch(/^4 objects, /m);
	});

	test("--start G:O --end G: from an object to the end of a group", async () => {
		const child = moqt(["fetch", server.url, ns, "t", ...server.flags, "--start", "0:1", "--end", "3"]);
		expect(await child.code(), child.output).toBe(0);
		expect(places(child)).toEqual(["0/1", "1/0", "1/1", "2/0", "2/1", "3/0", "3/1"]);
	});

	test("a fetch of a track nobody publishes fails with exit code 1", async () => {
		const child = moqt(["fetch", server.url, `${ns}-none`, "t", ...server.flags, "--start", "0"]);
		expect(await child.code(), child.output).toBe(1);
		expect(child.stderr.join("\n")).toMatch(/^moqt fetch: FETCH failed: /m);
	});

	test("the publisher still ends cleanly", async () => {
		pub.signal("SIGTERM");
		expect(await pub.code(), pub.output).toBe(0);
	});
});
