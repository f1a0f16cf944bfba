/**
 * A UDP relay between one QUIC client and a server, for tests that need the path itself to fail:
 * it forwards both ways until told to drop everything (the connection vanishes), and it can be
 * pointed at another server (which then sees packets of a connection it never had).
 *
 * @module
 */

import { createSocket, type RemoteInfo, type Socket } from "node:dgram";

/** A relay listening on 127.0.0.1. */
export class UdpRelay {
	/** Where packets from the client go. */
	target: { host: string; port: number };
	/** "drop" discards every packet both ways. */
	mode: "forward" | "drop" = "forward";
	/** Sees every packet from the client, before it is forwarded or dropped. */
	onClientPacket: ((packet: Buffer) => void) | undefined;
	readonly #front: Socket;
	readonly #back: Socket;
	#client: RemoteInfo | undefined;

	private constructor(front: Socket, back: Socket, target: { host: string; port: number }) {
		this.#front = front;
		this.#back = back;
		this.target = target;
		front.on("message", (packet, from) => {
			this.#client = from;
			this.onClientPacket?.(packet);
			if (this.mode === "forward") back.send(packet, this.target.port, this.target.host);
		});
		back.on("message", (packet) => {
			const client = this.#client;
			if (this.mode === "forward" && client) front.send(packet, client.port, client.address);
		});
	}

	/** Starts a relay to `target`. */
	static async start(target: { host: string; port: number }): Promise<UdpRelay> {
		const bind = (socket: Socket) => new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
		// Large buffers: a relay that drops bursts would test the relay, not the adapter.
		const options = { type: "udp4", recvBufferSize: 4 << 20, sendBufferSize: 4 << 20 } as const;
		const front = createSocket(options);
		const back = createSocket(options);
		await Promise.all([bind(front), bind(back)]);
		return new UdpRelay(front, back, target);
	}

	/** The port clients connect to. */
	get port(): number {
		return this.#front.address().port;
	}

	async close(): Promise<void> {
		await Promise.all([
			new Promise<void>((resolve) => this.#front.close(() => resolve())),
			new Promise<void>((resolve) => this.#back.close(() => resolve())),
		]);
	}
}
