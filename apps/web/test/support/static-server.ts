/**
 * Test support: an HTTP server on 127.0.0.1 that serves a few files from memory, so the browser
 * test loads its page from a secure context (WebCodecs needs one; loopback addresses count) with
 * no network beyond this machine.
 *
 * @module
 */

import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** A file to serve. */
export interface StaticFile {
	readonly type: string;
	readonly body: string | Uint8Array;
}

/** A running server. */
export interface StaticServer {
	/** The origin, e.g. http://127.0.0.1:43123. */
	readonly origin: string;
	/** Stops the server and drops open connections. */
	close(): Promise<void>;
}

/** Serves `files` (by path, e.g. "/index.html") on an ephemeral loopback port. */
export async function serveStatic(files: Readonly<Record<string, StaticFile>>): Promise<StaticServer> {
	const server = createServer((req, res) => {
		const file = files[new URL(req.url ?? "/", "http://127.0.0.1").pathname];
		if (file === undefined) {
			res.writeHead(404).end();
			return;
		}
		res.writeHead(200, { "content-type": file.type, "cache-control": "no-store" }).end(file.body);
	});
	await new Promise<void>((resolve, reject) => {
		server.once("error", reject);
		server.listen(0, "127.0.0.1", resolve);
	});
	const { port } = server.address() as AddressInfo;
	return {
		origin: `http://127.0.0.1:${port}`,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
