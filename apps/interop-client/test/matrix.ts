/**
 * The end-to-end matrix against one server: every draft on both transports, each run the whole
 * standard list plus the data-flow cases, checked as the interop runner reads a run (valid TAP 14,
 * exit code 0, every point ok) and for the diagnostics the interface asks for.
 *
 * @module
 */

import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DATA_FLOW_CASES, STANDARD_CASES } from "../src/cases/index.js";
import { runClient, type Server } from "./processes.js";
import { parseTap, type TapDocument } from "./tap-parser.js";

const DRAFTS = [14, 16, 18, 19] as const;
const SCHEMES = [
	{ scheme: "moqt", transport: "quic" },
	{ scheme: "https", transport: "webtransport-h3" },
] as const;
const ALL_CASES = [...STANDARD_CASES, ...DATA_FLOW_CASES].map((c) => c.name);

/** The cases whose topology has a publisher and a subscriber (the rest have one connection). */
const TWO_ROLES = new Set([
	"announce-subscribe",
	"subscribe-before-announce",
	"single-object",
	"single-group",
	"multiple-groups",
]);

/** Defines the matrix's tests against the server `start` starts (once for the describe block). */
export function describeMatrix(name: string, start: () => Promise<Server>): void {
	describe(name, () => {
		let server: Server;
		beforeAll(async () => {
			server = await start();
		});
		afterAll(async () => {
			await server?.child.stop();
		});

		for (const { scheme, transport } of SCHEMES) {
			for (const draft of DRAFTS) {
				test(`${scheme}:// draft-${draft}: every case passes`, async () => {
					const relay = `${scheme}://127.0.0.1:${server.port}`;
					const run = await runClient(["-r", relay, "--tls-disable-verify", "--draft", String(draft), "--data-flow"]);
					const tap = checkedTap(run.stdout, run.stderr);
					expect(run.code, run.stdout).toBe(0);
					expect(tap.comments).toEqual(
						expect.arrayContaining([
							expect.stringMatching(/^moq-test-client v\d/),
							`Relay: ${relay}`,
							`Draft: draft-${draft}`,
						]),
					);
					expect(tap.points.map((p) => p.description)).toEqual(ALL_CASES);
					for (const point of tap.points) {
						expect(point.ok, `${point.description}: ${JSON.stringify(point.yaml)}`).toBe(true);
						expect(point.yaml?.duration_ms).toEqual(expect.any(Number));
						expect(point.yaml?.draft).toBe(`draft-${draft}`);
						expect(point.yaml?.transport).toBe(transport);
						checkConnectionIds(point.description, point.yaml ?? {}, transport);
					}
				});
			}
		}

		test("offering every draft, the newest is negotiated and reported", async () => {
			const run = await runClient(["--relay", `moqt://127.0.0.1:${server.port}`, "--tls-disable-verify"]);
			const tap = checkedTap(run.stdout, run.stderr);
			expect(run.code, run.stdout).toBe(0);
			expect(tap.points.map((p) => p.description)).toEqual(STANDARD_CASES.map((c) => c.name));
			expect(tap.comments).toContain("Draft: offering draft-19, draft-18, draft-16, draft-14");
			expect(tap.comments).toContain("Draft: draft-19 negotiated");
			for (const point of tap.points) expect(point.yaml?.draft).toBe("draft-19");
		});

		test("the environment alone drives a run (RELAY_URL, TESTCASE, TLS_DISABLE_VERIFY, MOQT_DRAFT)", async () => {
			const run = await runClient([], {
				RELAY_URL: `https://127.0.0.1:${server.port}/moq`,
				TESTCASE: "announce-subscribe",
				TLS_DISABLE_VERIFY: "1",
				MOQT_DRAFT: "draft-16",
			});
			const tap = checkedTap(run.stdout, run.stderr);
			expect(run.code, run.stdout).toBe(0);
			expect(tap.plan.count).toBe(1);
			expect(tap.points[0]).toMatchObject({ ok: true, description: "announce-subscribe" });
			expect(tap.points[0]?.yaml).toMatchObject({ draft: "draft-16", transport: "webtransport-h3" });
		});
	});
}

function checkedTap(stdout: string, stderr: string): TapDocument {
	try {
		return parseTap(stdout);
	} catch (error) {
		throw new Error(`${(error as Error).message}\n--- stdout\n${stdout}\n--- stderr\n${stderr}`);
	}
}

// Raw QUIC reports our connection IDs by role; HTTP/3 WebTransport cannot (see connection-id.ts).
function checkConnectionIds(name: string, yaml: Record<string, unknown>, transport: string): void {
	const ids = Object.keys(yaml).filter((key) => key.endsWith("connection_id"));
	if (transport !== "quic") {
		expect(ids).toEqual([]);
		return;
	}
	const roles =
		name === "late-subscriber"
			? ["publisher", "subscriber_1", "subscriber_2"]
			: TWO_ROLES.has(name)
				? ["publisher", "subscriber"]
				: [undefined];
	expect(ids.sort()).toEqual(
		roles.map((role) => (role === undefined ? "connection_id" : `${role}_connection_id`)).sort(),
	);
	for (const key of ids) expect(String(yaml[key])).toMatch(/^[0-9a-f]{16,40}$/);
}
