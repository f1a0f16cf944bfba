/**
 * Benchmark plug-in: `@moqt/transport/quic`, MoQT's raw QUIC (RFC 9000) on quiche's bindings,
 * with 1350-byte UDP payloads (the adapter's default).
 *
 * @module
 */

import { generateCertificate } from "../../src/cert/certificate.js";
import { connectQuic, listenQuic } from "../../src/quic/index.js";
import type { TransportSession } from "../../src/types.js";
import type { BenchAdapter, BenchServer } from "../adapter.js";

interface Info {
	readonly port: number;
	readonly hash: string;
}

const ALPN = "moqt-bench";

/** The raw QUIC adapter. */
export const adapter: BenchAdapter = {
	description:
		"`@moqt/transport/quic`: raw QUIC (RFC 9000) driving quiche's N-API bindings from @matrixai/quic 2.0.9, 1350-byte UDP payloads, CUBIC.",
	idleConnections: 1000,

	async listen(): Promise<BenchServer> {
		const certificate = generateCertificate();
		const server = await listenQuic({ host: "127.0.0.1", cert: certificate.cert, key: certificate.key, alpn: [ALPN] });
		async function* sessions(): AsyncIterable<TransportSession> {
			for await (const request of server.requests) yield await request.accept();
		}
		const info: Info = { port: server.address.port, hash: certificate.sha256Hex };
		return { info, sessions: sessions(), close: () => server.close() };
	},

	connect(info: unknown): Promise<TransportSession> {
		const { port, hash } = info as Info;
		return connectQuic({ host: "127.0.0.1", port }, { alpn: [ALPN], certificateHashes: [Buffer.from(hash, "hex")] });
	},
};
