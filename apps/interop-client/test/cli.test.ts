/**
 * The command as the interop runner drives it: `--list`, the exit codes (0, 1, 127), bad command
 * lines, and the runs that cannot reach or trust a relay (a failed test point, then `Bail out!`)
 * or get no answer (the case's timeout, reported as `received: timeout`).
 */

import { createSocket, type Socket } from "node:dgram";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DATA_FLOW_CASES, STANDARD_CASES } from "../src/cases/index.js";
import { runClient, type Server, startExampleServer } from "./processes.js";
import { parseTap } from "./tap-parser.js";

const STANDARD = [
	"setup-only",
	"announce-only",
	"publish-namespace-done",
	"subscribe-error",
	"announce-subscribe",
	"subscribe-before-announce",
];

describe("listing and the command line", () => {
	test("--list prints the standard identifiers, one a line, in the spec's order", async () => {
		const run = await runClient(["--list"]);
		expect(run.code).toBe(0);
		expect(run.stdout).toBe(`${STANDARD.join("\n")}\n`);
		expect(STANDARD_CASES.map((c) => c.name)).toEqual(STANDARD);
	});

	test("--list with MOQT_DATA_FLOW=1 adds the data-flow cases after them", async () => {
		const run = await runClient(["-l"], { MOQT_DATA_FLOW: "1" });
		expect(run.code).toBe(0);
		expect(run.stdout.trim().split("\n")).toEqual([...STANDARD, ...DATA_FLOW_CASES.map((c) => c.name)]);
	});

	test("an unknown test, URL scheme or draft is not supported: exit 127", async () => {
		for (const args of [
			["-t", "no-such-test"],
			["-r", "http://127.0.0.1:4443"],
			["--draft", "15"],
		]) {
			const run = await runClient(args);
			expect(run.code, args.join(" ")).toBe(127);
			expect(run.stdout.trim()).toBe("");
		}
		const fromEnv = await runClient([], { TESTCASE: "no-such-test" });
		expect(fromEnv.code).toBe(127);
	});

	test("an unknown option is an error: exit 1 with the usage", async () => {
		const run = await runClient(["--no-such-option"]);
		expect(run.code).toBe(1);
		expect(run.stderr).toMatch(/Usage: moq-test-client/);
	});

	test("--help prints the usage", async () => {
		const run = await runClient(["--help"]);
		expect(run.code).toBe(0);
		expect(run.stdout).toMatch(/-r, --relay <URL>/);
	});
});

describe("relays that cannot be used", () => {
	let server: Server;
	let sink: Socket;
	let sinkPort: number;
	let closedPort: number;

	beforeAll(async () => {
		server = await startExampleServer();
		// A UDP port that swallows every packet: a relay that never answers.
		sink = createSocket("udp4");
		sink.on("message", () => undefined);
		sinkPort = await new Promise((resolve) => sink.bind(0, "127.0.0.1", () => resolve(sink.address().port)));
		// A port nobody listens on: ICMP port unreachable, as for a relay that is down.
		const probe = createSocket("udp4");
		closedPort = await new Promise((resolve) => probe.bind(0, "127.0.0.1", () => resolve(probe.address().port)));
		await new Promise<void>((resolve) => probe.close(() => resolve()));
	});

	afterAll(async () => {
		await server?.child.stop();
		await new Promise<void>((resolve) => (sink ? sink.close(() => resolve()) : resolve()));
	});

	test("an unreachable relay fails the first case and bails out", async () => {
		const run = await runClient(["-r", `moqt://127.0.0.1:${closedPort}`]);
		const tap = parseTap(run.stdout);
		expect(run.code).toBe(1);
		expect(tap.plan.count).toBe(6);
		expect(tap.points).toHaveLength(1);
		expect(tap.points[0]).toMatchObject({ ok: false, description: "setup-only" });
		expect(tap.points[0]?.yaml?.received).toMatch(/connect-failed/);
		expect(tap.bailOut).toMatch(/connect-failed/);
	});

	test("a certificate the client does not trust bails out (no --tls-disable-verify)", async () => {
		const run = await runClient(["-r", `https://127.0.0.1:${server.port}/moq`, "-t", "announce-only"]);
		const tap = parseTap(run.stdout);
		expect(run.code).toBe(1);
		expect(tap.points[0]).toMatchObject({ ok: false, description: "announce-only" });
		expect(tap.bailOut).toMatch(/certificate/);
	});

	test("a relay that never answers fails the case at its timeout, with expected and received", async () => {
		const run = await runClient(["-r", `moqt://127.0.0.1:${sinkPort}`, "-t", "setup-only", "--draft", "16"]);
		const tap = parseTap(run.stdout);
		expect(run.code).toBe(1);
		expect(tap.bailOut).toBeUndefined();
		expect(tap.points[0]).toMatchObject({ ok: false, description: "setup-only" });
		expect(tap.points[0]?.yaml).toMatchObject({
			expected: "SERVER_SETUP",
			received: "timeout",
			message: "no SERVER_SETUP after 2000 ms",
		});
	});

	test("verbose output goes to stderr and leaves stdout valid TAP", async () => {
		const run = await runClient(["-r", `moqt://127.0.0.1:${server.port}/moq`, "-t", "subscribe-error"], {
			VERBOSE: "1",
			TLS_DISABLE_VERIFY: "1",
		});
		const tap = parseTap(run.stdout);
		expect(run.code).toBe(0);
		expect(tap.points[0]).toMatchObject({ ok: true, description: "subscribe-error" });
		expect(run.stderr).toMatch(/client: -> SUBSCRIBE/);
	});
});
