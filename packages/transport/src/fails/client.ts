/**
 * A WebTransport client on `@fails-components/webtransport` for Node.js: HTTP/3
 * (draft-ietf-webtrans-http3) when the library's native addon loads, falling back to HTTP/2
 * (draft-ietf-webtrans-http2) as the library does; HTTP/2 alone otherwise. Offers
 * WT-Available-Protocols and checks the server's WT-Protocol (draft-ietf-webtrans-http3 §3.3).
 *
 * @module
 */

import { TransportError } from "../errors.js";
import type { TransportKind, TransportSession } from "../types.js";
import { certificateHashes } from "../webtransport/certificate-hashes.js";
import { wrapWebTransport } from "../webtransport/session.js";
import { FLOW_CONTROL } from "./flow-control.js";
import { loadFails } from "./library.js";
import { fixStreams } from "./stream-fixes.js";
import { parseString } from "./structured-field.js";

/** Options of {@link connectWebTransportNode}. */
export interface ConnectWebTransportNodeOptions {
	/**
	 * SHA-256 hashes of self-signed server certificates to trust (bytes, or hex with or without
	 * colons), as W3C `serverCertificateHashes`. Without them the system CAs decide.
	 */
	readonly serverCertificateHashes?: readonly (Uint8Array | string)[];
	/** Application protocols to offer, most preferred first (WT-Available-Protocols). */
	readonly protocols?: readonly string[];
	/** Try HTTP/3 when the addon is installed ("auto", default), or use HTTP/2 only ("never"). */
	readonly http3?: "auto" | "never";
}

/** WT_ALPN_ERROR (draft-ietf-webtrans-http3 §9.5): the server chose a protocol that was not offered. */
export const WT_ALPN_ERROR = 0x0817b3dd;

/**
 * Opens a WebTransport session to `url` (`https://host:port/path`). `kind` tells which HTTP
 * version carries it. Rejects with a TransportError: "unavailable" without the library,
 * "connect-failed" when the session cannot be established, "protocol" when the server picked a
 * protocol that was not offered (the session is then closed with {@link WT_ALPN_ERROR}).
 */
export async function connectWebTransportNode(
	url: string,
	options: ConnectWebTransportNodeOptions = {},
): Promise<TransportSession> {
	const { module, http3 } = await loadFails();
	const init: Record<string, unknown> = {
		// Without the addon the library must be told not to try HTTP/3.
		forceReliable: !http3 || options.http3 === "never",
		protocols: [...(options.protocols ?? [])],
		...FLOW_CONTROL,
	};
	if (options.serverCertificateHashes) {
		init.serverCertificateHashes = certificateHashes(options.serverCertificateHashes);
	}
	let wt: InstanceType<typeof module.WebTransport>;
	try {
		wt = new module.WebTransport(url, init);
	} catch (cause) {
		throw new TransportError("connect-failed", `cannot open WebTransport to ${url}: ${String(cause)}`, { cause });
	}
	fixStreams(wt.sessionint);
	// The library rejects `closed` as well as `ready` when the handshake fails; `ready` reports it.
	wt.closed.catch(() => {});
	try {
		await wt.ready;
	} catch (cause) {
		throw new TransportError("connect-failed", `WebTransport to ${url} failed: ${String(cause)}`, { cause });
	}
	const kind: TransportKind = wt.reliability === "reliable-only" ? "webtransport-h2" : "webtransport-h3";
	// The library hands over the WT-Protocol field verbatim; it is a Structured Field String.
	const protocol = wt.protocol ? parseString(wt.protocol) : undefined;
	if (protocol !== undefined && !options.protocols?.includes(protocol)) {
		wt.close({ closeCode: WT_ALPN_ERROR, reason: "protocol not offered" });
		throw new TransportError("protocol", `the server chose ${JSON.stringify(protocol)}, which was not offered`);
	}
	return wrapWebTransport(wt, kind, protocol);
}
