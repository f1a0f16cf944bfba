/**
 * Figures from runs: medians, percentiles, and their formatting for RESULTS.md.
 *
 * @module
 */

import type { RunResult } from "./measure.js";

/** The `p`-th percentile (0–100) of `values`, nearest rank. */
export function percentile(values: readonly number[], p: number): number {
	if (values.length === 0) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const rank = Math.ceil((p / 100) * sorted.length) - 1;
	return sorted[Math.min(sorted.length - 1, Math.max(0, rank))] as number;
}

/** The run of median throughput. */
export function medianRun(runs: readonly RunResult[]): RunResult {
	const sorted = [...runs].sort((a, b) => mbps(a) - mbps(b));
	const middle = sorted[Math.floor(sorted.length / 2)];
	if (middle === undefined) throw new Error("no runs");
	return middle;
}

/** Payload throughput in megabits per second. */
export function mbps(run: RunResult): number {
	return (run.bytes * 8) / run.seconds / 1e6;
}

/** Objects (or records) per second. */
export function objectsPerSecond(run: RunResult): number {
	return run.objects / run.seconds;
}

const integer = (n: number) => Math.round(n).toLocaleString("en");

/** "512.3 Mbps, 15,634 objects/s (runs: 498, 512, 530 Mbps)": the median run, and every run's throughput. */
export function formatThroughput(runs: readonly RunResult[], unit = "objects"): string {
	const median = medianRun(runs);
	const each = runs.map((run) => mbps(run).toFixed(0)).join(", ");
	return `${mbps(median).toFixed(1)} Mbps, ${integer(objectsPerSecond(median))} ${unit}/s (runs: ${each} Mbps)`;
}

/** "0.41 / 0.70 / 1.20 ms" (p50 / p95 / p99), without the first `warmup` samples. */
export function formatLatency(run: RunResult, warmup: number): string {
	const samples = run.latencies.slice(warmup);
	const [p50, p95, p99] = [50, 95, 99].map((p) => percentile(samples, p).toFixed(2));
	const max = Math.max(...samples).toFixed(2);
	return `${p50} / ${p95} / ${p99} ms (max ${max} ms, ${integer(objectsPerSecond(run))} objects/s)`;
}
