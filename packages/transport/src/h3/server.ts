/**
 * One UDP port serving MoQT over raw QUIC and over WebTransport on HTTP/3 at once: the QUIC
 * server picks each connection's ALPN by its own preference (RFC 7301 §3.2); connections that
 * chose "h3" (RFC 9114 §3.1) run HTTP/3 and yield WebTransport session requests
 * (draft-ietf-webtrans-http3 §"Creating a New Session"), the others yield raw QUIC session
 * requests. Requests for unknown paths are refused with 404, from disallowed origins with 403
 * (the Origin check browsers rely on, draft-ietf-webtrans-http3 §"Security Considerations"), and
 * beyond the server's limits with 503 (sessions) or 429 (requests nobody has answered yet).
 *
 * @module
 */

import { AsyncQueue } from "../memory/async-queue.js";
import { listenQuic, type QuicServer, type QuicServerOptions, type QuicSession } from "../quic/index.js";
import type { CloseInfo, SessionRequest, TransportServer } from "../types.js";
import type { ConnectRequest } from "./connect.js";
import { H3Link, type LinkOwner } from "./link.js";
import type { H3Limits } from "./options.js";
import { H3SessionRequest } from "./request.js";

/** How WebTransport over HTTP/3 is served. */
export interface H3ServeOptions extends H3Limits {
	/** Paths served (the `:path` without its query); others get 404. Default: every path. */
	readonly paths?: readonly string[];
	/**
	 * Origins allowed to open sessions (e.g. "https://example.com"); a request from another
	 * origin gets 403. Requests without an Origin (not from a browser) are allowed. Default: any.
	 */
	readonly origins?: readonly string[];
	/**
	 * Application protocols served, most preferred first: `accept()` without a protocol picks
	 * the most preferred of these that the client offered.
	 */
	readonly protocols?: readonly string[];
	/** Sessions at once (requested or established) over the whole server; more get 503. Default 10 000. */
	readonly maxSessions?: number;
	/** Requests queued that the application has not taken yet; more get 429. Default 128. */
	readonly maxPendingRequests?: number;
	/**
	 * Sessions at once on one connection; more are reset with H3_REQUEST_REJECTED. Default 1,
	 * as without WebTransport flow control the drafts allow no more.
	 */
	readonly maxSessionsPerConnection?: number;
}

/** Options of {@link listenMoqt}. */
export interface MoqtServerOptions extends Omit<QuicServerOptions, "alpn"> {
	/**
	 * Raw QUIC application protocols (e.g. ["moqt-19", "moq-00"]), most preferred first. May be
	 * empty when `h3` is set.
	 */
	readonly alpn?: readonly string[];
	/** Also serve WebTransport over HTTP/3 (ALPN "h3") on the same port, with these options. */
	readonly h3?: boolean | H3ServeOptions;
}

/** Options of {@link listenH3}. */
export interface H3ServerOptions extends Omit<QuicServerOptions, "alpn">, H3ServeOptions {}

/**
 * Listens for MoQT on one UDP port: raw QUIC connections with one of `alpn` become session
 * requests of kind "quic"; with `h3`, HTTP/3 connections carry WebTransport session requests of
 * kind "webtransport-h3" (the raw ALPNs are preferred when a client offers both).
 */
export async function listenMoqt(options: MoqtServerOptions): Promise<TransportServer> {
	const raw = options.alpn ?? [];
	const h3 = options.h3 === true ? {} : options.h3 || undefined;
	const alpn = h3 === undefined ? raw : [...raw.filter((p) => p !== "h3"), "h3"];
	const quic = await listenQuic({ ...options, alpn });
	return new MoqtServer(quic, h3, options.datagramQueueLength ?? 1024);
}

/** Listens for WebTransport over HTTP/3 only. */
export function listenH3(options: H3ServerOptions): Promise<TransportServer> {
	return listenMoqt({ ...options, alpn: [], h3: options });
}

class MoqtServer implements TransportServer, LinkOwner {
	readonly #quic: QuicServer;
	readonly #h3: H3ServeOptions | undefined;
	readonly #datagramQueueLength: number;
	readonly #requests = new AsyncQueue<SessionRequest>();
	/** Each connection's WebTransport requests that count against `maxSessions`. */
	readonly #live = new Map<H3Link, Map<bigint, H3SessionRequest>>();
	#sessionCount = 0;
	#closing: Promise<unknown> | undefined;

	constructor(quic: QuicServer, h3: H3ServeOptions | undefined, datagramQueueLength: number) {
		this.#quic = quic;
		this.#h3 = h3;
		this.#datagramQueueLength = datagramQueueLength;
		void this.#serve();
	}

	get requests(): AsyncIterable<SessionRequest> {
		return this.#requests;
	}

	get address(): { readonly host: string; readonly port: number } {
		return this.#quic.address;
	}

	async close(info?: Partial<CloseInfo>): Promise<void> {
		if (this.#closing === undefined) {
			for (const request of this.#requests.close()) request.reject(503, "server closing");
			this.#closing = Promise.all([...this.#live.keys()].map((link) => link.shutdown(info)));
		}
		await this.#closing;
		await this.#quic.close(info);
	}

	request(link: H3Link, sessionId: bigint, connect: ConnectRequest): void {
		const status = this.#refusal(connect);
		if (status !== undefined) {
			link.reject(sessionId, status);
			return;
		}
		const request = new H3SessionRequest(link, sessionId, connect, this.#h3?.protocols ?? []);
		this.#live.get(link)?.set(sessionId, request);
		this.#sessionCount++;
		this.#requests.push(request);
	}

	sessionEnded(link: H3Link, sessionId: bigint): void {
		const requests = this.#live.get(link);
		const request = requests?.get(sessionId);
		if (request === undefined) return;
		request.gone();
		requests?.delete(sessionId);
		this.#sessionCount--;
	}

	async #serve(): Promise<void> {
		for await (const request of this.#quic.requests) {
			if (this.#h3 !== undefined && request.protocols[0] === "h3") {
				this.#startLink(request).catch(() => {
					// The client left between its handshake and our answer.
				});
			} else if (!this.#requests.push(request)) {
				request.reject(503, "server closing");
			}
		}
	}

	async #startLink(request: SessionRequest): Promise<void> {
		const quic = (await request.accept()) as QuicSession;
		const h3 = this.#h3 ?? {};
		const link = new H3Link(
			quic,
			{
				...h3,
				role: "server",
				maxSessions: h3.maxSessionsPerConnection ?? 1,
				datagramQueueLength: this.#datagramQueueLength,
			},
			this,
		);
		const requests = new Map<bigint, H3SessionRequest>();
		this.#live.set(link, requests);
		void quic.closed.then(() => {
			// Whichever of this and the link's own end of sessions runs first, each counts once.
			for (const sessionId of [...requests.keys()]) this.sessionEnded(link, sessionId);
			this.#live.delete(link);
		});
		link.start();
	}

	/** The status to refuse a request with, or undefined to offer it to the application. */
	#refusal(request: ConnectRequest): number | undefined {
		const h3 = this.#h3 ?? {};
		if (this.#closing !== undefined) return 503;
		const path = request.path.split("?")[0] ?? "";
		if (h3.paths !== undefined && !h3.paths.includes(path)) return 404;
		if (h3.origins !== undefined && request.origin !== undefined && !h3.origins.includes(request.origin)) return 403;
		if (this.#sessionCount >= (h3.maxSessions ?? 10_000)) return 503;
		if (this.#requests.size >= (h3.maxPendingRequests ?? 128)) return 429;
		return undefined;
	}
}
