/**
 * Serving the relay's metrics at `/metrics` in the Prometheus text format, over node:http: a
 * request handler the relay app can mount on a server of its own, and a small standalone server.
 *
 * @module
 */

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Registry } from "prom-client";

/** A node:http request handler. */
export type MetricsHandler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * A handler that answers GET and HEAD `/metrics` (a query string is ignored) with the registry's
 * exposition, 405 for other methods there, and 404 for any other path.
 */
export function metricsHandler(registry: Registry): MetricsHandler {
	return (req, res) => {
		const path = (req.url ?? "/").split("?", 1)[0];
		if (path !== "/metrics") {
			res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("not found\n");
			return;
		}
		if (req.method !== "GET" && req.method !== "HEAD") {
			res
				.writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain; charset=utf-8" })
				.end("method not allowed\n");
			return;
		}
		registry.metrics().then(
			(body) => {
				res.writeHead(200, { "content-type": registry.contentType, "cache-control": "no-store" });
				res.end(req.method === "HEAD" ? undefined : body);
			},
			(error: unknown) => {
				res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
				res.end(`metrics unavailable: ${error instanceof Error ? error.message : String(error)}\n`);
			},
		);
	};
}

/** A running metrics server. */
export interface MetricsServer {
	/** The address it listens on (the port is the real one when 0 was asked for). */
	readonly address: AddressInfo;
	/** The URL of the metrics, e.g. `http://127.0.0.1:9464/metrics`. */
	readonly url: string;
	/** Stops listening and closes open connections. */
	close(): Promise<void>;
}

/** Starts an HTTP server that serves `registry` at `/metrics` on `host`:`port`. */
export function startMetricsServer(registry: Registry, host: string, port: number): Promise<MetricsServer> {
	const server: Server = createServer(metricsHandler(registry));
	return new Promise((resolve, reject) => {
		server.once("error", reject);
		server.listen(port, host, () => {
			server.off("error", reject);
			const address = server.address() as AddressInfo;
			const hostPart = address.family === "IPv6" ? `[${address.address}]` : address.address;
			resolve({
				address,
				url: `http://${hostPart}:${address.port}/metrics`,
				close: () =>
					new Promise<void>((done, fail) => {
						server.close((e) => (e ? fail(e) : done()));
						server.closeAllConnections();
					}),
			});
		});
	});
}
