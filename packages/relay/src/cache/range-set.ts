/**
 * A set of non-negative bigints kept as sorted, disjoint, non-adjacent inclusive ranges: the
 * cache's record of Object IDs (within a group) or Group IDs (within a track) known not to exist
 * (draft-ietf-moq-transport-19 §2.1 "Objects": "Whenever the publisher communicates that certain
 * objects do not exist, this fact is expressed as a contiguous range of non-existent objects").
 *
 * The number of ranges is capped. A range that would push the set past its cap is refused: the
 * objects stay "unknown", which is always safe (the relay asks upstream), while an unbounded set
 * would let a peer that signals many tiny gaps grow the relay's memory.
 *
 * @module
 */

/** An inclusive range `[lo, hi]`. */
export interface BigRange {
	readonly lo: bigint;
	readonly hi: bigint;
}

/** A piece of a queried range, in or out of the set. */
export interface RangePiece extends BigRange {
	readonly covered: boolean;
}

/** A capped set of inclusive bigint ranges. */
export class RangeSet {
	readonly #ranges: Array<{ lo: bigint; hi: bigint }> = [];

	/** The most ranges the set keeps. */
	readonly maxRanges: number;

	constructor(maxRanges: number) {
		this.maxRanges = maxRanges;
	}

	/** How many disjoint ranges the set holds. */
	get size(): number {
		return this.#ranges.length;
	}

	/** The ranges, ascending. */
	ranges(): readonly BigRange[] {
		return this.#ranges;
	}

	/** Adds `[lo, hi]`, merging overlapping and adjacent ranges. False when the cap refused it. */
	add(lo: bigint, hi: bigint): boolean {
		if (hi < lo) return true;
		// First range that ends at or after lo - 1 (so an adjacent range merges too).
		const first = this.#firstEndingAtOrAfter(lo - 1n);
		let last = first;
		while (last < this.#ranges.length && this.#ranges[last]!.lo <= hi + 1n) last++;
		const merged = last - first;
		if (merged === 0) {
			if (this.#ranges.length >= this.maxRanges) return false;
			this.#ranges.splice(first, 0, { lo, hi });
			return true;
		}
		const newLo = this.#ranges[first]!.lo < lo ? this.#ranges[first]!.lo : lo;
		const newHi = this.#ranges[last - 1]!.hi > hi ? this.#ranges[last - 1]!.hi : hi;
		this.#ranges.splice(first, merged, { lo: newLo, hi: newHi });
		return true;
	}

	/** True when `x` is in the set. */
	has(x: bigint): boolean {
		const i = this.#firstEndingAtOrAfter(x);
		const r = this.#ranges[i];
		return r !== undefined && r.lo <= x;
	}

	/** Splits `[lo, hi]` into the pieces in and out of the set, ascending and contiguous. */
	split(lo: bigint, hi: bigint): RangePiece[] {
		const pieces: RangePiece[] = [];
		let cursor = lo;
		for (let i = this.#firstEndingAtOrAfter(lo); i < this.#ranges.length && cursor <= hi; i++) {
			const r = this.#ranges[i]!;
			if (r.lo > hi) break;
			if (r.lo > cursor) {
				pieces.push({ lo: cursor, hi: r.lo - 1n, covered: false });
				cursor = r.lo;
			}
			const end = r.hi < hi ? r.hi : hi;
			pieces.push({ lo: cursor, hi: end, covered: true });
			cursor = end + 1n;
		}
		if (cursor <= hi) pieces.push({ lo: cursor, hi, covered: false });
		return pieces;
	}

	// Binary search: the index of the first range whose hi >= x (the length when none).
	#firstEndingAtOrAfter(x: bigint): number {
		let low = 0;
		let high = this.#ranges.length;
		while (low < high) {
			const mid = (low + high) >>> 1;
			if (this.#ranges[mid]!.hi < x) low = mid + 1;
			else high = mid;
		}
		return low;
	}
}
