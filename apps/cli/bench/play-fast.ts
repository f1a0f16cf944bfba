/**
 * `moqt play --fast` into a local relay: objects/s and MB/s of a recording of 1 KiB and of 64 KiB
 * objects, published as fast as the relay takes them while `moqt record` records them downstream
 * (the round trip of issue 6: play → relay → record). Every figure is the median of 3 runs; each
 * run checks that the downstream recording holds every object.
 *
 * Run `pnpm bench` in apps/cli (or the root's `pnpm bench`). The relay is `moqt-relay`
 * (apps/relay) on raw QUIC. The table replaces the `play-fast` block of
 * packages/file-format/bench/RESULTS.md (appended when the file has none), which that package's
 * own benchmark keeps.
 */

import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { RecordingWriter } from "@moqt/file-format/node";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const MAIN = join(ROOT, "apps/cli/src/main.ts");
const RELAY = join(ROOT, "apps/relay/bin/moqt-relay.mjs");
const RESULTS = join(ROOT, "packages/file-format/bench/RESULTS.md");
const RUNS = 3;
/** A run that takes longer than this has hung: it fails with both commands' output. */
const RUN_TIMEOUT_MS = 120_000;
const CASES = [
	{ label: "1 KiB", size: 1024, count: 100_000, perGroup: 30 },
	{ label: "64 KiB", size: 64 * 1024, count: 3_200, perGroup: 30 },
];

interface Started {
	readonly child: ChildProcess;
	readonly out: string[];
	readonly exited: Promise<number | null>;
}

function start(args: readonly string[], cwd = ROOT): Started {
	const child = spawn(process.execPath, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
	const out: string[] = [];
	for (const stream of [child.stdout, child.stderr]) {
		stream.setEncoding("utf8");
		stream.on("data", (chunk: string) => out.push(...chunk.split("\n").filter(Boolean)));
	}
	const exited = new Promise<number | null>((resolve) => child.once("close", resolve));
	return { child, out, exited };
}

async function waitFor(p: Started, test: RegExp): Promise<RegExpMatchArray> {
	for (;;) {
		for (const line of p.out) {
			const m = line.match(test);
			if (m !== null) return m;
		}
		if (p.child.exitCode !== null || p.child.signalCode !== null) {
			throw new Error(`exited (${p.child.exitCode ?? p.child.signalCode}) before ${test}:\n${p.out.join("\n")}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

function moqt(args: readonly string[]): Started {
	return start(["--conditions=@moqt/source", "--import", "tsx", MAIN, ...args]);
}

async function writeRecording(dir: string, size: number, count: number, perGroup: number): Promise<void> {
	const utf8 = (s: string) => new TextEncoder().encode(s);
	const track = { trackNamespace: [utf8("bench")], trackName: utf8("video") };
	const payload = new Uint8Array(size).fill(0x5a);
	const writer = await RecordingWriter.create(dir);
	for (let i = 0; i < count; i++) {
		await writer.append(
			{
				...track,
				groupId: BigInt(Math.floor(i / perGroup)),
				subgroupId: 0n,
				objectId: BigInt(i % perGroup),
				forwardingPreference: "Subgroup",
				objectStatus: 0,
				publisherPriority: 128,
				receiveTime: 1_700_000_000_000 + i,
				extensions: [{ type: 0x7an, value: BigInt(i) }],
			},
			payload,
		);
	}
	await writer.close();
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)]!;
}

/** Replaces (or appends) the `play-fast` block of the file-format package's RESULTS.md. */
function writeBlock(body: string): void {
	const previous = readFileSync(RESULTS, "utf8");
	const block = `<!-- play-fast -->\n${body}<!-- /play-fast -->\n`;
	const marked = /<!-- play-fast -->[\s\S]*<!-- \/play-fast -->\n/;
	writeFileSync(RESULTS, marked.test(previous) ? previous.replace(marked, block) : `${previous}\n${block}`);
}

const temp = await mkdtemp(join(tmpdir(), "moqt-play-bench-"));
const loadAtStart = loadavg()[0]!;
const server = start([RELAY, "--listen", "127.0.0.1:0", "--metrics", "off"]);
try {
	const [, port] = (await waitFor(server, /127\.0\.0\.1:(\d+)/)) as [string, string];
	const [, hash] = (await waitFor(server, /sha256 ([0-9a-f]{64})/)) as [string, string];
	const url = `moqt://127.0.0.1:${port}/bench`;
	const flags = ["--cert-hash", hash];
	const rows: string[] = [];
	for (const c of CASES) {
		const recording = join(temp, `rec-${c.size}`);
		await writeRecording(recording, c.size, c.count, c.perGroup);
		const rates: number[] = [];
		const mbps: number[] = [];
		for (let run = 0; run < RUNS; run++) {
			const namespace = `bench-${c.size}-${run}`;
			const play = moqt(["play", recording, url, "--fast", "--namespace", namespace, "--linger", "1", ...flags]);
			await waitFor(play, /^playing /);
			// A Joining FETCH from group 0 first: objects the relay got before this subscription
			// (play starts at its first subscriber, as fast as it can) are recorded too.
			const out = join(temp, `out-${c.size}-${run}`);
			const record = moqt(["record", url, namespace, "video", "--out", out, "--fetch-history", ...flags]);
			const timeout = new Promise<never>((_, reject) => {
				setTimeout(() => {
					play.child.kill("SIGKILL");
					record.child.kill("SIGKILL");
					reject(new Error(`run timed out:\n${play.out.join("\n")}\n${record.out.join("\n")}`));
				}, RUN_TIMEOUT_MS).unref();
			});
			const [playCode, recordCode] = await Promise.race([Promise.all([play.exited, record.exited]), timeout]);
			if (playCode !== 0 || recordCode !== 0) {
				throw new Error(`play ${playCode}, record ${recordCode}:\n${play.out.join("\n")}\n${record.out.join("\n")}`);
			}
			const [, objects, seconds] = (await waitFor(play, /^played (\d+) objects, .* in ([\d.]+) s/)) as string[];
			const [, recorded] = (await waitFor(record, /^recorded \S+: (\d+) objects/)) as string[];
			if (Number(recorded) !== c.count || Number(objects) !== c.count) {
				throw new Error(`played ${objects}, recorded ${recorded} of ${c.count}`);
			}
			rates.push(c.count / Number(seconds));
			mbps.push((c.count * c.size) / 1e6 / Number(seconds));
			process.stderr.write(`${c.label} run ${run + 1}: ${Math.round(rates.at(-1)!)} objects/s\n`);
		}
		rows.push(
			`| ${c.label} × ${c.count.toLocaleString("en-US")} | ${Math.round(median(rates)).toLocaleString("en-US")} | ${median(mbps).toFixed(1)} |`,
		);
	}
	const body = [
		"## `moqt play --fast` into a local relay",
		"",
		"Written by `pnpm bench` in apps/cli (`bench/play-fast.ts`): a recording played as fast as the",
		"relay takes it while `moqt record` records it downstream (play → relay → record, every object",
		`checked). Median of ${RUNS} runs.`,
		"",
		`- Date: ${new Date().toISOString().slice(0, 10)}`,
		`- CPU: ${cpus()[0]?.model ?? "?"} (${cpus().length} cores visible)`,
		`- Node.js: ${process.version} (${process.platform}/${process.arch})`,
		`- Load average (1 min): ${loadAtStart.toFixed(2)} at the start, ${loadavg()[0]!.toFixed(2)} at the end`,
		"- Relay: `moqt-relay`, raw QUIC on loopback, draft-19",
		"",
		"| Objects | Objects/s | MB/s |",
		"|---|---:|---:|",
		...rows,
		"",
	].join("\n");
	process.stdout.write(body);
	writeBlock(body);
} finally {
	server.child.kill("SIGKILL");
	await server.exited;
	await rm(temp, { recursive: true, force: true });
}
