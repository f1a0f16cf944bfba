/**
 * Shared setup of the raw QUIC adapter's tests: a certificate made at test time, and a server and
 * client joined over loopback.
 *
 * @module
 */

import { generateCertificate } from "../src/cert/certificate.js";
import {
	connectQuic,
	listenQuic,
	type QuicClientOptions,
	type QuicServer,
	type QuicServerOptions,
	type QuicSession,
} from "../src/quic/index.js";

/** One certificate for the whole test file: localhost, 127.0.0.1 and ::1. */
export const certificate = generateCertificate();

/** The ALPN the tests speak. */
export const ALPN = "moqt-test";

/** A server on 127.0.0.1 with the test certificate. */
export function startServer(options: Partial<QuicServerOptions> = {}): Promise<QuicServer> {
	return listenQuic({
		host: "127.0.0.1",
		port: 0,
		cert: certificate.cert,
		key: certificate.key,
		alpn: [ALPN],
		...options,
	});
}

/** A client of `server`, trusting the test certificate by its hash unless told otherwise. */
export function connectTo(server: QuicServer, options: Partial<QuicClientOptions> = {}): Promise<QuicSession> {
	return connectQuic(
		{ host: "127.0.0.1", port: server.address.port },
		{ alpn: [ALPN], certificateHashes: [certificate.sha256], ...options },
	);
}

/** Connects to `server` and accepts the session there. */
export async function connectPair(
	server: QuicServer,
	options: Partial<QuicClientOptions> = {},
): Promise<{ client: QuicSession; server: QuicSession }> {
	const iterator = server.requests[Symbol.asyncIterator]();
	const client = await connectTo(server, options);
	const next = await iterator.next();
	if (next.done) throw new Error("the server closed");
	const session = (await next.value.accept()) as QuicSession;
	return { client, server: session };
}

/** Reads a stream to its end. */
export async function readAll(stream: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
	const chunks: Uint8Array[] = [];
	for await (const chunk of stream) chunks.push(chunk);
	return Buffer.concat(chunks);
}
