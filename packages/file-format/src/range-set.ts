/**
 * A set of Group or Object IDs kept as sorted, merged ranges, so finding the gaps of a recording
 * (draft-jennings-moq-file-05 §5 "Playback" paces by these IDs) takes memory in proportion to
 * the gaps, not to the objects.
 *
 * @module
 */

/** An inclusive range of IDs. */
export interface IdRange {
	/** The first ID of the range. */
	readonly first: bigint;
	/** The last ID of the range (inclusive). */
	readonly last: bigint;
}

/** A set of bigint IDs as disjoint, non-adjacent, sorted ranges. */
export class IdRangeSet {
	readonly #ranges: { first: bigint; last: bigint }[] = [];

	/** Adds `id`; returns false when it was already present. */
	add(id: bigint): boolean {
		const ranges = this.#ranges;
		const tail = ranges[ranges.length - 1];
		// IDs mostly arrive in order: extend the last range without searching.
		if (tail !== undefined && id === tail.last + 1n) {
			tail.last = id;
			return true;
		}
		if (tail === undefined || id > tail.last + 1n) {
			ranges.push({ first: id, last: id });
			return true;
		}
		// The first range whose end is at or after id - 1 (id may extend it or sit inside it).
		let lo = 0;
		let hi = ranges.length - 1;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (ranges[mid]!.last + 1n < id) lo = mid + 1;
			else hi = mid;
		}
		const r = ranges[lo]!;
		if (id >= r.first && id <= r.last) return false;
		if (id === r.last + 1n) {
			r.last = id;
			const next = ranges[lo + 1];
			if (next !== undefined && next.first === id + 1n) {
				r.last = next.last;
				ranges.splice(lo + 1, 1);
			}
		} else if (id === r.first - 1n) {
			r.first = id;
		} else {
			ranges.splice(lo, 0, { first: id, last: id });
		}
		return true;
	}

	/** The smallest ID, if any. */
	get min(): bigint | undefined {
		return this.#ranges[0]?.first;
	}

	/** The largest ID, if any. */
	get max(): bigint | undefined {
		return this.#ranges[this.#ranges.length - 1]?.last;
	}

	/** The ranges, in order. */
	ranges(): IdRange[] {
		return this.#ranges.map(({ first, last }) => ({ first, last }));
	}

	/** The IDs missing between the smallest and the largest, as ranges. */
	gaps(): IdRange[] {
		const out: IdRange[] = [];
		for (let i = 1; i < this.#ranges.length; i++) {
			out.push({ first: this.#ranges[i - 1]!.last + 1n, last: this.#ranges[i]!.first - 1n });
		}
		return out;
	}
}
