/**
 * Percentiles of latency samples, for `bench` and the end-of-run summaries.
 *
 * @module
 */

/** The nearest-rank percentile `p` (0–100) of `sorted` (ascending); undefined when empty. */
export function percentile(sorted: readonly number[], p: number): number | undefined {
	if (sorted.length === 0) return undefined;
	const rank = Math.ceil((p / 100) * sorted.length);
	return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** The usual latency summary of unsorted samples. */
export interface LatencySummary {
	readonly count: number;
	readonly p50: number | undefined;
	readonly p90: number | undefined;
	readonly p99: number | undefined;
	readonly max: number | undefined;
}

/** Sorts a copy of `samples` and takes p50, p90, p99 and the maximum. */
export function summarizeLatency(samples: readonly number[]): LatencySummary {
	const sorted = [...samples].sort((a, b) => a - b);
	return {
		count: sorted.length,
		p50: percentile(sorted, 50),
		p90: percentile(sorted, 90),
		p99: percentile(sorted, 99),
		max: sorted.at(-1),
	};
}
