/**
 * What the player shows about the stream it receives: objects per second and latency, the
 * delay from capture (the LOC Timestamp as wall-clock time, draft-ietf-moq-loc §2.3.1.1
 * "Timestamp") to the frame being drawn. Time is always a parameter, so the arithmetic is tested
 * without a clock.
 *
 * Latency compares the sender's clock with the receiver's: exact between tabs of one machine,
 * off by the clock difference between machines.
 *
 * @module
 */

/** Statistics at one moment. */
export interface StatsSnapshot {
	/** Objects recorded since the start. */
	readonly objects: number;
	/** Objects recorded within the last window, per second. */
	readonly objectsPerSecond: number;
	/** Latency of the latest object with a capture time, in milliseconds. */
	readonly latencyMs?: number;
	/** Mean latency over the window, in milliseconds. */
	readonly meanLatencyMs?: number;
}

/** Counts objects and their latency over a sliding window. */
export class MediaStats {
	private readonly windowMs: number;
	private total = 0;
	private last: number | undefined;
	// Arrivals within the window: [arrival time, latency or NaN when unknown].
	private recent: [number, number][] = [];

	constructor(windowMs = 1000) {
		this.windowMs = windowMs;
	}

	/** Records an object shown at `nowMs`, captured at `captureMs` when known (both wall-clock ms). */
	record(nowMs: number, captureMs?: number): void {
		this.total += 1;
		const latency = captureMs === undefined ? Number.NaN : nowMs - captureMs;
		if (captureMs !== undefined) this.last = latency;
		this.recent.push([nowMs, latency]);
		this.trim(nowMs);
	}

	/** The statistics as of `nowMs`. */
	snapshot(nowMs: number): StatsSnapshot {
		this.trim(nowMs);
		const latencies = this.recent.map(([, l]) => l).filter((l) => !Number.isNaN(l));
		const mean = latencies.length === 0 ? undefined : latencies.reduce((a, b) => a + b, 0) / latencies.length;
		return {
			objects: this.total,
			objectsPerSecond: (this.recent.length * 1000) / this.windowMs,
			...(this.last !== undefined && { latencyMs: this.last }),
			...(mean !== undefined && { meanLatencyMs: mean }),
		};
	}

	private trim(nowMs: number): void {
		const from = nowMs - this.windowMs;
		let drop = 0;
		while (drop < this.recent.length && this.recent[drop]![0] <= from) drop++;
		if (drop > 0) this.recent = this.recent.slice(drop);
	}
}
