/**
 * An in-memory {@link TransportServer}: server code that handles {@link SessionRequest}s (path,
 * offered protocols, accept with a chosen protocol, reject with a status) runs unchanged against
 * clients made with {@link connectMemory}. Protocol negotiation follows WT-Available-Protocols /
 * WT-Protocol (draft-ietf-webtrans-http3 §3.3).
 *
 * @module
 */

import { TransportError } from "../errors.js";
import type { CloseInfo, SessionRequest, TransportServer, TransportSession } from "../types.js";
import { AsyncQueue } from "./async-queue.js";
import { createMemoryPair, type MemoryPairOptions, type MemorySession } from "./session.js";

/** Options of {@link MemoryServer}: the pair options every accepted session gets, and a pretend address. */
export interface MemoryServerOptions extends Omit<MemoryPairOptions, "protocol"> {
	/** Reported as {@link TransportServer.address}. Default "memory". */
	readonly host?: string;
	/** Reported as {@link TransportServer.address}. Default 0. */
	readonly port?: number;
}

/** Options of {@link connectMemory}. */
export interface ConnectMemoryOptions {
	/** Application protocols offered, most preferred first (WT-Available-Protocols). */
	readonly protocols?: readonly string[];
	/** Sent as the request's `Origin`. */
	readonly origin?: string;
}

interface PendingConnect {
	resolve(session: MemorySession): void;
	reject(error: unknown): void;
}

// How connectMemory reaches a server's queue without making it public API.
const enqueue = new WeakMap<MemoryServer, (url: URL, options: ConnectMemoryOptions, client: PendingConnect) => void>();

/** A server that in-memory clients connect to with {@link connectMemory}. */
export class MemoryServer implements TransportServer {
	readonly address: { readonly host: string; readonly port: number };
	readonly #options: MemoryServerOptions;
	readonly #requests = new AsyncQueue<SessionRequest>();
	readonly #sessions = new Set<TransportSession>();

	constructor(options: MemoryServerOptions = {}) {
		this.#options = options;
		this.address = { host: options.host ?? "memory", port: options.port ?? 0 };
		enqueue.set(this, (url, connectOptions, client) => {
			if (!this.#requests.push(this.#request(url, connectOptions, client))) {
				client.reject(new TransportError("connect-failed", "the server is closed"));
			}
		});
	}

	get requests(): AsyncIterable<SessionRequest> {
		return this.#requests;
	}

	async close(info?: Partial<CloseInfo>): Promise<void> {
		for (const request of this.#requests.close()) request.reject(503, "server closing");
		const closing = [...this.#sessions].map((session) => {
			session.close(info);
			return session.closed;
		});
		await Promise.all(closing);
	}

	#request(url: URL, options: ConnectMemoryOptions, client: PendingConnect): SessionRequest {
		const protocols = options.protocols ?? [];
		let answered = false;
		return {
			kind: "memory",
			url: url.href,
			path: url.pathname + url.search,
			authority: url.host,
			origin: options.origin,
			protocols,
			remoteAddress: undefined,
			accept: async (acceptOptions) => {
				const protocol = acceptOptions?.protocol;
				if (protocol !== undefined && !protocols.includes(protocol)) {
					throw new TransportError("protocol", `protocol ${JSON.stringify(protocol)} was not offered`);
				}
				if (answered) throw new TransportError("invalid-state", "the session request was already answered");
				answered = true;
				if (this.#requests.closed) {
					client.reject(new TransportError("connect-failed", "the server is closed"));
					throw new TransportError("closed", "the server is closed");
				}
				const [clientSession, serverSession] = createMemoryPair({ ...this.#options, protocol });
				this.#sessions.add(serverSession);
				void serverSession.closed.then(() => this.#sessions.delete(serverSession));
				client.resolve(clientSession);
				return serverSession;
			},
			reject: (status = 404, reason = "") => {
				if (answered) return;
				answered = true;
				client.reject(new TransportError("connect-failed", `session rejected with status ${status} ${reason}`.trim()));
			},
		};
	}
}

/**
 * Connects to `server` as WebTransport would to `url` (any absolute URL; its path and authority
 * appear in the {@link SessionRequest}). Rejects with a TransportError "connect-failed" when the
 * server rejects the request or is closed.
 */
export function connectMemory(
	server: MemoryServer,
	url: string,
	options: ConnectMemoryOptions = {},
): Promise<MemorySession> {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch (cause) {
		return Promise.reject(new TransportError("connect-failed", `invalid URL ${url}`, { cause }));
	}
	return new Promise((resolve, reject) => enqueue.get(server)?.(parsed, options, { resolve, reject }));
}
