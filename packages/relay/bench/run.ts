/**
 * The relay benchmark: `pnpm bench [case…] [--quick] [--profile]` in packages/relay.
 *
 * Separate processes: the publisher (publisher.ts), the real relay app (relay-app.ts) and
 * subscriber hosts (subscribers.ts, up to {@link PER_HOST} sessions each). One track of 1 KiB
 * objects at 500 objects/s over raw QUIC (draft-19), fanned out to N = 10, 100 and 1000
 * subscribers, and 1 → 1 through the relay versus direct (the publisher serving the subscriber
 * itself). Cases: `direct-1`, `relay-1`, `relay-10`, `relay-100`, `relay-1000`, `relay-100-wt`
 * (subscribers on WebTransport over HTTP/3); default all.
 *
 * - `--quick`: 1 s warm-up and 3 s windows; figures are printed, not recorded.
 * - `--profile`: the relay runs with `--cpu-prof`; its profile is summarized (profile.ts) into
 *   RESULTS.md's profile block. Profiling slows the relay, so the figures are not recorded.
 *
 * With neither, the figures replace RESULTS.md's results block.
 *
 * @module
 */

import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type CaseResult, type CaseSpec, runCase } from "./case.js";
import { summarizeProfile } from "./profile.js";
import { COLUMNS, describe, ratio, row } from "./report.js";
import { load, machine, table, writeBlock } from "./results.js";

const RESULTS = fileURLToPath(new URL("./RESULTS.md", import.meta.url));
const HEADER =
	"# Relay benchmark\n\nWritten by `pnpm bench` (bench/run.ts) between the markers; notes outside them are kept.\n";

const RATE = 500;
/** Subscriber sessions per host process: 1000 subscribers are 4 processes. */
const PER_HOST = 250;

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const profile = args.includes("--profile");
const named = args.filter((arg) => !arg.startsWith("--"));
const profileDir = profile ? mkdtempSync(join(tmpdir(), "moqt-relay-bench-")) : undefined;

function spec(name: string, via: CaseSpec["via"], subscribers: number, transport: CaseSpec["transport"]): CaseSpec {
	return {
		name,
		via,
		subscribers,
		transport,
		rate: RATE,
		warmupS: quick ? 1 : 3,
		measureS: quick ? 3 : 10,
		perHost: PER_HOST,
		relayExecArgv: profileDir === undefined ? [] : ["--cpu-prof", `--cpu-prof-dir=${join(profileDir, name)}`],
	};
}

const CASES: readonly CaseSpec[] = [
	spec("direct-1", "direct", 1, "quic"),
	spec("relay-1", "relay", 1, "quic"),
	spec("relay-10", "relay", 10, "quic"),
	spec("relay-100", "relay", 100, "quic"),
	spec("relay-1000", "relay", 1000, "quic"),
	spec("relay-100-wt", "relay", 100, "webtransport-h3"),
];

const unknown = named.filter((name) => !CASES.some((c) => c.name === name));
if (unknown.length > 0) throw new Error(`no case ${unknown.join(", ")} (${CASES.map((c) => c.name).join(", ")})`);
const selected = named.length === 0 ? CASES : CASES.filter((c) => named.includes(c.name));

const loadBefore = load();
const started = new Date();
console.log(`${machine()}; load average ${loadBefore}`);
const results: CaseResult[] = [];
const failed: string[][] = [];
for (const c of selected) {
	console.log(`${c.name}: 1 → ${c.subscribers} ${c.via === "direct" ? "direct" : "through the relay"}, ${c.transport}`);
	const caseLoad = load();
	try {
		const result = await runCase(c);
		results.push(result);
		console.log(describe(result));
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		console.log(`  failed: ${message}`);
		failed.push([
			c.name,
			String(c.subscribers),
			`failed: ${message.split("\n")[0]}`,
			...COLUMNS.slice(3).map(() => ""),
		]);
	}
	console.log(`  load average ${caseLoad} → ${load()}`);
}
const loadAfter = load();
console.log(`load average at the end: ${loadAfter}`);

const direct = results.find((r) => r.spec.name === "direct-1");
const relayed = results.find((r) => r.spec.name === "relay-1");
const comparison = direct !== undefined && relayed !== undefined ? ratio(relayed, direct) : undefined;
if (comparison !== undefined) console.log(comparison);

const stamp = `${started.toISOString().slice(0, 16).replace("T", " ")} UTC`;
if (profileDir !== undefined) {
	const sections: string[] = [];
	for (const c of selected.filter((c) => c.via === "relay")) {
		// The main thread's profile (thread 0); the others are tsx's module loader.
		const dir = join(profileDir, c.name);
		const file = existsSync(dir) ? readdirSync(dir).find((f) => /\.\d+\.0\.\d+\.cpuprofile$/.test(f)) : undefined;
		if (file === undefined) {
			console.log(`${c.name}: no profile in ${dir}`);
			continue;
		}
		const summary = summarizeProfile(join(dir, file));
		console.log(`${c.name}: profile ${join(dir, file)}\n${summary}`);
		sections.push(`### ${c.name}\n\nProfile \`${join(dir, file)}\`. ${summary}`);
	}
	const head = `Relay process profiled (\`--cpu-prof\`) on ${stamp} on ${machine()}; load average ${loadBefore} → ${loadAfter}.`;
	if (sections.length > 0) writeBlock(RESULTS, "profile", [head, ...sections].join("\n\n"), HEADER);
} else if (!quick) {
	const body = [
		`Measured ${stamp} on ${machine()}; load average at the start ${loadBefore}, at the end ${loadAfter}.`,
		"",
		table(COLUMNS, [...results.map(row), ...failed]),
		"",
		comparison ?? "",
	].join("\n");
	writeBlock(RESULTS, "results", body, HEADER);
	console.log(`written to ${RESULTS}`);
}
