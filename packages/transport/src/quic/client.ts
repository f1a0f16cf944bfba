/**
 * A raw QUIC client (RFC 9000 §7 handshake, RFC 9001 TLS) on its own connected UDP socket. The
 * server is verified by a CA chain and host name (RFC 9001 §4.4), by SHA-256 certificate pinning
 * (checked after the handshake; see verify.ts), or not at all when asked (`insecure`).
 *
 * @module
 */

import { randomBytes } from "node:crypto";
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { rootCertificates } from "node:tls";
import { TransportError } from "../errors.js";
import { createConfig, loadPemBundle, type PemSource, type TlsSettings } from "./config.js";
import { type ConnectionHost, QuicConnection } from "./connection.js";
import { native, TlsAlert, TransportCode } from "./native.js";
import { checkAlpn, type QuicTransportOptions, resolveTransportOptions } from "./options.js";
import { CID_LENGTH } from "./packet.js";
import type { QuicSession } from "./session.js";
import { UdpEndpoint } from "./udp.js";
import { type CertificateHash, checkIpIdentity, checkPinned } from "./verify.js";

/** Options of {@link connectQuic}. */
export interface QuicClientOptions extends QuicTransportOptions {
	/** Application protocols offered, most preferred first (e.g. ["moqt-19", "moqt-16"]); the server picks. */
	readonly alpn: readonly string[];
	/** CA certificates to trust instead of Node's bundled roots: PEM text, PEM bytes or file paths. */
	readonly ca?: PemSource | readonly PemSource[];
	/** Accept exactly these certificates (SHA-256 of the DER), and no CA check (W3C `serverCertificateHashes`). */
	readonly certificateHashes?: readonly CertificateHash[];
	/** Skip every check of the server's certificate. Only for tests and development. */
	readonly insecure?: boolean;
	/** TLS server name (SNI) and the name the certificate must hold. Default the URL's host, unless an IP. */
	readonly serverName?: string;
	/** Abandons the handshake; the promise rejects with the signal's reason. */
	readonly signal?: AbortSignal;
}

/** Where to connect: a URL (`moqt://host:port/…`; the path is MoQT's business) or a host and port. */
export type QuicTarget = string | URL | { readonly host: string; readonly port: number };

// RFC 9000 §10.2.3 allows NO_ERROR for a connection abandoned without a protocol error.
const ABANDON = TransportCode.NO_ERROR;
const BAD_CERTIFICATE = TransportCode.CRYPTO_ERROR + TlsAlert.BAD_CERTIFICATE;

/**
 * Connects over raw QUIC. Resolves once the handshake is complete and the certificate checked;
 * rejects with a TransportError: "certificate", "alpn" (no protocol in common) or "connect-failed".
 */
export async function connectQuic(target: QuicTarget, options: QuicClientOptions): Promise<QuicSession> {
	options.signal?.throwIfAborted();
	checkAlpn(options.alpn);
	const resolved = resolveTransportOptions(options);
	const { host, port } = parseTarget(target);
	const serverName = options.serverName ?? (isIP(host) ? undefined : host);
	const pins = options.insecure ? undefined : options.certificateHashes;
	const tls: TlsSettings =
		options.insecure || pins?.length
			? { verifyPeer: false }
			: { verifyPeer: true, ca: loadPemBundle(options.ca ?? rootCertificates, "CA") };
	// Build the configuration before any socket exists, so that bad input leaves nothing open.
	const config = createConfig(tls, options.alpn, resolved);
	const address = isIP(host) ? host : await resolveHost(host);

	const endpoint = new ClientEndpoint();
	endpoint.udp = await UdpEndpoint.open({
		type: isIP(address) === 6 ? "udp6" : "udp4",
		host: isIP(address) === 6 ? "::" : "0.0.0.0",
		port: 0,
		peer: { host: address, port },
		bufferSize: resolved.socketBufferSize,
		maxPacket: resolved.maxUdpPayloadSize,
		onPacket: (packet, from) => endpoint.connection?.receive(packet, from),
		onError: (error) => endpoint.socketError(error),
	});
	const peer = { host: address, port };
	let connection: QuicConnection;
	try {
		const quiche = native.Connection.connect(
			serverName ?? null,
			randomBytes(CID_LENGTH),
			endpoint.udp.local,
			peer,
			config,
		);
		connection = new QuicConnection(quiche, endpoint, "client", peer, resolved);
	} catch (cause) {
		await endpoint.udp.close();
		throw new TransportError("connect-failed", `cannot start the connection: ${(cause as Error).message}`, { cause });
	}
	endpoint.connection = connection;
	// Once the session ends, its socket must not keep the process alive while quiche drains.
	void connection.closed.then(() => endpoint.udp.setRef(false));

	const abort = () => connection.closeWithTransportError(ABANDON, "aborted", options.signal?.reason);
	// The signal may have fired while the name resolved or the socket opened.
	if (options.signal?.aborted) abort();
	options.signal?.addEventListener("abort", abort, { once: true });
	connection.flush();
	try {
		await connection.established;
	} finally {
		options.signal?.removeEventListener("abort", abort);
	}

	let failure: string | undefined;
	try {
		const chain =
			pins?.length || (tls.verifyPeer && serverName === undefined) ? connection.quiche.peerCertChain() : null;
		failure = pins?.length
			? checkPinned(chain, pins, new Date())
			: tls.verifyPeer && serverName === undefined
				? checkIpIdentity(chain, host)
				: undefined;
	} catch (error) {
		// A malformed pin or certificate: the connection is closed like any other failed check.
		failure = `the server certificate could not be checked: ${error instanceof Error ? error.message : String(error)}`;
	}
	if (failure !== undefined) {
		connection.closeWithTransportError(BAD_CERTIFICATE, failure);
		throw new TransportError("certificate", failure);
	}
	return connection;
}

// The client's one connection; the socket goes when quiche is done with it.
class ClientEndpoint implements ConnectionHost {
	udp!: UdpEndpoint;
	connection: QuicConnection | undefined;

	release(): void {
		void this.udp.close();
	}

	// An ICMP error (port unreachable) before the handshake completes means nobody is there.
	socketError(error: Error): void {
		const connection = this.connection;
		if (connection === undefined || connection.open) return;
		const failure = new TransportError("connect-failed", `cannot reach the server: ${error.message}`, {
			cause: error,
		});
		connection.closeWithTransportError(ABANDON, error.message, failure);
	}
}

function parseTarget(target: QuicTarget): { host: string; port: number } {
	if (typeof target === "object" && !(target instanceof URL)) return { host: target.host, port: target.port };
	let url: URL;
	try {
		url = new URL(target);
	} catch (cause) {
		throw new TransportError("connect-failed", `invalid URL ${String(target)}`, { cause });
	}
	// URL keeps brackets around IPv6 literals in `hostname`.
	const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
	const port = url.port === "" ? 443 : Number(url.port);
	return { host, port };
}

async function resolveHost(host: string): Promise<string> {
	try {
		return (await lookup(host)).address;
	} catch (cause) {
		throw new TransportError("connect-failed", `cannot resolve ${host}`, { cause });
	}
}
