/**
 * A raw QUIC server (RFC 9000) on one UDP socket serving many connections: packets are matched
 * to connections by Destination Connection ID (§5.2), including the client's original one
 * during the handshake (§7.2); unknown versions get Version Negotiation (§6); short header
 * packets for unknown connections get a Stateless Reset (§10.3); the ALPN is chosen by the
 * server's preference order (RFC 7301 §3.2), so one socket can serve MoQT and, later, HTTP/3.
 *
 * On raw QUIC, MoQT carries the path and authority in its setup message, so a request's `path`
 * is "" here, and its `authority` is the TLS server name (SNI) and the bound port.
 *
 * @module
 */

import { randomBytes } from "node:crypto";
import type { RemoteInfo } from "node:dgram";
import { isIPv6 } from "node:net";
import { AsyncQueue } from "../memory/async-queue.js";
import type { CloseInfo, SessionRequest, TransportServer } from "../types.js";
import { createConfig, loadPem, type PemSource, type TlsSettings } from "./config.js";
import { type ConnectionHost, QuicConnection } from "./connection.js";
import { chooseAlpn, PendingHandshake } from "./handshake.js";
import { type NativeConfig, native, TransportCode } from "./native.js";
import {
	checkAlpn,
	type QuicTransportOptions,
	type ResolvedTransportOptions,
	resolveTransportOptions,
} from "./options.js";
import {
	CID_LENGTH,
	cidKey,
	isLongHeader,
	type LongHeader,
	LongType,
	MIN_INITIAL_DATAGRAM,
	parseLongHeader,
	QUIC_V1,
	shortHeaderKey,
	versionNegotiation,
} from "./packet.js";
import { QuicSessionRequest } from "./request.js";
import { StatelessResetter } from "./stateless-reset.js";
import { UdpEndpoint } from "./udp.js";

/** Options of {@link listenQuic}. */
export interface QuicServerOptions extends QuicTransportOptions {
	/** Address to bind. Default "0.0.0.0"; "::" binds IPv6 (and IPv4 where the OS maps it). */
	readonly host?: string;
	/** UDP port. Default 0: any free port (see {@link TransportServer.address}). */
	readonly port?: number;
	/** Certificate chain, leaf first: PEM text, PEM bytes, or a PEM file path. */
	readonly cert: PemSource;
	/** Private key: PEM text, PEM bytes, or a PEM file path. */
	readonly key: PemSource;
	/** Application protocols served, most preferred first (e.g. ["moqt-19", "moqt-16", "moq-00"], and "h3"). */
	readonly alpn: readonly string[];
	/** Connections at once; more are refused with CONNECTION_REFUSED. Default 10 000. */
	readonly maxConnections?: number;
	/**
	 * Secret (≥ 16 bytes) from which Stateless Reset tokens derive; pass the same key after a
	 * restart to reset the previous run's connections at once. Default random per server.
	 */
	readonly statelessResetKey?: Uint8Array;
}

/** A raw QUIC {@link TransportServer}. */
export interface QuicServer extends TransportServer {
	/** Connections with quiche state: handshaking, open, or closing. */
	readonly connectionCount: number;
}

// Refusals still cost a handshake's state; beyond this many at once, new clients are ignored.
const REFUSAL_SLACK = 64;
// ClientHellos arriving piecemeal; older and surplus ones are dropped.
const MAX_PENDING = 1024;
const PENDING_TTL = 10_000;

function ignore(): void {}

/** Listens for raw QUIC connections; each established one becomes a {@link SessionRequest}. */
export async function listenQuic(options: QuicServerOptions): Promise<QuicServer> {
	checkAlpn(options.alpn);
	const resolved = resolveTransportOptions(options);
	const tls: TlsSettings = {
		verifyPeer: false,
		cert: loadPem(options.cert, "certificate"),
		key: loadPem(options.key, "private key"),
	};
	const server = new QuicServerEndpoint(options, resolved, tls);
	// Build one configuration now so that bad credentials fail here, not at the first client.
	server.config(undefined);
	const host = options.host ?? "0.0.0.0";
	await server.bind(host, options.port ?? 0);
	return server;
}

class QuicServerEndpoint implements QuicServer, ConnectionHost {
	udp!: UdpEndpoint;
	readonly #alpn: readonly string[];
	readonly #options: ResolvedTransportOptions;
	readonly #tls: TlsSettings;
	readonly #maxConnections: number;
	readonly #resetter: StatelessResetter;
	readonly #byCid = new Map<string, QuicConnection>();
	readonly #keysOf = new Map<QuicConnection, readonly string[]>();
	readonly #pending = new Map<string, PendingHandshake>();
	readonly #configs = new Map<string | undefined, NativeConfig>();
	readonly #requests = new AsyncQueue<SessionRequest>();
	#host = "";
	#closing = false;

	constructor(options: QuicServerOptions, resolved: ResolvedTransportOptions, tls: TlsSettings) {
		this.#alpn = [...options.alpn];
		this.#options = resolved;
		this.#tls = tls;
		this.#maxConnections = options.maxConnections ?? 10_000;
		this.#resetter = new StatelessResetter(options.statelessResetKey);
	}

	get requests(): AsyncIterable<SessionRequest> {
		return this.#requests;
	}

	get address(): { readonly host: string; readonly port: number } {
		return { host: this.#host, port: this.udp.local.port };
	}

	get connectionCount(): number {
		return this.#keysOf.size;
	}

	async bind(host: string, port: number): Promise<void> {
		this.#host = host;
		this.udp = await UdpEndpoint.open({
			type: isIPv6(host) ? "udp6" : "udp4",
			host,
			port,
			bufferSize: this.#options.socketBufferSize,
			maxPacket: this.#options.maxUdpPayloadSize,
			onPacket: this.#onPacket,
			// ICMP errors for one client say nothing about the others; QUIC timers handle them.
			onError: ignore,
		});
	}

	/** The configuration offering only `alpn` (all of ours when undefined), made once. */
	config(alpn: string | undefined): NativeConfig {
		let config = this.#configs.get(alpn);
		if (!config) {
			config = createConfig(this.#tls, alpn === undefined ? this.#alpn : [alpn], this.#options);
			this.#configs.set(alpn, config);
		}
		return config;
	}

	release(connection: QuicConnection): void {
		for (const key of this.#keysOf.get(connection) ?? []) this.#byCid.delete(key);
		this.#keysOf.delete(connection);
	}

	async close(info?: Partial<CloseInfo>): Promise<void> {
		if (!this.#closing) {
			this.#closing = true;
			this.#pending.clear();
			for (const request of this.#requests.close()) request.reject(503, "server closing");
			for (const connection of this.#keysOf.keys()) connection.close(info);
		}
		// One turn for the flushes to send every CONNECTION_CLOSE. The closing and draining periods
		// (RFC 9000 §10.2) only guard a socket that lives on, and this one is about to go.
		await new Promise((resolve) => setImmediate(resolve));
		for (const connection of [...this.#keysOf.keys()]) connection.abandon();
		await this.udp.close();
	}

	// Hostile datagrams must never throw out of here: the socket serves everyone else too.
	readonly #onPacket = (packet: Buffer, from: RemoteInfo): void => {
		try {
			if (!isLongHeader(packet)) {
				const key = shortHeaderKey(packet);
				if (key === undefined) return;
				const connection = this.#byCid.get(key);
				if (connection) connection.receive(packet, from);
				else this.#statelessReset(packet, from);
				return;
			}
			const header = parseLongHeader(packet);
			if (!header) return;
			if (header.version !== QUIC_V1) {
				const negotiation = versionNegotiation(header, packet.length);
				if (negotiation) this.udp.sendRaw(negotiation, from.port, from.address);
				return;
			}
			const connection = this.#byCid.get(cidKey(header.dcid));
			if (connection) connection.receive(packet, from);
			else if (header.type === LongType.initial) this.#initial(packet, from, header);
		} catch {
			// Dropped, as a packet that cannot be processed is (RFC 9000 §12.2, §5.2).
		}
	};

	#statelessReset(packet: Buffer, from: RemoteInfo): void {
		const reset = this.#resetter.packet(packet.subarray(1, 1 + CID_LENGTH), packet.length, Date.now());
		if (reset) this.udp.sendRaw(reset, from.port, from.address);
	}

	#initial(packet: Buffer, from: RemoteInfo, header: LongHeader): void {
		// RFC 9000 §14.1: a client's Initial datagram is padded to 1200 bytes; §7.2: its DCID has 8+.
		if (this.#closing || packet.length < MIN_INITIAL_DATAGRAM || header.dcid.length < 8) return;
		const key = cidKey(header.dcid);
		const now = Date.now();
		let pending = this.#pending.get(key);
		if (!pending) {
			pending = new PendingHandshake(header.dcid, from, now);
			this.#expirePending(now);
		}
		const progress = pending.add(packet);
		if (progress === "more") {
			// Only a handshake with an authentic packet is worth remembering.
			if (pending.datagrams.length > 0) this.#pending.set(key, pending);
			return;
		}
		this.#pending.delete(key);
		if (progress !== "fail") this.#accept(pending, header.dcid, progress.alpn, progress.serverName);
	}

	#expirePending(now: number): void {
		for (const [key, pending] of this.#pending) {
			if (this.#pending.size < MAX_PENDING && now - pending.started < PENDING_TTL) return;
			this.#pending.delete(key);
		}
	}

	#accept(pending: PendingHandshake, odcid: Uint8Array, offered: readonly string[], sni: string | undefined): void {
		const count = this.#keysOf.size;
		if (count >= this.#maxConnections + REFUSAL_SLACK) return;
		const refuse = count >= this.#maxConnections;
		// No protocol in common: offer all of ours, and TLS fails with no_application_protocol.
		const config = this.config(refuse ? undefined : chooseAlpn(this.#alpn, offered));
		const scid = randomBytes(CID_LENGTH);
		config.setStatelessResetToken(this.#resetter.tokenValue(scid));
		const peer = { host: pending.from.address, port: pending.from.port };
		const quiche = native.Connection.accept(scid, null, this.udp.local, peer, config);
		const connection = new QuicConnection(quiche, this, "server", peer, this.#options);
		const keys = [cidKey(scid), cidKey(odcid)];
		for (const key of keys) this.#byCid.set(key, connection);
		this.#keysOf.set(connection, keys);
		for (const datagram of pending.datagrams) connection.receive(datagram, pending.from);
		if (refuse) {
			// quiche clients ignore a CONNECTION_CLOSE in the server's first Initial packet, so the
			// handshake flight goes first and the close follows it.
			connection.flush();
			connection.closeWithTransportError(TransportCode.CONNECTION_REFUSED, "server busy");
			return;
		}
		connection.established.then(() => this.#request(connection, sni), ignore);
	}

	#request(connection: QuicConnection, sni: string | undefined): void {
		if (this.#closing) return;
		const port = this.udp.local.port;
		const host = sni ?? this.#host;
		const authority = isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`;
		const request = new QuicSessionRequest(connection, authority);
		if (!this.#requests.push(request)) request.reject(503, "server closing");
	}
}
