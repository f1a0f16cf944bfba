/**
 * Deadlines of the session core: a keyed set of (time, key) with the earliest first. The core
 * never reads a clock: the driver asks for the next deadline, runs one timer, and calls back
 * with the time (quinn-proto's `poll_timeout` / `handle_timeout`).
 *
 * A binary min-heap with lazy deletion: setting or clearing a key only updates the map; stale
 * heap entries are dropped when they reach the top.
 *
 * @module
 */

interface Entry {
	readonly at: number;
	readonly key: string;
	/** Distinguishes a key's successive deadlines, so a stale heap entry is recognised. */
	readonly seq: number;
}

/** A set of named deadlines. */
export class Deadlines {
	private readonly heap: Entry[] = [];
	private readonly live = new Map<string, Entry>();
	private seq = 0;

	/** Number of deadlines set. */
	get size(): number {
		return this.live.size;
	}

	/** Sets (or moves) the deadline named `key`. */
	set(key: string, at: number): void {
		const entry = { at, key, seq: this.seq++ };
		this.live.set(key, entry);
		this.push(entry);
		// Cleared deadlines stay in the heap until they surface; rebuild when they dominate it.
		if (this.heap.length > 2 * this.live.size + 64) this.rebuild();
	}

	/** Removes the deadline named `key`, if set. */
	clear(key: string): void {
		this.live.delete(key);
	}

	/** True when a deadline named `key` is set. */
	has(key: string): boolean {
		return this.live.has(key);
	}

	/** The earliest deadline, or undefined when none is set. */
	next(): number | undefined {
		this.dropStale();
		return this.heap[0]?.at;
	}

	/** Removes and returns the key of the earliest deadline at or before `now`, if any. */
	expire(now: number): string | undefined {
		this.dropStale();
		const top = this.heap[0];
		if (top === undefined || top.at > now) return undefined;
		this.pop();
		this.live.delete(top.key);
		return top.key;
	}

	/** Removes every deadline. */
	clearAll(): void {
		this.heap.length = 0;
		this.live.clear();
	}

	private rebuild(): void {
		this.heap.length = 0;
		for (const e of [...this.live.values()].sort((a, b) => (before(a, b) ? -1 : 1))) this.heap.push(e);
	}

	private dropStale(): void {
		for (let top = this.heap[0]; top !== undefined && this.live.get(top.key) !== top; top = this.heap[0]) this.pop();
	}

	private push(e: Entry): void {
		const h = this.heap;
		h.push(e);
		let i = h.length - 1;
		while (i > 0) {
			const parent = (i - 1) >> 1;
			if (!before(h[i]!, h[parent]!)) break;
			[h[i], h[parent]] = [h[parent]!, h[i]!];
			i = parent;
		}
	}

	private pop(): void {
		const h = this.heap;
		const last = h.pop()!;
		if (h.length === 0) return;
		h[0] = last;
		let i = 0;
		for (;;) {
			const l = 2 * i + 1;
			const r = l + 1;
			let m = i;
			if (l < h.length && before(h[l]!, h[m]!)) m = l;
			if (r < h.length && before(h[r]!, h[m]!)) m = r;
			if (m === i) return;
			[h[i], h[m]] = [h[m]!, h[i]!];
			i = m;
		}
	}
}

// Earlier time first; equal times in insertion order, so expiry is deterministic.
function before(a: Entry, b: Entry): boolean {
	return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
