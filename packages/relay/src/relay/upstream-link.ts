/**
 * A relay's link to an upstream relay, so relays chain into a tree (draft-ietf-moq-transport-19
 * §9 "Relays": "Relays can be used to form an overlay delivery network"; §6.2 "Publishing
 * Namespaces": a relay that "has received an authorized PUBLISH_NAMESPACE for that namespace from
 * an upstream publisher" may announce it further; -14 §8).
 *
 * - The relay connects as a client and keeps reconnecting (with backoff) until it closes.
 * - Every namespace published at this relay by another session is announced upstream with a
 *   PUBLISH_NAMESPACE of the relay's own, and withdrawn when its last publisher leaves, so
 *   subscriptions at the upstream relay are routed down here.
 * - SUBSCRIBEs and FETCHes nobody here can serve go up the link (see TrackRouter); the upstream
 *   relay's own requests on the link are served like any session's.
 *
 * Announcements only go up and requests only go to where namespaces were announced from, so a
 * tree of relays forms no loop; a request is never sent back up the link it came down.
 *
 * @module
 */

import type { MoqtTransport, PublishedNamespace, SessionOptions } from "@moqt/session";
import { type Draft, TokenAliasType, type TrackNamespace } from "@moqt/wire";
import type { Logger } from "../log.js";
import { namespaceKey } from "../namespaces/names.js";
import { type ConnectTransportOptions, connectTransport } from "./connect.js";
import type { GlobalNamespaceWatcher } from "./namespace-service.js";
import type { RelaySession } from "./relay-session.js";

/** Options of an upstream link. */
export interface UpstreamLinkOptions extends ConnectTransportOptions {
	/** Opens the transport instead of `connectTransport` (tests use an in-memory pair). */
	readonly connect?: (url: string) => Promise<MoqtTransport>;
	/** The draft, for transports that negotiate none. */
	readonly draft?: Draft;
	/** A token (JWT) for the upstream relay, sent in the setup. */
	readonly token?: string;
	/** First and longest wait between connection attempts (ms). Default 500 and 10 000. */
	readonly retryMinMs?: number;
	readonly retryMaxMs?: number;
}

/** What a link needs from its relay. */
export interface LinkHost {
	readonly log: Logger;
	establish(transport: MoqtTransport, options: Pick<SessionOptions, "role" | "draft" | "setup">): Promise<RelaySession>;
	watchNamespaces(watcher: GlobalNamespaceWatcher): () => void;
}

/** A relay's connection to one upstream relay. */
export class UpstreamLink {
	readonly url: string;
	readonly #options: UpstreamLinkOptions;
	readonly #host: LinkHost;
	#peer: RelaySession | undefined;
	#closed = false;
	#wake: (() => void) | undefined;
	readonly #waiters: ((peer: RelaySession) => void)[] = [];

	/** @internal Use `Relay.addUpstream`. */
	constructor(url: string, options: UpstreamLinkOptions, host: LinkHost) {
		this.url = url;
		this.#options = options;
		this.#host = host;
	}

	/** The upstream session while connected. */
	get peer(): RelaySession | undefined {
		return this.#peer;
	}

	/** Resolves with the upstream session once connected. */
	ready(): Promise<RelaySession> {
		if (this.#peer !== undefined) return Promise.resolve(this.#peer);
		return new Promise((resolve) => this.#waiters.push(resolve));
	}

	/** @internal Starts connecting. */
	start(): void {
		void this.#run();
	}

	/** Stops reconnecting and closes the upstream session. */
	close(): void {
		this.#closed = true;
		this.#wake?.();
		void this.#peer?.session.close();
	}

	async #run(): Promise<void> {
		const min = this.#options.retryMinMs ?? 500;
		const max = this.#options.retryMaxMs ?? 10_000;
		let delay = min;
		const log = this.#host.log.child({ upstream: this.url });
		while (!this.#closed) {
			try {
				const peer = await this.#connect();
				if (peer !== undefined) {
					delay = min;
					log.info("upstream connected", { draft: peer.draft });
					await this.#serve(peer);
					log.info("upstream disconnected");
				}
			} catch (error) {
				log.warn("upstream connection failed", { error });
			}
			if (this.#closed) break;
			await new Promise<void>((resolve) => {
				const timer = setTimeout(resolve, delay);
				this.#wake = () => {
					clearTimeout(timer);
					resolve();
				};
			});
			delay = Math.min(delay * 2, max);
		}
	}

	async #connect(): Promise<RelaySession | undefined> {
		const transport = await (this.#options.connect?.(this.url) ?? connectTransport(this.url, this.#options));
		if (this.#closed) {
			transport.close({ code: 0, reason: "closing" });
			return undefined;
		}
		const url = new URL(this.url);
		const token = this.#options.token;
		const setup = {
			// Raw QUIC carries the URI's path and authority in the setup (-19 §10.3.1).
			...(transport.kind === "quic" && { path: url.pathname === "" ? "/" : `${url.pathname}${url.search}` }),
			...(transport.kind === "quic" && { authority: url.host }),
			...(token !== undefined && {
				authorizationTokens: [
					{ aliasType: TokenAliasType.USE_VALUE, tokenType: 0n, value: new TextEncoder().encode(token) },
				],
			}),
		};
		return this.#host.establish(transport, {
			role: "client",
			...(this.#options.draft !== undefined && { draft: this.#options.draft }),
			setup,
		});
	}

	async #serve(peer: RelaySession): Promise<void> {
		this.#peer = peer;
		for (const resolve of this.#waiters.splice(0)) resolve(peer);
		const watcher = new LinkAnnouncer(peer);
		const stop = this.#host.watchNamespaces(watcher);
		await peer.session.closed;
		stop();
		this.#peer = undefined;
	}
}

/** Mirrors the namespaces published at the relay as the relay's own PUBLISH_NAMESPACEs upstream. */
class LinkAnnouncer implements GlobalNamespaceWatcher {
	readonly peer: RelaySession;
	readonly #announced = new Map<string, PublishedNamespace | undefined>();

	constructor(peer: RelaySession) {
		this.peer = peer;
	}

	namespaceState(namespace: TrackNamespace, published: boolean): void {
		const key = namespaceKey(namespace);
		if (published === this.#announced.has(key)) return;
		if (!published) {
			this.#announced.get(key)?.withdraw();
			this.#announced.delete(key);
			return;
		}
		this.#announced.set(key, undefined);
		this.peer.session.publishNamespace(namespace, { waitResponse: false }).then(
			(handle) => {
				if (this.#announced.has(key)) this.#announced.set(key, handle);
				else handle.withdraw();
				void handle.done.then(() => {
					if (this.#announced.get(key) === handle) this.#announced.delete(key);
				});
			},
			(error: unknown) => {
				this.#announced.delete(key);
				this.peer.log.warn("announcing upstream failed", { namespace, error });
			},
		);
	}
}
