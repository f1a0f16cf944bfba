/**
 * The moqt-relay command as a process: it listens where told with a generated certificate whose
 * hash it prints, serves sessions and /metrics, and on SIGTERM sends GOAWAY, drains and exits 0.
 */

import { fileURLToPath } from "node:url";
import { connectTransport } from "@moqt/relay";
import { establishSession } from "@moqt/session";
import { afterEach, describe, expect, test } from "vitest";
import { Child } from "./processes.js";

const app = fileURLToPath(new URL("..", import.meta.url));
const children: Child[] = [];

afterEach(async () => {
	for (const child of children.splice(0)) {
		child.signal("SIGKILL");
		await child.exited;
	}
});

function relay(...args: string[]): Child {
	const child = new Child(process.execPath, ["bin/moqt-relay.mjs", ...args], app);
	children.push(child);
	return child;
}

describe("moqt-relay", () => {
	test("serves sessions and metrics, then drains on SIGTERM", async () => {
		const child = relay("--listen", "127.0.0.1:0", "--metrics", "127.0.0.1:0", "--drain-timeout", "20s");
		const [, port] = (await child.line(/listening on udp 127\.0\.0\.1:(\d+)/)) as [string, string];
		const [, hash] = (await child.line(/self-signed certificate sha256 ([0-9a-f]{64})/)) as [string, string];
		const [, metricsUrl] = (await child.line(/"metrics":"(http:[^"]+)"/)) as [string, string];
		const transport = await connectTransport(`moqt://127.0.0.1:${port}/`, {
			certificateHashes: [Uint8Array.from(Buffer.from(hash, "hex"))],
		});
		const session = await establishSession(transport, {
			role: "client",
			setup: { path: "/", authority: `127.0.0.1:${port}` },
		});
		const goaway = new Promise((resolve) => {
			session.handlers.onGoaway = resolve;
		});
		const metrics = await (await fetch(metricsUrl)).text();
		expect(metrics).toMatch(/moqt_relay_sessions\{draft="19",transport="quic"\} 1/);

		child.signal("SIGTERM");
		await goaway;
		// The client leaves as asked; the relay then finishes draining and exits.
		await session.close();
		expect(await child.exited).toEqual({ code: 0, signal: null });
		expect(child.stderr.join("\n")).toMatch(/"msg":"draining"/);
	});

	test("refuses a bad configuration with the field and the flag", async () => {
		const child = relay("--listen", "nowhere");
		expect((await child.exited).code).toBe(2);
		expect(child.stderr.join("\n")).toMatch(/listen\.quic \(--listen\): an address must look like/);
	});
});
