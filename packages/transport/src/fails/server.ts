/**
 * A WebTransport server on `@fails-components/webtransport`: HTTP/3 (draft-ietf-webtrans-http3)
 * alongside HTTP/2 (draft-ietf-webtrans-http2) when the library's native HTTP/3 addon loads, and
 * HTTP/2 alone otherwise. Session requests (extended CONNECT, draft-ietf-webtrans-http2 §5.1)
 * surface as {@link SessionRequest}s; accepting one answers WT-Protocol with the chosen
 * application protocol (draft-ietf-webtrans-http3 §3.3).
 *
 * Node.js only.
 *
 * @module
 */

import { randomBytes } from "node:crypto";
import { TransportError } from "../errors.js";
import { AsyncQueue } from "../memory/async-queue.js";
import type { CloseInfo, SessionRequest, TransportKind, TransportServer, TransportSession } from "../types.js";
import { wrapWebTransport } from "../webtransport/session.js";
import { trackConnections } from "./connections.js";
import { FLOW_CONTROL } from "./flow-control.js";
import {
	type FailsHeader,
	type FailsRequestResult,
	type FailsServer,
	type FailsServerSession,
	loadFails,
} from "./library.js";
import { fixStreams } from "./stream-fixes.js";
import { parseStringList, serializeString } from "./structured-field.js";

/** Options of {@link listenWebTransport}. */
export interface ListenWebTransportOptions {
	/** Address to bind. Default "0.0.0.0". */
	readonly host?: string;
	/** Port to bind (TCP for HTTP/2, UDP for HTTP/3). Default 0: any free port. */
	readonly port?: number;
	/** Certificate chain, PEM. */
	readonly cert: string;
	/** Private key, PEM. */
	readonly key: string;
	/** Paths sessions may be requested on (the query is not compared); others get 404 without reaching `requests`. Default: any. */
	readonly paths?: readonly string[];
	/**
	 * Application protocols this server speaks. `accept()` without a protocol then picks the
	 * client's most preferred offer among them.
	 */
	readonly protocols?: readonly string[];
	/** Serve HTTP/3 too when the addon is installed ("auto", default), or HTTP/2 only ("never"). */
	readonly http3?: "auto" | "never";
}

// Every accepted session is delivered on this one internal path; userData tells them apart.
const SESSION_PATH = "/\0moqt-accepted";

interface RequestMeta {
	readonly protocol: string | undefined;
	readonly peerAddress: string | undefined;
}

function headerValue(header: FailsHeader, name: string): string | undefined {
	const value = header[name];
	return Array.isArray(value) ? value[0] : (value as string | undefined);
}

/** The offers, whether the library already split them (HTTP/2) or passed the raw field. */
function offeredProtocols(header: FailsHeader): readonly string[] {
	const value = header["wt-available-protocols"];
	if (value === undefined) return [];
	if (Array.isArray(value)) return value;
	return parseStringList(value as string) ?? [];
}

/**
 * Starts a WebTransport server. Resolves once it listens; rejects with a TransportError
 * "unavailable" without the library, "listen-failed" when the address cannot be bound.
 */
export async function listenWebTransport(options: ListenWebTransportOptions): Promise<TransportServer> {
	const { module, http3 } = await loadFails();
	const useHttp3 = http3 && options.http3 !== "never";
	const settings = {
		host: options.host ?? "0.0.0.0",
		port: options.port ?? 0,
		cert: options.cert,
		privKey: options.key,
		// Required by the library; it keys its HTTP/3 retry tokens.
		secret: randomBytes(16).toString("hex"),
		...FLOW_CONTROL,
	};
	const server = useHttp3
		? new module.HttpServer({ ...settings, reliability: "both" })
		: new module.Http2Server(settings);
	const listening = new FailsTransportServer(server, options, useHttp3);
	try {
		await server.ready;
	} catch (cause) {
		throw new TransportError("listen-failed", `cannot listen on ${settings.host}:${settings.port}: ${String(cause)}`, {
			cause,
		});
	}
	listening.started();
	return listening;
}

class FailsTransportServer implements TransportServer {
	readonly #server: FailsServer;
	readonly #options: ListenWebTransportOptions;
	readonly #requests = new AsyncQueue<SessionRequest>();
	readonly #sessions = new Set<TransportSession>();
	// Accepted requests waiting for their session object, by the id carried in userData.
	readonly #accepting = new Map<number, (session: FailsServerSession) => void>();
	readonly #meta = new WeakMap<FailsHeader, RequestMeta>();
	readonly #http3: boolean;
	#closeConnections: (() => Promise<void>) | undefined;
	#nextId = 0;

	constructor(server: FailsServer, options: ListenWebTransportOptions, http3: boolean) {
		this.#server = server;
		this.#options = options;
		this.#http3 = http3;
		this.#hookLibrary();
		server.setRequestCallback(({ header }) => this.#onRequest(header));
		void this.#deliverSessions(server.sessionStream(SESSION_PATH, { noAutoPaths: true }));
		server.startServer();
	}

	get requests(): AsyncIterable<SessionRequest> {
		return this.#requests;
	}

	get address(): { readonly host: string; readonly port: number } {
		const address = this.#server.address();
		return { host: address?.host ?? this.#options.host ?? "0.0.0.0", port: address?.port ?? 0 };
	}

	/** Called once listening: from now on the library's HTTP/2 server exists. */
	started(): void {
		this.#closeConnections = trackConnections(this.#server);
	}

	async close(info?: Partial<CloseInfo>): Promise<void> {
		for (const request of this.#requests.close()) request.reject(503, "server closing");
		const closing = [...this.#sessions].map((session) => {
			session.close(info);
			return session.closed;
		});
		await Promise.all(closing);
		this.#server.stopServer();
		// HTTP/2 clients may keep their connection open (browsers pool it), which would hold the
		// server open: end them once the sessions are closed.
		await this.#closeConnections?.();
		await this.#server.closed;
	}

	#hookLibrary(): void {
		const server = this.#server;
		// The request callback only sees the header block; the hook before it also knows the
		// transport ("capsule" / "websocket…" over HTTP/2, else HTTP/3) and the peer, keyed by header identity.
		const onSessionRequest = server.onSessionRequest;
		server.onSessionRequest = (request) => {
			this.#meta.set(request.header, { protocol: request.protocol, peerAddress: request.peerAddress });
			onSessionRequest.call(server, request);
		};
		const onVisitor = server.onHttpWTSessionVisitor;
		server.onHttpWTSessionVisitor = (visit) => {
			onVisitor.call(server, visit);
			fixStreams(visit.session.jsobj);
		};
	}

	#onRequest(header: FailsHeader): Promise<FailsRequestResult> {
		const path = headerValue(header, ":path") ?? "/";
		const pathname = path.split("?", 1)[0] ?? path;
		if (this.#options.paths && !this.#options.paths.includes(pathname)) {
			return Promise.resolve({ status: 404, path: SESSION_PATH });
		}
		return new Promise((respond) => {
			const request = this.#request(header, path, respond);
			if (!this.#requests.push(request)) request.reject(503, "server closing");
		});
	}

	#request(header: FailsHeader, path: string, respond: (result: FailsRequestResult) => void): SessionRequest {
		const meta = this.#meta.get(header);
		const transport = meta?.protocol;
		const overHttp2 = !this.#http3 || transport === "capsule" || transport?.startsWith("websocket") === true;
		const kind: TransportKind = overHttp2 ? "webtransport-h2" : "webtransport-h3";
		const authority = headerValue(header, ":authority") ?? headerValue(header, "host") ?? "";
		const protocols = offeredProtocols(header);
		let answered = false;
		return {
			kind,
			url: `https://${authority}${path}`,
			path,
			authority,
			origin: headerValue(header, "origin"),
			protocols,
			remoteAddress: meta?.peerAddress,
			accept: async (acceptOptions) => {
				const protocol = acceptOptions?.protocol ?? protocols.find((p) => this.#options.protocols?.includes(p));
				if (protocol !== undefined && !protocols.includes(protocol)) {
					throw new TransportError("protocol", `protocol ${JSON.stringify(protocol)} was not offered`);
				}
				// The fallback for browsers without WebTransport tunnels the protocol in Sec-WebSocket-Protocol, unquoted.
				const selected =
					protocol === undefined || transport?.startsWith("websocket") ? protocol : serializeString(protocol);
				if (protocol !== undefined && selected === undefined) {
					throw new TransportError("protocol", `protocol ${JSON.stringify(protocol)} is not printable ASCII`);
				}
				if (answered) throw new TransportError("invalid-state", "the session request was already answered");
				answered = true;
				if (this.#requests.closed) {
					respond({ status: 503, path: SESSION_PATH });
					throw new TransportError("closed", "the server is closed");
				}
				const id = this.#nextId++;
				const arrived = new Promise<FailsServerSession>((resolve) => this.#accepting.set(id, resolve));
				respond({ status: 200, path: SESSION_PATH, userData: { moqtRequest: id }, selectedProtocol: selected });
				const wt = await arrived;
				try {
					await wt.ready;
				} catch (cause) {
					throw new TransportError("connect-failed", "the session failed while being accepted", { cause });
				}
				const session = wrapWebTransport(wt, kind, protocol);
				this.#sessions.add(session);
				void session.closed.then(() => this.#sessions.delete(session));
				return session;
			},
			reject: (status = 404) => {
				if (answered) return;
				answered = true;
				respond({ status, path: SESSION_PATH });
			},
		};
	}

	async #deliverSessions(sessions: ReadableStream<FailsServerSession>): Promise<void> {
		for await (const session of sessions as unknown as AsyncIterable<FailsServerSession>) {
			const id = (session.userData as { moqtRequest?: number } | undefined)?.moqtRequest;
			const accept = id === undefined ? undefined : this.#accepting.get(id);
			if (!accept || id === undefined) continue;
			this.#accepting.delete(id);
			accept(session);
		}
	}
}
