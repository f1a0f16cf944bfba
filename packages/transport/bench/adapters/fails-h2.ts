/**
 * Benchmark plug-in: `@moqt/transport/fails` over HTTP/2 (listenWebTransport and
 * connectWebTransportNode, with HTTP/3 turned off so the figures are HTTP/2's even where the
 * addon is installed).
 *
 * @module
 */

import { generateCertificate } from "../../src/cert/certificate.js";
import { connectWebTransportNode, listenWebTransport } from "../../src/fails/index.js";
import type { TransportSession } from "../../src/types.js";
import type { BenchAdapter, BenchServer } from "../adapter.js";

interface Info {
	readonly port: number;
	readonly hash: string;
}

/** The fails-components HTTP/2 adapter. */
export const adapter: BenchAdapter = {
	description:
		"`@moqt/transport/fails`: WebTransport over HTTP/2 (draft-ietf-webtrans-http2) on @fails-components/webtransport 1.6.8, TLS on TCP.",
	idleConnections: 1000,

	async listen(): Promise<BenchServer> {
		const certificate = generateCertificate();
		const server = await listenWebTransport({
			host: "127.0.0.1",
			cert: certificate.cert,
			key: certificate.key,
			http3: "never",
		});
		async function* sessions(): AsyncIterable<TransportSession> {
			for await (const request of server.requests) yield await request.accept();
		}
		const info: Info = { port: server.address.port, hash: certificate.sha256Hex };
		return { info, sessions: sessions(), close: () => server.close() };
	},

	connect(info: unknown): Promise<TransportSession> {
		const { port, hash } = info as Info;
		return connectWebTransportNode(`https://127.0.0.1:${port}/bench`, {
			serverCertificateHashes: [hash],
			http3: "never",
		});
	},
};
