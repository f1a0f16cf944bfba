/**
 * A MoQT server for trying the examples: the in-process relay of relay.ts on raw QUIC and
 * WebTransport over HTTP/3 (one UDP port) and WebTransport over HTTP/2 (the same TCP port), with
 * a certificate generated at start. It prints the URLs and the certificate's SHA-256, which the
 * other examples take on their command line:
 *
 *   node --conditions=@moqt/source --import tsx examples/serve.ts [port]
 *
 * Stop it with Ctrl-C.
 */

import { type ClientSession, establish } from "@moqt/client";
import { generateCertificate } from "@moqt/transport/cert";
import { listenWebTransport } from "@moqt/transport/fails";
import { listenMoqt } from "@moqt/transport/h3";
import type { TransportServer } from "@moqt/transport/interface";
import { Relay } from "./relay.js";

const PROTOCOLS = ["moqt-19", "moqt-18", "moqt-16", "moq-00"];
const port = Number(process.argv[2] ?? 0);
const certificate = generateCertificate();
const credentials = { host: "127.0.0.1", cert: certificate.cert, key: certificate.key };

const udp = await listenMoqt({ ...credentials, port, alpn: PROTOCOLS, h3: { protocols: PROTOCOLS } });
const tcp = await listenWebTransport({
	...credentials,
	port: udp.address.port,
	protocols: PROTOCOLS,
	http3: "never",
});
const relay = new Relay((line) => console.log(line));

async function accept(server: TransportServer): Promise<void> {
	for await (const request of server.requests) {
		void (async () => {
			const transport = await request.accept();
			const pending: Promise<ClientSession> = establish(transport, {
				role: "server",
				handlers: relay.handlers(() => pending),
			});
			const session = await pending;
			const peer = `${request.kind} draft-${session.draft} from ${request.remoteAddress ?? "?"}`;
			console.log(`session ${peer}`);
			void session.closed.then((info) => console.log(`closed ${peer}: code ${info.code} ${info.reason}`));
		})().catch((error: unknown) => console.error(`session failed: ${(error as Error).message}`));
	}
}

void accept(udp);
void accept(tcp);
const where = `127.0.0.1:${udp.address.port}`;
console.log(`moqt://${where}/moq (raw QUIC)`);
console.log(`https://${where}/moq (WebTransport over HTTP/3 and HTTP/2)`);
console.log(`certificate sha256 ${certificate.sha256Hex}`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
	process.once(signal, () => {
		void Promise.all([udp.close(), tcp.close()]).then(() => process.exit(0));
	});
}
