/**
 * Measuring loops of the wire benchmark: operations per second of a synchronous or an
 * asynchronous operation, the best of a few timed rounds (on a shared machine other load only
 * ever slows a round down, so the fastest round is the least disturbed one).
 */

import { existsSync, readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";

/** How long each round runs, in milliseconds, and how many rounds are timed. */
export interface MeasureOptions {
	readonly roundMs: number;
	readonly rounds: number;
}

/** `BENCH_ROUND_MS` and `BENCH_ROUNDS` override the defaults (500 ms, 3 rounds). */
export const DEFAULT_MEASURE: MeasureOptions = {
	roundMs: Number(process.env.BENCH_ROUND_MS ?? 500),
	rounds: Number(process.env.BENCH_ROUNDS ?? 3),
};

/** Runs `op` (which performs `opsPerCall` operations) and returns the best rate, in operations per second. */
export function measure(op: () => void, opsPerCall = 1, options = DEFAULT_MEASURE): number {
	// Warm-up: let the JIT settle on the hot paths before timing.
	const warmEnd = performance.now() + Math.min(200, options.roundMs);
	while (performance.now() < warmEnd) op();
	let best = 0;
	for (let round = 0; round < options.rounds; round++) {
		let calls = 0;
		const start = performance.now();
		const end = start + options.roundMs;
		let now = start;
		while (now < end) {
			for (let i = 0; i < 16; i++) op();
			calls += 16;
			now = performance.now();
		}
		best = Math.max(best, (calls * opsPerCall * 1000) / (now - start));
	}
	return best;
}

/** {@link measure} for an asynchronous operation. */
export async function measureAsync(
	op: () => Promise<void>,
	opsPerCall = 1,
	options = DEFAULT_MEASURE,
): Promise<number> {
	const warmEnd = performance.now() + Math.min(200, options.roundMs);
	while (performance.now() < warmEnd) await op();
	let best = 0;
	for (let round = 0; round < options.rounds; round++) {
		let calls = 0;
		const start = performance.now();
		const end = start + options.roundMs;
		let now = start;
		while (now < end) {
			for (let i = 0; i < 16; i++) await op();
			calls += 16;
			now = performance.now();
		}
		best = Math.max(best, (calls * opsPerCall * 1000) / (now - start));
	}
	return best;
}

/**
 * The machine the numbers come from: CPU model (from /proc/cpuinfo where it exists), cores, Node,
 * and the 1-minute load average when the run started (other load depresses every figure).
 */
export function machine(): { cpu: string; cores: number; node: string; load: number } {
	const list = cpus();
	let cpu = list[0]?.model.trim() ?? "unknown";
	if (existsSync("/proc/cpuinfo")) {
		const line = /^model name\s*:\s*(.+)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"));
		if (line?.[1] !== undefined) cpu = line[1].trim();
	}
	return { cpu, cores: list.length, node: process.version, load: loadavg()[0] ?? 0 };
}

/** Formats a rate: 1234567 → "1.23 M". */
export function rate(n: number): string {
	if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
	if (n >= 1e3) return `${(n / 1e3).toFixed(1)} k`;
	return n.toFixed(0);
}
