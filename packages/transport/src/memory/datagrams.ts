/**
 * In-memory datagrams (RFC 9221; W3C WebTransport datagrams): unreliable, size-limited, with
 * loss drawn from a seeded PRNG so a test sees the same losses on every run.
 *
 * @module
 */

import type { Datagrams } from "../types.js";
import { AsyncQueue } from "./async-queue.js";

/** How one end's datagrams behave. */
export interface MemoryDatagramOptions {
	readonly maxSize: number;
	/** Probability in [0, 1] that a sent datagram is lost. */
	readonly loss: number;
	/** Received datagrams held while the application is not reading; later ones are dropped. */
	readonly queueSize: number;
	/** Source of randomness for loss. */
	readonly random: () => number;
}

/** One end's datagrams; {@link MemoryDatagrams.connect} joins it to the other end's. */
export class MemoryDatagrams implements Datagrams {
	readonly maxSize: number;
	readonly #options: MemoryDatagramOptions;
	readonly #post: (deliver: () => void) => void;
	readonly #incoming: AsyncQueue<Uint8Array>;
	#peer: MemoryDatagrams | undefined;

	constructor(options: MemoryDatagramOptions, post: (deliver: () => void) => void) {
		this.maxSize = options.maxSize;
		this.#options = options;
		this.#post = post;
		this.#incoming = new AsyncQueue(options.queueSize);
	}

	/** Connects to the other end. */
	connect(peer: MemoryDatagrams): void {
		this.#peer = peer;
	}

	get incoming(): AsyncIterable<Uint8Array> {
		return this.#incoming;
	}

	send(payload: Uint8Array): boolean {
		if (this.#incoming.closed || payload.byteLength > this.maxSize) return false;
		// A lost datagram was still sent as far as the sender can tell.
		if (this.#options.loss > 0 && this.#options.random() < this.#options.loss) return true;
		const copy = payload.slice();
		const peer = this.#peer;
		this.#post(() => peer?.receive(copy));
		return true;
	}

	/** A datagram arrived; dropped when the receive queue is full, as a network stack would. */
	receive(payload: Uint8Array): void {
		this.#incoming.push(payload);
	}

	/** The session ended: stop sending; `incoming` yields what already arrived, then ends (as W3C WebTransport's readable closes). */
	close(): void {
		this.#incoming.end();
	}
}
