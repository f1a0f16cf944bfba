/**
 * Test-only: a client and a server {@link H3Connection} wired back to back in memory, the way a
 * QUIC driver would wire them, with explicit delivery so tests control ordering and chunking.
 *
 * @module
 */

import { H3Connection } from "./connection.js";
import type { H3Action, H3ConnectionOptions } from "./connection-types.js";

/** Which end. */
export type Side = "client" | "server";

type Delivery =
	| { readonly kind: "data"; readonly streamId: bigint; readonly data: Uint8Array; readonly fin: boolean }
	| { readonly kind: "reset"; readonly streamId: bigint; readonly code: number }
	| { readonly kind: "stop"; readonly streamId: bigint; readonly code: number }
	| { readonly kind: "datagram"; readonly data: Uint8Array };

/** Actions a connection returned that are for the application, not the wire. */
export type AppEvent = Exclude<
	H3Action,
	{ type: "write" | "reset-stream" | "stop-sending" | "send-datagram" | "close-connection" }
>;

/** A client/server pair exchanging actions through queues. */
export class Pair {
	readonly client: H3Connection;
	readonly server: H3Connection;
	/** Application events per side, in order. */
	readonly events: Record<Side, AppEvent[]> = { client: [], server: [] };
	/** Every action per side, in order (wire actions included). */
	readonly actions: Record<Side, H3Action[]> = { client: [], server: [] };
	private readonly queues: Record<Side, Delivery[]> = { client: [], server: [] };
	/** Deliver stream bytes one at a time, to exercise every chunk boundary. */
	byteByByte = false;

	constructor(client?: Partial<H3ConnectionOptions>, server?: Partial<H3ConnectionOptions>) {
		this.client = new H3Connection({ ...client, role: "client" });
		this.server = new H3Connection({ ...server, role: "server" });
	}

	/** Records actions returned by `side` and queues their wire effects for the other side. */
	take(side: Side, actions: H3Action[]): H3Action[] {
		const peer: Side = side === "client" ? "server" : "client";
		for (const a of actions) {
			this.actions[side].push(a);
			switch (a.type) {
				case "write":
					this.queues[peer].push({ kind: "data", streamId: a.streamId, data: a.data.slice(), fin: a.fin });
					break;
				case "reset-stream":
					this.queues[peer].push({ kind: "reset", streamId: a.streamId, code: a.code });
					break;
				case "stop-sending":
					this.queues[peer].push({ kind: "stop", streamId: a.streamId, code: a.code });
					break;
				case "send-datagram":
					this.queues[peer].push({ kind: "datagram", data: a.data });
					break;
				case "close-connection":
					break;
				default:
					this.events[side].push(a);
			}
		}
		return actions;
	}

	/** Starts both ends (their SETTINGS are queued, not delivered). */
	start(): this {
		this.take("client", this.client.start());
		this.take("server", this.server.start());
		return this;
	}

	/** Delivers everything queued for `side` (or both, until quiet). */
	deliver(side?: Side): void {
		if (side !== undefined) {
			this.drain(side);
			return;
		}
		while (this.queues.client.length > 0 || this.queues.server.length > 0) {
			this.drain("server");
			this.drain("client");
		}
	}

	/** Clears recorded events and actions. */
	clear(): void {
		for (const side of ["client", "server"] as const) {
			this.events[side].length = 0;
			this.actions[side].length = 0;
		}
	}

	private drain(side: Side): void {
		const conn = side === "client" ? this.client : this.server;
		const queue = this.queues[side];
		while (queue.length > 0) {
			const d = queue.shift()!;
			switch (d.kind) {
				case "data":
					if (this.byteByByte && d.data.length > 1) {
						for (let i = 0; i < d.data.length; i++) {
							const last = i === d.data.length - 1;
							this.take(side, conn.receive(d.streamId, d.data.subarray(i, i + 1), last && d.fin));
						}
					} else {
						this.take(side, conn.receive(d.streamId, d.data, d.fin));
					}
					break;
				case "reset":
					this.take(side, conn.receiveReset(d.streamId, d.code));
					break;
				case "stop":
					this.take(side, conn.receiveStopSending(d.streamId, d.code));
					break;
				case "datagram":
					this.take(side, conn.receiveDatagram(d.data));
					break;
			}
		}
	}
}
