/**
 * The transports the client benchmark runs over, each listening in the publisher process and
 * connecting from the subscriber process on 127.0.0.1, with a certificate generated per run.
 * The negotiated protocol (ALPN or WebTransport protocol) tells a MoQT session from a bare one:
 * {@link MOQT} or {@link RAW}.
 *
 * @module
 */

import { generateCertificate } from "@moqt/transport/cert";
import { connectWebTransportNode, listenWebTransport } from "@moqt/transport/fails";
import type { TransportServer, TransportSession } from "@moqt/transport/interface";
import { connectQuic, listenQuic } from "@moqt/transport/quic";

/** The protocol of MoQT sessions: draft-19. */
export const MOQT = "moqt-19";
/** The protocol of bare transport sessions (no MoQT: the same bytes on a plain stream). */
export const RAW = "moqt-bench-raw";

/** How the subscriber reaches the publisher's server. */
export interface ServerInfo {
	readonly port: number;
	/** SHA-256 of the server certificate, hex. */
	readonly hash: string;
}

/** One transport under benchmark. */
export interface BenchTransport {
	readonly name: string;
	/** One line for RESULTS.md. */
	readonly description: string;
	listen(): Promise<{ readonly server: TransportServer; readonly info: ServerInfo }>;
	connect(info: ServerInfo, protocol: string): Promise<TransportSession>;
}

const quic: BenchTransport = {
	name: "quic",
	description: "raw QUIC (`@moqt/transport/quic`, quiche's bindings via @matrixai/quic, 1350-byte UDP payloads, CUBIC)",
	async listen() {
		const certificate = generateCertificate();
		const server = await listenQuic({
			host: "127.0.0.1",
			cert: certificate.cert,
			key: certificate.key,
			alpn: [MOQT, RAW],
		});
		return { server, info: { port: server.address.port, hash: certificate.sha256Hex } };
	},
	connect(info, protocol) {
		return connectQuic(
			{ host: "127.0.0.1", port: info.port },
			{ alpn: [protocol], certificateHashes: [Buffer.from(info.hash, "hex")] },
		);
	},
};

const failsH2: BenchTransport = {
	name: "webtransport-h2",
	description: "WebTransport over HTTP/2 (`@moqt/transport/fails` on @fails-components/webtransport 1.6.8, TLS on TCP)",
	async listen() {
		const certificate = generateCertificate();
		const server = await listenWebTransport({
			host: "127.0.0.1",
			cert: certificate.cert,
			key: certificate.key,
			protocols: [MOQT, RAW],
			http3: "never",
		});
		return { server, info: { port: server.address.port, hash: certificate.sha256Hex } };
	},
	connect(info, protocol) {
		return connectWebTransportNode(`https://127.0.0.1:${info.port}/bench`, {
			serverCertificateHashes: [info.hash],
			protocols: [protocol],
			http3: "never",
		});
	},
};

// HTTP/3 WebTransport is being finished in `@moqt/transport/h3`: loaded when asked for, so that
// the other transports run whatever state it is in.
const h3: BenchTransport = {
	name: "webtransport-h3",
	description: "WebTransport over HTTP/3 (`@moqt/transport/h3` on the raw QUIC driver)",
	async listen() {
		const { listenH3 } = await import("@moqt/transport/h3");
		const certificate = generateCertificate();
		const server = await listenH3({
			host: "127.0.0.1",
			cert: certificate.cert,
			key: certificate.key,
			protocols: [MOQT, RAW],
		});
		return { server, info: { port: server.address.port, hash: certificate.sha256Hex } };
	},
	async connect(info, protocol) {
		const { connectH3 } = await import("@moqt/transport/h3");
		return connectH3(`https://127.0.0.1:${info.port}/bench`, {
			certificateHashes: [Buffer.from(info.hash, "hex")],
			protocols: [protocol],
		});
	},
};

/** Every transport, in the order they run. */
export const TRANSPORTS: readonly BenchTransport[] = [quic, failsH2, h3];

/** The transport called `name`. */
export function transportNamed(name: string): BenchTransport {
	const transport = TRANSPORTS.find((t) => t.name === name);
	if (transport === undefined) throw new Error(`no transport ${name} (${TRANSPORTS.map((t) => t.name).join(", ")})`);
	return transport;
}
