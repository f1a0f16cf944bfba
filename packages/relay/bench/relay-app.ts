/**
 * The relay under test: the real `moqt-relay` app (apps/relay/src/main.ts, what the bin runs,
 * without the bin's wrapper process so that its PID is the relay's) in its own process, on
 * 127.0.0.1 with a generated certificate, metrics on, and otherwise its default limits.
 *
 * @module
 */

import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { adopt, stop, TS_EXEC_ARGV } from "./children.js";
import { cpuSeconds, memoryMiB } from "./proc.js";

const MAIN = process.env.BENCH_RELAY_MAIN ?? fileURLToPath(new URL("../../../apps/relay/src/main.ts", import.meta.url));
const GUARD = fileURLToPath(new URL("./guard.ts", import.meta.url));

/** Counters from the relay's /metrics. */
export interface RelayCounters {
	readonly objectsIn: number;
	readonly objectsOut: number;
	readonly dropped: number;
}

/** A running relay app. */
export class RelayApp {
	readonly child: ChildProcess;
	readonly port: number;
	readonly hash: string;
	readonly metricsUrl: string;
	/** Its stderr lines at level warn or error. */
	readonly warnings: string[];

	private constructor(child: ChildProcess, port: number, hash: string, metricsUrl: string, warnings: string[]) {
		this.child = child;
		this.port = port;
		this.hash = hash;
		this.metricsUrl = metricsUrl;
		this.warnings = warnings;
	}

	/** Starts the app; `execArgv` adds Node.js flags (`--cpu-prof`...). */
	static start(execArgv: readonly string[]): Promise<RelayApp> {
		const args = [
			...TS_EXEC_ARGV,
			"--import",
			GUARD,
			...execArgv,
			MAIN,
			...["--listen", "127.0.0.1:0", "--listen-h2", "off", "--metrics", "127.0.0.1:0"],
			...["--log-level", "info", "--drain-timeout", "2s"],
		];
		const child = adopt(spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe", "ipc"] }));
		const warnings: string[] = [];
		return new Promise((resolve, reject) => {
			let port: number | undefined;
			let hash: string | undefined;
			let metrics: string | undefined;
			const check = () => {
				if (port !== undefined && hash !== undefined && metrics !== undefined) {
					clearTimeout(timer);
					resolve(new RelayApp(child, port, hash, metrics, warnings));
				}
			};
			const timer = setTimeout(() => reject(new Error("the relay did not start in 30 s")), 30_000);
			lines(child.stdout!, (line) => {
				const listening = / udp [\d.]+:(\d+) /.exec(line);
				if (listening) port = Number(listening[1]);
				const sha = /sha256 ([0-9a-f]{64})/.exec(line);
				if (sha) hash = sha[1];
				check();
			});
			lines(child.stderr!, (line) => {
				let entry: { level?: string; msg?: string; metrics?: string };
				try {
					entry = JSON.parse(line) as typeof entry;
				} catch {
					warnings.push(line);
					return;
				}
				if (entry.msg === "relay listening" && entry.metrics !== undefined) metrics = entry.metrics;
				if (entry.level === "warn" || entry.level === "error") warnings.push(line);
				check();
			});
			child.once("exit", (code) => {
				clearTimeout(timer);
				reject(new Error(`the relay exited (${code}) before listening:\n${warnings.join("\n")}`));
			});
		});
	}

	get pid(): number {
		return this.child.pid!;
	}

	cpuSeconds(): number {
		return cpuSeconds(this.pid);
	}

	memoryMiB(): { readonly rss: number; readonly peak: number } {
		return memoryMiB(this.pid);
	}

	/** Objects in and out and objects dropped for slow subscribers, from /metrics. */
	async counters(): Promise<RelayCounters> {
		const text = await (await fetch(this.metricsUrl)).text();
		const sum = (pattern: RegExp) => {
			let total = 0;
			for (const m of text.matchAll(pattern)) total += Number(m[1]);
			return total;
		};
		return {
			objectsIn: sum(/^moqt_relay_objects_total\{direction="in"\} (\S+)$/gm),
			objectsOut: sum(/^moqt_relay_objects_total\{direction="out"\} (\S+)$/gm),
			dropped: sum(/^moqt_relay_dropped_objects_total\{[^}]*\} (\S+)$/gm),
		};
	}

	/** SIGTERM: GOAWAY, drain (2 s at most), exit; killed by PID if it takes longer than 15 s. */
	stop(): Promise<void> {
		return stop(this.child, undefined, 15_000);
	}
}

function lines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
	let rest = "";
	stream.setEncoding("utf8");
	stream.on("data", (chunk: string) => {
		const parts = (rest + chunk).split("\n");
		rest = parts.pop() ?? "";
		for (const line of parts) onLine(line);
	});
}
