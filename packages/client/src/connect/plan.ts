/**
 * How `connect` opens the transport: the contract between the platform-neutral part and the two
 * platform modules (`platform/node.ts`, `platform/browser.ts`), one of which the package's
 * `#platform` import resolves to.
 *
 * @module
 */

import type { TransportSession } from "@moqt/transport/interface";
import type { MoqtUrl } from "./url.js";

/**
 * The transport: "quic" (raw QUIC, Node.js), "webtransport-h3" (HTTP/3 on our QUIC driver,
 * Node.js), "webtransport-h2" (HTTP/2 with @fails-components/webtransport, Node.js),
 * "webtransport" (the platform's `WebTransport`), or "auto": the URL's natural one on the
 * platform (see `connect`).
 */
export type TransportChoice = "auto" | "quic" | "webtransport-h3" | "webtransport-h2" | "webtransport";

/** @internal What a platform module is asked to open. */
export interface TransportPlan {
	readonly url: MoqtUrl;
	readonly transport: TransportChoice;
	/** Node.js, WebTransport over HTTP/3 failing: try HTTP/2. */
	readonly fallback: boolean;
	/** ALPNs / WT-Available-Protocols, most preferred first. */
	readonly protocols: readonly string[];
	/** CA certificates to trust (PEM text or bytes, or file paths; Node.js, QUIC and HTTP/3). */
	readonly ca: string | Uint8Array | readonly (string | Uint8Array)[] | undefined;
	/** SHA-256 hashes of the server certificate to accept (bytes or hex). */
	readonly certificateHashes: readonly (Uint8Array | string)[] | undefined;
	/** Accept any certificate (Node.js, QUIC and HTTP/3; development only). */
	readonly insecure: boolean;
	readonly signal: AbortSignal | undefined;
}

/** @internal A platform module. */
export interface Platform {
	/** Opens the transport session the plan describes. */
	openTransport(plan: TransportPlan): Promise<TransportSession>;
}
