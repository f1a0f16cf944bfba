/**
 * One direction of an in-memory connection. Everything one end tells the other (stream data,
 * FIN, RESET_STREAM, STOP_SENDING, flow-control credit, datagrams, CONNECTION_CLOSE) is a
 * closure posted here and run at the other end in order, as QUIC frames on a path without
 * reordering would be (RFC 9000 §2.2, §13).
 *
 * @module
 */

/** Delivers posted closures in FIFO order after a fixed latency. */
export class Link {
	readonly #latency: number;
	#accepting = true;
	#cut = false;

	/**
	 * @param latency Milliseconds; 0 delivers in a microtask, still after the poster's current
	 *   synchronous code, so delivery never re-enters the caller.
	 */
	constructor(latency: number) {
		this.#latency = latency;
	}

	/** Posts `deliver`; ignored after {@link Link.stop} or {@link Link.cut}. */
	post(deliver: () => void): void {
		if (!this.#accepting) return;
		const run = () => {
			if (!this.#cut) deliver();
		};
		// Timers of equal delay fire in the order they were set, so FIFO holds for latency > 0.
		if (this.#latency === 0) queueMicrotask(run);
		else setTimeout(run, this.#latency);
	}

	/** Refuses new posts but still delivers what is in flight (the sender closed). */
	stop(): void {
		this.#accepting = false;
	}

	/** Drops everything in flight and refuses new posts (the receiver is gone). */
	cut(): void {
		this.#accepting = false;
		this.#cut = true;
	}
}
