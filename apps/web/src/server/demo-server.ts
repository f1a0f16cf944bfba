/**
 * The demo server, in one process on 127.0.0.1:
 *
 * - a MoQT relay (`@moqt/relay`: raw QUIC and WebTransport over HTTP/3 on one UDP port) with a
 *   self-signed certificate made at start, valid for 14 days with an ECDSA P-256 key, as browsers
 *   require of certificates they trust by hash (WebTransport `serverCertificateHashes`);
 * - the rooms' clock (`clock-service.ts`), a MoQT session of its own to that relay over raw QUIC;
 * - an HTTP server for the page: `index.html` with the relay's URL and certificate hash filled in,
 *   and `demo.js`, the page bundled for the browser at start (`bundle.ts`, which refuses any
 *   Node.js import).
 *
 * A loopback page is a secure context, which WebTransport and WebCodecs need, so the printed URL
 * works as it is.
 *
 * @module
 */

import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type ClientSession, connect } from "@moqt/client";
import { createLogger, type LogLevel, listenRelay, Relay, type RelayListener } from "@moqt/relay";
import { generateCertificate } from "@moqt/transport/cert";
import { CONFIG_ELEMENT_ID, type ServerConfig } from "../demo/config.js";
import { bundlePage, PAGE_HTML } from "./bundle.js";
import { ClockService } from "./clock-service.js";

/** Options of {@link startDemoServer}. */
export interface DemoServerOptions {
	/** The address both servers listen on (default 127.0.0.1: the page must be a secure context). */
	readonly host?: string;
	/** The HTTP port (default 0: any free one). */
	readonly httpPort?: number;
	/** The relay's UDP port (default 0: any free one). */
	readonly relayPort?: number;
	/** The relay's log level (default "warn"; its logs are JSON lines on stderr). */
	readonly logLevel?: LogLevel;
	/** Told what the server does (rooms opening, failures). */
	readonly log?: (line: string) => void;
}

/** A running demo server. */
export interface DemoServer {
	/** The page to open. */
	readonly url: string;
	/** The relay for browsers: WebTransport over HTTP/3. */
	readonly relayUrl: string;
	/** The same relay over raw QUIC (for Node.js clients). */
	readonly quicUrl: string;
	/** SHA-256 (hex) of the relay's certificate. */
	readonly certificateSha256: string;
	readonly relay: Relay;
	readonly clock: ClockService;
	/** Stops everything: the clock, the relay's sessions and listeners, the HTTP server. */
	close(): Promise<void>;
}

/** The path of the relay's WebTransport endpoint. */
export const RELAY_PATH = "/moq";

/** Starts the relay, the clock and the page server. */
export async function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
	const host = options.host ?? "127.0.0.1";
	const log = options.log ?? (() => undefined);
	const [bundle, template] = await Promise.all([bundlePage(), readFile(PAGE_HTML, "utf8")]);
	const certificate = generateCertificate({ days: 14 });
	const relay = new Relay({
		log: createLogger({ level: options.logLevel ?? "warn", fields: { service: "demo-relay" } }),
	});
	const cleanup: (() => Promise<unknown>)[] = [() => relay.close()];
	const undo = async () => {
		for (const step of cleanup.reverse()) await step().catch(() => undefined);
	};
	try {
		const listener: RelayListener = await listenRelay(relay, {
			quic: { host, port: options.relayPort ?? 0 },
			webtransportH2: null,
			cert: certificate.cert,
			key: certificate.key,
		});
		cleanup.push(async () => {
			await relay.close();
			await listener.close();
		});
		const port = listener.quic?.port;
		if (port === undefined) throw new Error("the relay is not listening on UDP");
		const authority = `${host.includes(":") ? `[${host}]` : host}:${port}`;
		const relayUrl = `https://${authority}${RELAY_PATH}`;
		const quicUrl = `moqt://${authority}${RELAY_PATH}`;

		const clockSession: ClientSession = await connect(quicUrl, {
			certificateHashes: [certificate.sha256Hex],
			timeout: 10_000,
		});
		let closing = false;
		cleanup.push(() => {
			closing = true;
			return clockSession.close();
		});
		void clockSession.closed.then((info) => {
			if (!closing) log(`clock: the session to the relay closed (${info.code} ${info.reason}); the clock stopped`);
		});
		const clock = await ClockService.start(clockSession, { log });
		cleanup.push(() => clock.stop());

		const config: ServerConfig = { relayUrl, certificateSha256: certificate.sha256Hex };
		const html = template.replace("<!-- MOQT_DEMO_CONFIG -->", configScript(config));
		const http = await serve(host, options.httpPort ?? 0, html, bundle.code);
		cleanup.push(() => closeHttp(http));
		const httpPort = (http.address() as AddressInfo).port;
		return {
			url: `http://${host.includes(":") ? `[${host}]` : host}:${httpPort}/`,
			relayUrl,
			quicUrl,
			certificateSha256: certificate.sha256Hex,
			relay,
			clock,
			close: undo,
		};
	} catch (error) {
		await undo();
		throw error;
	}
}

/** The configuration as a JSON script element, safe inside HTML. */
function configScript(config: ServerConfig): string {
	const json = JSON.stringify(config).replace(/</g, "\\u003c");
	return `<script type="application/json" id="${CONFIG_ELEMENT_ID}">${json}</script>`;
}

async function serve(host: string, port: number, html: string, script: string): Promise<Server> {
	const server = createServer((request, response) => {
		const path = new URL(request.url ?? "/", "http://localhost").pathname;
		const file =
			path === "/" || path === "/index.html"
				? { type: "text/html; charset=utf-8", body: html }
				: path === "/demo.js"
					? { type: "text/javascript; charset=utf-8", body: script }
					: undefined;
		if (request.method !== "GET" && request.method !== "HEAD") {
			response.writeHead(405, { allow: "GET, HEAD" }).end();
			return;
		}
		if (file === undefined) {
			response.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
			return;
		}
		response.writeHead(200, { "content-type": file.type, "cache-control": "no-store" });
		response.end(request.method === "HEAD" ? undefined : file.body);
	});
	await new Promise<void>((resolve, reject) => {
		server.once("error", reject);
		server.listen(port, host, () => {
			server.off("error", reject);
			resolve();
		});
	});
	return server;
}

function closeHttp(server: Server): Promise<void> {
	return new Promise((resolve) => {
		server.closeAllConnections();
		server.close(() => resolve());
	});
}
