/**
 * The README's main job end to end: the root `demo` script (relay, clock publisher, subscriber
 * printing latency) run with a short duration, and its other subscriber transports.
 */

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { Child } from "./processes.js";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const script = (JSON.parse(readFileSync(`${root}/package.json`, "utf8")) as { scripts: Record<string, string> }).scripts
	.demo!;

async function demo(...args: string[]) {
	// The script exactly as `pnpm demo` runs it, from the repository root.
	const child = new Child(`${script} ${args.join(" ")}`, [], root, true);
	const { code } = await child.exited;
	return { code, lines: child.stdout, stderr: child.stderr.join("\n") };
}

function summary(lines: readonly string[]): number {
	const done = lines.find((l) => l.startsWith("done"));
	return Number(done?.match(/done\s+(\d+) objects/)?.[1] ?? 0);
}

describe("the demo", () => {
	test("prints the clock's objects with their latency and stops after --duration", async () => {
		const { code, lines, stderr } = await demo("--duration", "2");
		expect(stderr).toBe("");
		expect(code).toBe(0);
		expect(lines[0]).toMatch(/^relay .*certificate sha256 [0-9a-f]{64}$/);
		const objects = lines.filter((l) => l.startsWith("object"));
		expect(objects.length).toBeGreaterThan(5);
		expect(objects[0]).toMatch(/^object\s+group \d+ #\d+\s+\d\d:\d\d:\d\d\.\d{3}\s+latency \d+\.\d\d ms$/);
		expect(summary(lines)).toBe(objects.length);
	});

	test.each(["quic", "webtransport-h2"])("works with a %s subscriber", async (subscriber) => {
		const { code, lines } = await demo("--duration", "1", "--subscriber", subscriber);
		expect(code).toBe(0);
		expect(
			lines.some((l) => l.startsWith(`subscriber draft-${subscriber === "quic" ? 14 : 16} over ${subscriber}`)),
		).toBe(true);
		expect(summary(lines)).toBeGreaterThan(0);
	});
});
