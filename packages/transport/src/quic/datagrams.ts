/**
 * Unreliable datagrams over quiche (RFC 9221): DATAGRAM frames, sized by what fits in one
 * packet now (§5), dropped rather than queued without bound (§5: an endpoint may drop them).
 *
 * @module
 */

import { AsyncQueue } from "../memory/async-queue.js";
import type { Datagrams } from "../types.js";
import type { NativeConnection } from "./native.js";

/** What datagrams need from their connection. */
export interface DatagramOwner {
	readonly quiche: NativeConnection;
	/** True once the handshake is done and until the session ends. */
	readonly open: boolean;
	wake(): void;
}

/** The datagrams of one connection. */
export class QuicDatagrams implements Datagrams {
	readonly #owner: DatagramOwner;
	readonly #incoming: AsyncQueue<Uint8Array>;

	/** @param queueLength Received datagrams held while nobody reads; later ones are dropped. */
	constructor(owner: DatagramOwner, queueLength: number) {
		this.#owner = owner;
		this.#incoming = new AsyncQueue(queueLength);
	}

	get maxSize(): number {
		if (!this.#owner.open) return 0;
		return this.#owner.quiche.dgramMaxWritableLen() ?? 0;
	}

	get incoming(): AsyncIterable<Uint8Array> {
		return this.#incoming;
	}

	send(payload: Uint8Array): boolean {
		if (!this.#owner.open) return false;
		try {
			// null: quiche's send queue is full. It throws when the payload does not fit in a
			// packet, or the peer does not accept datagrams.
			if (this.#owner.quiche.dgramSend(payload) === null) return false;
		} catch {
			return false;
		}
		this.#owner.wake();
		return true;
	}

	/** Moves every datagram quiche received into the queue (dropping what does not fit). */
	receive(): void {
		const quiche = this.#owner.quiche;
		for (let datagram = quiche.dgramRecvVec(); datagram !== null; datagram = quiche.dgramRecvVec()) {
			this.#incoming.push(datagram);
		}
	}

	/** The session ended: end `incoming`. */
	close(): void {
		this.#incoming.close();
	}
}
