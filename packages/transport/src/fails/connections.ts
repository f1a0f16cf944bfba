/**
 * The HTTP/2 connections under a fails-components server (RFC 9113 §6.8 GOAWAY for the graceful
 * close). Stopping the library's server does not end them, and a browser keeps its pooled
 * connection open, so closing a server would wait forever without this.
 *
 * @module
 */

import type { FailsServer } from "./library.js";

interface Http2SessionLike {
	readonly closed: boolean;
	readonly destroyed: boolean;
	close(callback?: () => void): void;
	once(event: "close", listener: () => void): unknown;
}

interface Http2ServerLike {
	on(event: "session", listener: (session: Http2SessionLike) => void): unknown;
}

interface TransportInternals {
	readonly serverInt?: Http2ServerLike;
	readonly transportsInts?: Iterable<TransportInternals>;
}

/** Finds the Node.js HTTP/2 server inside the library's (HTTP/2 only, or next to HTTP/3). */
function http2Server(server: FailsServer): Http2ServerLike | undefined {
	const transport = (server as { readonly transportInt?: TransportInternals }).transportInt;
	if (transport?.serverInt) return transport.serverInt;
	for (const inner of transport?.transportsInts ?? []) if (inner.serverInt) return inner.serverInt;
	return undefined;
}

/**
 * Starts tracking the server's HTTP/2 connections; the returned function closes those still
 * open (gracefully: GOAWAY, then the socket once in-flight streams end) and resolves when they are.
 */
export function trackConnections(server: FailsServer): () => Promise<void> {
	const sessions = new Set<Http2SessionLike>();
	http2Server(server)?.on("session", (session) => {
		sessions.add(session);
		session.once("close", () => sessions.delete(session));
	});
	return async () => {
		await Promise.all(
			[...sessions].map(
				(session) =>
					new Promise<void>((resolve) => {
						if (session.closed || session.destroyed) return resolve();
						session.close(resolve);
					}),
			),
		);
	};
}
