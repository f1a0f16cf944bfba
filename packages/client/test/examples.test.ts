/**
 * The examples run as written, as child processes on loopback: serve.ts (the example relay, on
 * raw QUIC, HTTP/3 and HTTP/2), publish.ts announcing a clock over raw QUIC in draft-19, and
 * against it namespace-discovery.ts (HTTP/3, draft-14), subscribe.ts (HTTP/2, draft-16) and
 * fetch.ts (raw QUIC, draft-18): the relay routes between drafts and transports. Every process
 * is bounded by a timeout and stopped at the end.
 */

import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const PACKAGE = fileURLToPath(new URL("..", import.meta.url));
const NODE_ARGS = ["--conditions=@moqt/source", "--import", "tsx"];
const children: ChildProcess[] = [];

/** A running example whose output lines are collected. */
interface Running {
	readonly child: ChildProcess;
	readonly lines: string[];
	/** Resolves with the first line matching, or rejects when the process exits first. */
	waitFor(pattern: RegExp): Promise<string>;
	/** Resolves with the exit code. */
	readonly exited: Promise<number | null>;
}

function start(example: string, args: readonly string[]): Running {
	const child = spawn(process.execPath, [...NODE_ARGS, `examples/${example}`, ...args], {
		cwd: PACKAGE,
		stdio: ["ignore", "pipe", "pipe"],
	});
	children.push(child);
	const lines: string[] = [];
	const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
	let buffered = "";
	child.stdout?.setEncoding("utf8").on("data", (data: string) => {
		buffered += data;
		const parts = buffered.split("\n");
		buffered = parts.pop() ?? "";
		for (const line of parts) {
			lines.push(line);
			for (const waiter of waiters.filter((w) => w.pattern.test(line))) {
				waiters.splice(waiters.indexOf(waiter), 1);
				waiter.resolve(line);
			}
		}
	});
	const stderr: string[] = [];
	child.stderr?.setEncoding("utf8").on("data", (data: string) => stderr.push(data));
	const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
	return {
		child,
		lines,
		exited,
		waitFor(pattern) {
			const seen = lines.find((line) => pattern.test(line));
			if (seen !== undefined) return Promise.resolve(seen);
			return new Promise((resolve, reject) => {
				waiters.push({ pattern, resolve });
				void exited.then((code) =>
					reject(new Error(`${example} exited (${code}) before ${pattern}: ${stderr.join("")}`)),
				);
			});
		},
	};
}

/** Runs an example to its end; rejects when it fails or outlives `timeout` ms (it is then killed). */
async function run(example: string, args: readonly string[], timeout = 30_000): Promise<string[]> {
	const running = start(example, args);
	const timer = setTimeout(() => running.child.kill("SIGKILL"), timeout);
	const code = await running.exited;
	clearTimeout(timer);
	if (code !== 0) throw new Error(`${example} exited with ${code}: ${running.lines.join("\n")}`);
	return running.lines;
}

let server: Running;
let publisher: Running;
let port = "";
let hash = "";

beforeAll(async () => {
	server = start("serve.ts", []);
	port = /:(\d+)\//.exec(await server.waitFor(/^moqt:\/\//))?.[1] ?? "";
	hash = (await server.waitFor(/^certificate sha256 /)).split(" ")[2] ?? "";
	publisher = start("publish.ts", [`moqt://127.0.0.1:${port}/moq`, `--hash=${hash}`, "--draft=19"]);
	await publisher.waitFor(/^published group 2$/);
}, 60_000);

afterAll(async () => {
	for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
	await Promise.all(children.map((child) => (child.exitCode === null ? new Promise((r) => child.once("exit", r)) : 0)));
});

describe("the examples against serve.ts", () => {
	it("publish.ts announces its clock over raw QUIC, draft-19", async () => {
		expect(publisher.lines[0]).toBe("publishing example/clock/seconds over quic, draft-19");
		expect(server.lines).toContain("publish example/clock");
		expect(server.lines.some((line) => /^session quic draft-19 from /.test(line))).toBe(true);
	});

	it("namespace-discovery.ts finds it over HTTP/3, draft-14", async () => {
		const lines = await run("namespace-discovery.ts", [
			`https://127.0.0.1:${port}/moq`,
			`--hash=${hash}`,
			"--draft=14",
			"--transport=webtransport-h3",
			"--count=1",
		]);
		expect(lines).toEqual(["namespace example/clock"]);
	}, 40_000);

	it("subscribe.ts receives the ticks over HTTP/2, draft-16", async () => {
		const lines = await run("subscribe.ts", [
			`https://127.0.0.1:${port}/moq`,
			`--hash=${hash}`,
			"--draft=16",
			"--transport=webtransport-h2",
			"--count=3",
		]);
		expect(lines[0]).toBe("connected over webtransport-h2, draft-16");
		const ticks = lines.slice(1, 4).map((line) => /^group (\d+) object 0: (\S+)$/.exec(line));
		expect(ticks.every((tick) => tick !== null && !Number.isNaN(Date.parse(tick[2] ?? "")))).toBe(true);
		const groups = ticks.map((tick) => Number(tick?.[1]));
		expect(groups).toEqual([...groups].sort((a, b) => a - b));
		expect(lines[4]).toBe("done after 3 objects");
	}, 40_000);

	it("fetch.ts reads the latest groups back over raw QUIC, draft-18", async () => {
		const lines = await run("fetch.ts", [`moqt://127.0.0.1:${port}/moq`, `--hash=${hash}`, "--draft=18"]);
		const range = /^largest object (\d+)\/0: fetching groups (\d+) to (\d+)$/.exec(lines[0] ?? "");
		expect(range).not.toBeNull();
		const [first, last] = [Number(range?.[2]), Number(range?.[3])];
		expect(last - first).toBe(2);
		expect(lines.slice(1).map((line) => Number(/^group (\d+) object 0: /.exec(line)?.[1]))).toEqual([
			first,
			first + 1,
			last,
		]);
	}, 40_000);

	it("publish.ts ends its track and leaves on SIGTERM; the relay sees the namespace withdrawn", async () => {
		publisher.child.kill("SIGTERM");
		expect(await publisher.exited).toBe(0);
		await server.waitFor(/^withdraw example\/clock$/);
	}, 20_000);
});
