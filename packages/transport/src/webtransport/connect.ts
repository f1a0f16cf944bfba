/**
 * Opening a WebTransport session with the platform's `WebTransport` (W3C WebTransport
 * §"WebTransport constructor"): certificate hashes for self-signed servers (§"serverCertificateHashes")
 * and application protocol negotiation through WT-Available-Protocols (draft-ietf-webtrans-http3
 * §3.3, draft-ietf-webtrans-http2 §5.2).
 *
 * @module
 */

import { TransportError } from "../errors.js";
import type { TransportKind, TransportSession } from "../types.js";
import { certificateHashes } from "./certificate-hashes.js";
import { fromWebTransport } from "./session.js";
import type { WebTransportConstructor } from "./types.js";

/** Options of {@link connectWebTransport}. */
export interface ConnectWebTransportOptions {
	/**
	 * SHA-256 hashes of self-signed server certificates to trust (bytes, or hex with or without
	 * colons). The certificate must be ECDSA and valid for at most 14 days.
	 */
	readonly serverCertificateHashes?: readonly (Uint8Array | string)[];
	/** Application protocols to offer, most preferred first (WT-Available-Protocols). */
	readonly protocols?: readonly string[];
	/** Fail instead of falling back to HTTP/2. */
	readonly requireUnreliable?: boolean;
	/** A congestion control hint: "default", "throughput" or "low-latency". */
	readonly congestionControl?: "default" | "throughput" | "low-latency";
	/** The constructor to use. Default: the global `WebTransport`. */
	readonly WebTransport?: WebTransportConstructor;
	/** The kind to report. Default: from the session's `reliability`. */
	readonly kind?: TransportKind;
}

/**
 * Opens a WebTransport session to `url` (`https://…`) and wraps it with {@link fromWebTransport}.
 * Rejects with a TransportError: "unavailable" without a WebTransport implementation,
 * "connect-failed" when the session cannot be established.
 */
export async function connectWebTransport(
	url: string,
	options: ConnectWebTransportOptions = {},
): Promise<TransportSession> {
	const Ctor = options.WebTransport ?? (globalThis as { WebTransport?: WebTransportConstructor }).WebTransport;
	if (!Ctor) throw new TransportError("unavailable", "this platform has no WebTransport");
	const init: Record<string, unknown> = {};
	if (options.serverCertificateHashes) {
		init.serverCertificateHashes = certificateHashes(options.serverCertificateHashes);
	}
	if (options.protocols) init.protocols = [...options.protocols];
	if (options.requireUnreliable !== undefined) init.requireUnreliable = options.requireUnreliable;
	if (options.congestionControl) init.congestionControl = options.congestionControl;
	let wt: InstanceType<WebTransportConstructor>;
	try {
		wt = new Ctor(url, init);
	} catch (cause) {
		throw new TransportError("connect-failed", `cannot open WebTransport to ${url}: ${String(cause)}`, { cause });
	}
	return fromWebTransport(wt, options.kind);
}
