/**
 * The shared transport conformance suite over WebTransport on HTTP/3 (draft-ietf-webtrans-http3)
 * on the raw QUIC driver: `connectH3` against `listenH3` on loopback, through a UDP relay so that
 * the connection can vanish. Nothing is declared unsupported.
 */

import { generateCertificate } from "../src/cert/certificate.js";
import { connectH3, listenH3 } from "../src/h3/index.js";
import { runConformance } from "./conformance.js";
import { UdpRelay } from "./quic-relay.js";

const certificate = generateCertificate();
const PROTOCOL = "moqt-19";

runConformance(
	"WebTransport over HTTP/3",
	async () => {
		// A short idle timeout so that a vanished connection ends within the test.
		const server = await listenH3({
			host: "127.0.0.1",
			cert: certificate.cert,
			key: certificate.key,
			protocols: [PROTOCOL],
			idleTimeout: 1500,
		});
		const relay = await UdpRelay.start({ host: "127.0.0.1", port: server.address.port });
		const requests = server.requests[Symbol.asyncIterator]();
		const connecting = connectH3(`https://127.0.0.1:${relay.port}/conformance`, {
			certificateHashes: [certificate.sha256],
			protocols: [PROTOCOL, "moqt-18"],
			idleTimeout: 1500,
		});
		const request = await requests.next();
		if (request.done) throw new Error("the server closed");
		const session = await request.value.accept();
		const client = await connecting;
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
	{ protocol: PROTOCOL, backpressureLimit: 8 * 1024 * 1024 },
);
