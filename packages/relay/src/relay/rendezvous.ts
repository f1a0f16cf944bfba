/**
 * Subscribe before publish: SUBSCRIBEs held while no publisher of their track exists
 * (draft-ietf-moq-transport-19 §10.2.5 and -18 "RENDEZVOUS TIMEOUT Parameter": "the relay SHOULD
 * hold the subscription and wait for a publisher to appear, up to the specified duration ... If
 * the timeout expires without a publisher, the relay SHOULD respond with REQUEST_ERROR with error
 * code TIMEOUT ... The relay MAY use a shorter timeout than requested").
 *
 * A hold ends when a publisher appears (the relay then routes the SUBSCRIBE as usual), when its
 * time runs out, when the subscriber cancels, or when the relay closes. Holds are bounded in time
 * (the relay's own maximum) and in number (a SUBSCRIBE beyond the bound is answered at once), so
 * held requests cannot pile up.
 *
 * @module
 */

import type { FullTrackName } from "../namespaces/names.js";

/** How a hold ended. */
export type HoldOutcome = "ready" | "timeout" | "full" | "cancelled" | "closed";

/** Bounds on held SUBSCRIBEs. */
export interface RendezvousLimits {
	/** The longest a SUBSCRIBE is held, whatever it asked for (ms). */
	readonly maxMs: number;
	/** SUBSCRIBEs held at once in the whole relay. */
	readonly maxHeld: number;
}

interface Hold {
	readonly name: FullTrackName;
	/** Who is waiting (the subscriber's session). */
	readonly peer: object;
	readonly resolve: (outcome: HoldOutcome) => void;
	readonly timer: ReturnType<typeof setTimeout>;
}

/** The held SUBSCRIBEs of a relay. */
export class Rendezvous {
	readonly #limits: RendezvousLimits;
	readonly #holds = new Set<Hold>();
	#closed = false;

	constructor(limits: RendezvousLimits) {
		this.#limits = limits;
	}

	/** SUBSCRIBEs held now. */
	get size(): number {
		return this.#holds.size;
	}

	/**
	 * Holds `peer`'s SUBSCRIBE for `name` up to `ms` (capped by the relay's maximum) or until
	 * `cancelled` resolves. Resolves at once with "full" when the relay holds its maximum already.
	 */
	hold(name: FullTrackName, peer: object, ms: number, cancelled: Promise<unknown>): Promise<HoldOutcome> {
		if (this.#closed) return Promise.resolve("closed");
		if (this.#holds.size >= this.#limits.maxHeld) return Promise.resolve("full");
		return new Promise((resolve) => {
			const hold: Hold = {
				name,
				peer,
				resolve: (outcome) => {
					if (!this.#holds.delete(hold)) return;
					clearTimeout(hold.timer);
					resolve(outcome);
				},
				timer: setTimeout(() => hold.resolve("timeout"), Math.min(ms, this.#limits.maxMs)),
			};
			this.#holds.add(hold);
			void cancelled.then(() => hold.resolve("cancelled"));
		});
	}

	/** A publisher appeared: holds whose track `ready` now accepts are released. Returns their sessions. */
	wake(ready: (name: FullTrackName) => boolean): Set<object> {
		const released = new Set<object>();
		for (const hold of [...this.#holds]) {
			if (!ready(hold.name)) continue;
			released.add(hold.peer);
			hold.resolve("ready");
		}
		return released;
	}

	/** The relay closes: every hold ends. */
	close(): void {
		this.#closed = true;
		for (const hold of [...this.#holds]) hold.resolve("closed");
	}
}
