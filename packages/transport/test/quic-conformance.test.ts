/**
 * The shared transport conformance suite over the raw QUIC adapter, client and server on
 * loopback, through a UDP relay so that the connection can vanish.
 */

import { connectQuic } from "../src/quic/index.js";
import { runConformance } from "./conformance.js";
import { ALPN, certificate, startServer } from "./quic-fixtures.js";
import { UdpRelay } from "./quic-relay.js";

runConformance(
	"raw QUIC",
	async () => {
		// A short idle timeout so that a vanished connection ends within the test.
		const server = await startServer({ idleTimeout: 1500 });
		const relay = await UdpRelay.start({ host: "127.0.0.1", port: server.address.port });
		const requests = server.requests[Symbol.asyncIterator]();
		const client = await connectQuic(
			{ host: "127.0.0.1", port: relay.port },
			{ alpn: [ALPN], certificateHashes: [certificate.sha256], idleTimeout: 1500 },
		);
		const request = await requests.next();
		if (request.done) throw new Error("the server closed");
		const session = await request.value.accept();
		return {
			client,
			server: session,
			vanish: () => {
				relay.mode = "drop";
			},
			cleanup: async () => {
				client.close();
				await server.close();
				await relay.close();
			},
		};
	},
	{ protocol: ALPN, backpressureLimit: 8 * 1024 * 1024 },
);
