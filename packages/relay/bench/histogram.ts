/**
 * A latency histogram with fixed buckets, so that millions of samples (1000 subscribers × 5000
 * objects) cost a few kilobytes and merge across processes by addition: 10 µs buckets up to
 * 100 ms, 1 ms buckets up to 10 s, one bucket beyond.
 *
 * @module
 */

const FINE_US = 10;
const FINE_LIMIT_US = 100_000;
const COARSE_US = 1_000;
const COARSE_LIMIT_US = 10_000_000;
const FINE = FINE_LIMIT_US / FINE_US;
const BUCKETS = FINE + (COARSE_LIMIT_US - FINE_LIMIT_US) / COARSE_US + 1;

/** A histogram as sent over IPC: [bucket, count] for the buckets in use, and the largest sample. */
export interface HistogramData {
	readonly buckets: readonly (readonly [number, number])[];
	readonly maxUs: number;
}

function bucketOf(us: number): number {
	if (us < FINE_LIMIT_US) return Math.max(0, Math.floor(us / FINE_US));
	if (us < COARSE_LIMIT_US) return FINE + Math.floor((us - FINE_LIMIT_US) / COARSE_US);
	return BUCKETS - 1;
}

// The upper edge of a bucket, in µs: percentiles are reported pessimistically.
function upperEdge(bucket: number): number {
	if (bucket < FINE) return (bucket + 1) * FINE_US;
	if (bucket < BUCKETS - 1) return FINE_LIMIT_US + (bucket - FINE + 1) * COARSE_US;
	return Number.POSITIVE_INFINITY;
}

/** Latency samples in microseconds. */
export class Histogram {
	readonly #counts = new Uint32Array(BUCKETS);
	#count = 0;
	#maxUs = 0;

	get count(): number {
		return this.#count;
	}

	record(us: number): void {
		this.#counts[bucketOf(us)]!++;
		this.#count++;
		if (us > this.#maxUs) this.#maxUs = us;
	}

	add(data: HistogramData): void {
		for (const [bucket, count] of data.buckets) {
			this.#counts[bucket]! += count;
			this.#count += count;
		}
		this.#maxUs = Math.max(this.#maxUs, data.maxUs);
	}

	toData(): HistogramData {
		const buckets: [number, number][] = [];
		this.#counts.forEach((count, bucket) => {
			if (count > 0) buckets.push([bucket, count]);
		});
		return { buckets, maxUs: this.#maxUs };
	}

	/** The `p`-th percentile (0–100) in ms: the upper edge of the bucket holding it; NaN when empty. */
	percentileMs(p: number): number {
		if (this.#count === 0) return Number.NaN;
		const rank = Math.max(1, Math.ceil((p / 100) * this.#count));
		let seen = 0;
		for (let bucket = 0; bucket < BUCKETS; bucket++) {
			seen += this.#counts[bucket]!;
			if (seen >= rank) return Math.min(upperEdge(bucket), this.#maxUs) / 1000;
		}
		return this.#maxUs / 1000;
	}

	get maxMs(): number {
		return this.#maxUs / 1000;
	}
}
