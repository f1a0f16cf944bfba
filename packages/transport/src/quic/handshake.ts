/**
 * A new connection's first Initial packets, held by the server until the ClientHello is whole
 * (RFC 9000 §7, §17.2.2; RFC 9001 §4.3 for a ClientHello across packets). Only then is a quiche
 * connection created, with the ALPN chosen by the server's preference (RFC 7301 §3.2), so that
 * every packet of the handshake reaches that one connection, and so that garbage that merely
 * looks like an Initial packet creates no state.
 *
 * @module
 */

import type { RemoteInfo } from "node:dgram";
import { type ClientHello, ClientHelloAssembler, parseClientHello } from "./client-hello.js";
import { clientInitialKeys, type InitialKeys, openInitial } from "./initial.js";

// A ClientHello fits in a handful of Initial packets; more is an attack or a broken client.
const MAX_DATAGRAMS = 8;

/** What adding a datagram gave: a whole ClientHello, "more" to wait for, or "fail". */
export type HandshakeProgress = ClientHello | "more" | "fail";

/** The Initial datagrams of one handshake, keyed by the client's Destination Connection ID. */
export class PendingHandshake {
	/** The datagrams that authenticated as Initial packets of this handshake, in arrival order. */
	readonly datagrams: Buffer[] = [];
	/** Where the first of them came from. */
	readonly from: RemoteInfo;
	/** When the first arrived (ms), for expiry. */
	readonly started: number;
	readonly #keys: InitialKeys;
	readonly #assembler = new ClientHelloAssembler();

	constructor(dcid: Uint8Array, from: RemoteInfo, now: number) {
		this.#keys = clientInitialKeys(dcid);
		this.from = from;
		this.started = now;
	}

	/**
	 * Adds a datagram. One that does not authenticate is ignored ("more"): anyone can send
	 * packets with this connection ID.
	 */
	add(datagram: Buffer): HandshakeProgress {
		if (this.datagrams.length >= MAX_DATAGRAMS) return "fail";
		const frames = openInitial(datagram, this.#keys);
		if (frames === undefined) return "more";
		this.datagrams.push(datagram);
		if (!this.#assembler.addFrames(frames)) return "fail";
		const message = this.#assembler.message();
		if (message === undefined) return "more";
		return (message && parseClientHello(message)) || "fail";
	}
}

/** The server's most preferred protocol that the client offers (RFC 7301 §3.2), if any. */
export function chooseAlpn(serverPreference: readonly string[], offered: readonly string[]): string | undefined {
	return serverPreference.find((protocol) => offered.includes(protocol));
}
