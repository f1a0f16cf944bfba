/**
 * The client benchmark: `node --conditions=@moqt/source --import tsx bench/run.ts [name…]
 * [--quick] [--bulk=<objects>] [--repeats=<n>] [--paced=<objects>]`. Names: `in-process` (both
 * sessions in this process, in-process.ts) and the transports of transports.ts; default all.
 * For each transport it forks the publisher (publisher.ts), connects a MoQT session and a bare
 * session to it as the subscriber, measures bulk throughput over both (alternating) and paced
 * latency over both, prints the figures and, with the standard counts (no `--quick`, no count
 * given), records them in bench/RESULTS.md. Started with `--cpu-prof`, the publisher is
 * profiled too (its .cpuprofile lands next to the subscriber's).
 *
 * @module
 */

import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { establishSession, type MoqtSession } from "@moqt/session";
import type { TransportSession } from "@moqt/transport/interface";
import { collectGarbage } from "./gc.js";
import { inProcess } from "./in-process.js";
import { moqtRun, type RunResult, rawRun } from "./measure.js";
import type { ControlMessage, PublisherMessage, RunSpec } from "./protocol.js";
import { machine, type Row, writeSection } from "./results.js";
import { formatLatency, formatThroughput, mbps, medianRun } from "./stats.js";
import { type BenchTransport, MOQT, RAW, type ServerInfo, TRANSPORTS, transportNamed } from "./transports.js";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const named = args.filter((arg) => !arg.startsWith("--"));
/** The session alone, both ends in this process (in-process.ts), runs first unless other names are given. */
const IN_PROCESS = "in-process";
const runInProcess = named.length === 0 || named.includes(IN_PROCESS);
const transports = named.length > 0 ? named.filter((n) => n !== IN_PROCESS).map(transportNamed) : TRANSPORTS;

/** `--name=<n>` from the command line, else `fallback`. */
function numberOption(name: string, fallback: number): number {
	const value = args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
	return value === undefined ? fallback : Number(value);
}

const SIZES = {
	bulk: numberOption("bulk", quick ? 4096 : 32768),
	repeats: numberOption("repeats", quick ? 1 : 5),
	paced: numberOption("paced", quick ? 1000 : 20000),
	rate: 2000,
	warmup: quick ? 100 : 200,
};
// Other counts than the standard ones are for experiments (profiling): not recorded.
const record = !quick && !args.some((arg) => /^--(bulk|repeats|paced)=/.test(arg));

/** Forks the publisher and waits for its address. */
function startPublisher(name: string): Promise<{ child: ChildProcess; info: ServerInfo }> {
	const profile = process.execArgv.filter((arg) => arg.startsWith("--cpu-prof"));
	const child = fork(here("./publisher.ts"), [name], {
		execArgv: ["--conditions=@moqt/source", "--import", "tsx", ...profile],
	});
	return new Promise((resolve, reject) => {
		child.on("message", (message: PublisherMessage) => {
			if (message.type === "ready") resolve({ child, info: message.info });
			else if (message.type === "error") reject(new Error(`publisher: ${message.message}`));
		});
		child.once("exit", (code) => reject(new Error(`the publisher exited with ${code}`)));
	});
}

async function stopPublisher(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null) return;
	const exited = new Promise((resolve) => child.once("exit", resolve));
	child.send({ type: "close" } satisfies ControlMessage);
	// A publisher that does not exit in time is killed (by its own pid).
	const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
	await exited;
	clearTimeout(timer);
}

/** The publisher's CPU time so far (user + system, µs). */
function publisherCpu(child: ChildProcess): Promise<number> {
	return new Promise((resolve) => {
		const onMessage = (message: PublisherMessage) => {
			if (message.type !== "cpu") return;
			child.off("message", onMessage);
			resolve(message.micros);
		};
		child.on("message", onMessage);
		child.send({ type: "cpu" } satisfies ControlMessage);
	});
}

/** Collects garbage in both processes. */
function collectBoth(child: ChildProcess): Promise<void> {
	collectGarbage();
	return new Promise((resolve) => {
		const onMessage = (message: PublisherMessage) => {
			if (message.type !== "collected") return;
			child.off("message", onMessage);
			resolve();
		};
		child.on("message", onMessage);
		child.send({ type: "gc" } satisfies ControlMessage);
	});
}

/** A run, and the CPU time both processes spent on it (µs). */
interface Measured {
	readonly run: RunResult;
	readonly publisherCpu: number;
	readonly subscriberCpu: number;
}

async function measured(child: ChildProcess, run: () => Promise<RunResult>): Promise<Measured> {
	const publisherBefore = await publisherCpu(child);
	const subscriberBefore = process.cpuUsage();
	const result = await run();
	const subscriber = process.cpuUsage(subscriberBefore);
	return {
		run: result,
		publisherCpu: (await publisherCpu(child)) - publisherBefore,
		subscriberCpu: subscriber.user + subscriber.system,
	};
}

/** "publisher 12.3 µs, subscriber 10.1 µs": CPU per object over all `runs`. */
function cpuPerObject(runs: readonly Measured[]): string {
	const objects = runs.reduce((sum, m) => sum + m.run.objects, 0);
	const publisher = runs.reduce((sum, m) => sum + m.publisherCpu, 0) / objects;
	const subscriber = runs.reduce((sum, m) => sum + m.subscriberCpu, 0) / objects;
	return `publisher ${publisher.toFixed(1)} µs, subscriber ${subscriber.toFixed(1)} µs`;
}

async function measure(child: ChildProcess, moqt: MoqtSession, raw: TransportSession): Promise<Row[]> {
	const rows: Row[] = [];
	const row = (metric: string, value: string) => {
		rows.push({ metric, value });
		console.log(`  ${metric}: ${value}`);
	};
	const bulk: RunSpec = { mode: "bulk", count: SIZES.bulk, rate: 0 };
	const moqtRuns: Measured[] = [];
	const rawRuns: Measured[] = [];
	// Unmeasured warm-up: the first runs of a process also measure the JIT compiling each path.
	const warmup: RunSpec = { mode: "bulk", count: Math.min(4096, SIZES.bulk), rate: 0 };
	await moqtRun(moqt, warmup);
	await rawRun(raw, warmup);
	await collectBoth(child);
	// Alternating, so that both see the same machine over time.
	for (let i = 0; i < SIZES.repeats; i++) {
		moqtRuns.push(await measured(child, () => moqtRun(moqt, bulk)));
		rawRuns.push(await measured(child, () => rawRun(raw, bulk)));
	}
	const mib = (SIZES.bulk * 4) / 1024;
	const moqtBulk = medianRun(moqtRuns.map((m) => m.run));
	const rawBulk = medianRun(rawRuns.map((m) => m.run));
	const runsOf = (measured: readonly Measured[]) => measured.map((m) => m.run);
	row(`MoQT bulk, ${mib} MiB in 4 KiB objects (median of ${SIZES.repeats})`, formatThroughput(runsOf(moqtRuns)));
	row(`Bare stream bulk, same bytes (median of ${SIZES.repeats})`, formatThroughput(runsOf(rawRuns), "writes"));
	const ratio = mbps(moqtBulk) / mbps(rawBulk);
	row("MoQT / bare throughput", `${ratio.toFixed(3)} (overhead ${((1 - ratio) * 100).toFixed(1)} %)`);
	row("CPU per 4 KiB object, MoQT bulk (all runs)", cpuPerObject(moqtRuns));
	row("CPU per 4 KiB write, bare bulk (all runs)", cpuPerObject(rawRuns));

	const paced: RunSpec = { mode: "paced", count: SIZES.paced, rate: SIZES.rate };
	const latency = `latency p50 / p95 / p99`;
	await collectBoth(child);
	const moqtPaced = await moqtRun(moqt, paced);
	row(`MoQT paced, ${SIZES.paced} objects at ${SIZES.rate}/s: ${latency}`, formatLatency(moqtPaced, SIZES.warmup));
	await collectBoth(child);
	row(`Bare stream paced, same: ${latency}`, formatLatency(await rawRun(raw, paced), SIZES.warmup));
	return rows;
}

async function bench(transport: BenchTransport): Promise<void> {
	console.log(`${transport.name}: ${transport.description}`);
	const before = machine();
	const { child, info } = await startPublisher(transport.name);
	let moqt: MoqtSession | undefined;
	let raw: TransportSession | undefined;
	try {
		moqt = await establishSession(await transport.connect(info, MOQT), { role: "client" });
		raw = await transport.connect(info, RAW);
		const rows = await measure(child, moqt, raw);
		if (record) writeSection(here("./RESULTS.md"), transport.name, transport.description, before, rows);
	} catch (error) {
		console.log(`  failed: ${error instanceof Error ? error.message : String(error)}`);
		if (record) {
			const value = `failed: ${error instanceof Error ? error.message : String(error)}`;
			writeSection(here("./RESULTS.md"), transport.name, transport.description, before, [{ metric: "Run", value }]);
		}
	} finally {
		await moqt?.close();
		raw?.close();
		await stopPublisher(child);
	}
}

async function benchInProcess(): Promise<void> {
	const description =
		"Both sessions in one process on `@moqt/transport/memory` (no network): the CPU the session's data plane " +
		"costs per 4 KiB object, publisher and subscriber together";
	console.log(`${IN_PROCESS}: ${description}`);
	const before = machine();
	const { objectsPerSecond, cpuMicrosPerObject } = await inProcess(SIZES.bulk, SIZES.repeats);
	const metric = `MoQT bulk, ${(SIZES.bulk * 4) / 1024} MiB in 4 KiB objects (median of ${SIZES.repeats})`;
	const rate = Math.round(objectsPerSecond).toLocaleString("en");
	const value = `${rate} objects/s, ${cpuMicrosPerObject.toFixed(1)} µs CPU per object`;
	console.log(`  ${metric}: ${value}`);
	if (record) writeSection(here("./RESULTS.md"), IN_PROCESS, description, before, [{ metric, value }]);
}

if (runInProcess) await benchInProcess();
for (const transport of transports) await bench(transport);
