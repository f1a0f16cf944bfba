/**
 * The relay's configuration: what it listens on, how it proves who it is, where it fetches from,
 * whom it lets in and how much it holds. {@link DEFAULT_RELAY_CONFIG} is what an empty file means.
 *
 * The transports follow draft-ietf-moq-transport-19 §3.1 "Session establishment": native QUIC
 * (§3.1.5, ALPN `moqt-NN`; `moq-00` in -14) and WebTransport over HTTP/3 (§3.1.4) share one UDP
 * socket, told apart by ALPN (§3.1.3); WebTransport over HTTP/2 ("on a TCP+TLS connection, the
 * client offers h2") listens on TCP. Upstream URIs use the `moqt` scheme (§3.1.1) or `https`.
 *
 * @module
 */

import type { AuthKeyConfig } from "../auth/keys.js";
import type { LogLevel } from "../log.js";
import type { ListenAddress } from "./units.js";

/** The TLS certificate: files, or a self-signed one made at start-up for these host names. */
export type TlsConfig =
	| { readonly kind: "files"; readonly cert: string; readonly key: string }
	| { readonly kind: "generate"; readonly hostnames: readonly string[] };

/** Token authorization (see auth/claims.ts for the token format). */
export interface AuthConfig {
	/** When false, every request is allowed. */
	readonly enabled: boolean;
	readonly keys: readonly AuthKeyConfig[];
	readonly issuer?: string;
	readonly audience?: string;
	readonly clockToleranceSeconds: number;
	/** Refuse tokens without `exp`. */
	readonly requireExpiry: boolean;
}

/** Resource limits. */
export interface LimitsConfig {
	/** Concurrent sessions. */
	readonly sessions: number;
	/** Concurrent requests one session may have open (MAX_REQUEST_ID window / request streams). */
	readonly requestsPerSession: number;
	/** Namespaces one session may publish. */
	readonly namespacesPerSession: number;
	/** Namespaces published in the whole relay. */
	readonly namespacesTotal: number;
	/** Namespace subscriptions (SUBSCRIBE_NAMESPACE / SUBSCRIBE_TRACKS) one session may hold. */
	readonly namespaceSubscriptionsPerSession: number;
	/** The object cache budget in bytes (0 turns caching off). */
	readonly cacheBytes: number;
	/** Bytes queued for one slow subscriber before whole groups are dropped. */
	readonly subscriberQueueBytes: number;
	/** Objects queued for one slow subscriber before whole groups are dropped. */
	readonly subscriberQueueObjects: number;
}

/** The relay configuration. */
export interface RelayConfig {
	readonly listen: {
		/** UDP: raw QUIC and WebTransport over HTTP/3; `null` disables both. */
		readonly quic: ListenAddress | null;
		/** TCP: WebTransport over HTTP/2; `null` disables it. */
		readonly webtransportH2: ListenAddress | null;
	};
	readonly tls: TlsConfig;
	/** Upstream relays: `moqt://host:port[/path]` (raw QUIC) or `https://host:port/path` (WebTransport). */
	readonly upstreams: readonly string[];
	/**
	 * SHA-256 hashes (hex) of upstream certificates to trust instead of the system CAs, for
	 * upstream relays with self-signed development certificates.
	 */
	readonly upstreamCertificateHashes: readonly string[];
	/** A token (a JWT the upstream relays accept) sent in the setup of every upstream session. */
	readonly upstreamToken: string | undefined;
	readonly auth: AuthConfig;
	readonly limits: LimitsConfig;
	/** Where `/metrics` is served; `null` disables it. */
	readonly metrics: ListenAddress | null;
	readonly logLevel: LogLevel;
	/** How long a draining relay (after GOAWAY) waits for sessions to leave before closing them. */
	readonly drainTimeoutMs: number;
}

/** The configuration an empty file gives. */
export const DEFAULT_RELAY_CONFIG: RelayConfig = {
	listen: { quic: { host: "0.0.0.0", port: 4443 }, webtransportH2: { host: "0.0.0.0", port: 4443 } },
	tls: { kind: "generate", hostnames: ["localhost"] },
	upstreams: [],
	upstreamCertificateHashes: [],
	upstreamToken: undefined,
	auth: { enabled: false, keys: [], clockToleranceSeconds: 0, requireExpiry: true },
	limits: {
		sessions: 10_000,
		requestsPerSession: 1_000,
		namespacesPerSession: 1_024,
		namespacesTotal: 100_000,
		namespaceSubscriptionsPerSession: 256,
		cacheBytes: 256 * 1024 * 1024,
		subscriberQueueBytes: 4 * 1024 * 1024,
		subscriberQueueObjects: 1_024,
	},
	metrics: { host: "127.0.0.1", port: 9464 },
	logLevel: "info",
	drainTimeoutMs: 30_000,
};
