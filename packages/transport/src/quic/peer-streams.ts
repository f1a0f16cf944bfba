/**
 * Telling a stream the peer just opened from one this end already finished with. quiche lists
 * readable streams by ID and forgets finished ones; IDs of one type are opened in order, and
 * opening one opens every lower one of its type (RFC 9000 §2.1, §3.2), which may be seen later.
 *
 * @module
 */

/** The IDs of one type of peer-initiated stream that were announced to the application. */
export class PeerStreamIds {
	#next: number;
	// Lower IDs that were opened implicitly but not seen yet; bounded by the stream limit.
	readonly #unseen = new Set<number>();

	/** @param first The lowest ID of this type: 0–3 (RFC 9000 §2.1, Table 1). */
	constructor(first: number) {
		this.#next = first;
	}

	/** True when `id` was never announced; it counts as announced from now on. */
	claim(id: number): boolean {
		if (id >= this.#next) {
			for (let skipped = this.#next; skipped < id; skipped += 4) this.#unseen.add(skipped);
			this.#next = id + 4;
			return true;
		}
		return this.#unseen.delete(id);
	}
}
