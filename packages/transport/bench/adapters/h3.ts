/**
 * Benchmark plug-in: `@moqt/transport/h3`, WebTransport over HTTP/3 (draft-ietf-webtrans-http3)
 * on the raw QUIC driver (quiche's bindings), with the same transport settings as `quic`.
 *
 * @module
 */

import { generateCertificate } from "../../src/cert/certificate.js";
import { connectH3, listenH3 } from "../../src/h3/index.js";
import type { TransportSession } from "../../src/types.js";
import type { BenchAdapter, BenchServer } from "../adapter.js";

interface Info {
	readonly port: number;
	readonly hash: string;
}

const PROTOCOL = "moqt-bench";

/** The HTTP/3 WebTransport adapter. */
export const adapter: BenchAdapter = {
	description:
		"`@moqt/transport/h3`: WebTransport over HTTP/3 (draft-ietf-webtrans-http3, our sans-I/O HTTP/3 layer) on the raw QUIC driver (quiche's N-API bindings from @matrixai/quic 2.0.9), 1350-byte UDP payloads, CUBIC.",
	idleConnections: 1000,

	async listen(): Promise<BenchServer> {
		const certificate = generateCertificate();
		const server = await listenH3({
			host: "127.0.0.1",
			cert: certificate.cert,
			key: certificate.key,
			protocols: [PROTOCOL],
		});
		async function* sessions(): AsyncIterable<TransportSession> {
			for await (const request of server.requests) yield await request.accept();
		}
		const info: Info = { port: server.address.port, hash: certificate.sha256Hex };
		return { info, sessions: sessions(), close: () => server.close() };
	},

	connect(info: unknown): Promise<TransportSession> {
		const { port, hash } = info as Info;
		return connectH3(`https://127.0.0.1:${port}/bench`, {
			certificateHashes: [Buffer.from(hash, "hex")],
			protocols: [PROTOCOL],
		});
	},
};
