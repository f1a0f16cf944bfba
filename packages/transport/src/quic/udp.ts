/**
 * One UDP socket (node:dgram) carrying QUIC packets (RFC 9000 §14: one QUIC packet, or several
 * coalesced ones, per UDP datagram), and the batching that keeps QUIC fast in JavaScript.
 *
 * Packets are handed to their connection as they arrive; a connection with something new (a
 * packet, a write, a timer) is flushed once per event-loop turn, in the check phase after the
 * poll phase has read every datagram waiting. Flushing per packet would send an ACK per packet
 * and run four times slower. Outgoing packets are written by quiche straight into a large slab,
 * one slice per packet, so that no buffer is allocated per packet.
 *
 * @module
 */

import { createSocket, type RemoteInfo, type Socket } from "node:dgram";
import type { HostPort } from "./native.js";

/** Something that runs once per event-loop turn after it was scheduled. */
export interface Flushable {
	/** Set while queued; owned by {@link UdpEndpoint}. */
	flushQueued: boolean;
	flush(): void;
}

/** How to open a {@link UdpEndpoint}. */
export interface UdpOptions {
	readonly type: "udp4" | "udp6";
	readonly host: string;
	readonly port: number;
	/** Connect the socket to this peer (a client's one server): no per-packet address lookup. */
	readonly peer?: { readonly host: string; readonly port: number };
	readonly bufferSize: number;
	/** The largest packet quiche writes. */
	readonly maxPacket: number;
	/** Every received datagram. */
	readonly onPacket: (packet: Buffer, from: RemoteInfo) => void;
	/** A socket error (ICMP unreachable on a connected socket, for example); never thrown. */
	readonly onError: (error: Error) => void;
}

// A few hundred packets per slab: one allocation per slab, not per packet.
const SLAB_SIZE = 256 * 1024;

/** A bound UDP socket with batched flushing; see the module comment. */
export class UdpEndpoint {
	readonly socket: Socket;
	/** The address quiche uses as the local end of every path. */
	readonly local: HostPort;
	readonly #connected: boolean;
	readonly #maxPacket: number;
	#slab = Buffer.allocUnsafeSlow(SLAB_SIZE);
	#slabOffset = 0;
	#reserved: Uint8Array | undefined;
	#dirty: Flushable[] = [];
	#scheduled = false;
	#closed = false;

	private constructor(socket: Socket, local: HostPort, connected: boolean, maxPacket: number) {
		this.socket = socket;
		this.local = local;
		this.#connected = connected;
		this.#maxPacket = maxPacket;
	}

	/** Binds (and, with `peer`, connects) a socket. Rejects with the socket's error. */
	static async open(options: UdpOptions): Promise<UdpEndpoint> {
		const socket = createSocket({
			type: options.type,
			recvBufferSize: options.bufferSize,
			sendBufferSize: options.bufferSize,
		});
		try {
			await new Promise<void>((resolve, reject) => {
				socket.once("error", reject);
				socket.bind(options.port, options.host, () => {
					socket.off("error", reject);
					resolve();
				});
			});
			const peer = options.peer;
			if (peer) {
				// Packets sent before the connect completes are dropped, so wait for it.
				await new Promise<void>((resolve, reject) => {
					socket.once("error", reject);
					socket.connect(peer.port, peer.host, () => {
						socket.off("error", reject);
						resolve();
					});
				});
			}
		} catch (error) {
			socket.close();
			throw error;
		}
		const address = socket.address();
		const endpoint = new UdpEndpoint(
			socket,
			{ host: address.address, port: address.port },
			options.peer !== undefined,
			options.maxPacket,
		);
		socket.on("message", options.onPacket);
		socket.on("error", options.onError);
		return endpoint;
	}

	/** Queues `item` to be flushed in this turn's check phase. */
	schedule(item: Flushable): void {
		if (item.flushQueued) return;
		item.flushQueued = true;
		this.#dirty.push(item);
		if (!this.#scheduled) {
			this.#scheduled = true;
			setImmediate(this.#flushAll);
		}
	}

	/** A buffer for quiche to write one packet into; {@link UdpEndpoint.commit} sends it. */
	reserve(): Uint8Array {
		if (this.#reserved) return this.#reserved;
		if (this.#slabOffset + this.#maxPacket > SLAB_SIZE) {
			// Sends still in flight keep the old slab alive; it is never written again.
			this.#slab = Buffer.allocUnsafeSlow(SLAB_SIZE);
			this.#slabOffset = 0;
		}
		this.#reserved = this.#slab.subarray(this.#slabOffset, this.#slabOffset + this.#maxPacket);
		return this.#reserved;
	}

	/** Sends the first `length` bytes of the reserved buffer to `to` (ignored when connected). */
	commit(length: number, to: HostPort): void {
		const offset = this.#slabOffset;
		this.#reserved = undefined;
		this.#slabOffset += length;
		if (this.#closed) return;
		if (this.#connected) this.socket.send(this.#slab, offset, length);
		else this.socket.send(this.#slab, offset, length, to.port, to.host);
	}

	/** Sends one datagram built outside quiche (Version Negotiation, Stateless Reset). */
	sendRaw(datagram: Uint8Array, port: number, host: string): void {
		if (this.#closed) return;
		if (this.#connected) this.socket.send(datagram);
		else this.socket.send(datagram, port, host);
	}

	/** Lets the process exit while only this socket is open, or not. */
	setRef(ref: boolean): void {
		if (this.#closed) return;
		if (ref) this.socket.ref();
		else this.socket.unref();
	}

	/** Closes the socket; idempotent. */
	close(): Promise<void> {
		if (this.#closed) return Promise.resolve();
		this.#closed = true;
		return new Promise((resolve) => this.socket.close(() => resolve()));
	}

	readonly #flushAll = (): void => {
		this.#scheduled = false;
		const dirty = this.#dirty;
		this.#dirty = [];
		for (const item of dirty) {
			item.flushQueued = false;
			item.flush();
		}
	};
}
