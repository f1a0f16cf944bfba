/**
 * A WebTransport client over HTTP/3 on the raw QUIC driver: a QUIC connection with ALPN "h3"
 * (RFC 9114 §3.1), its server verified as `connectQuic` does (CA chain and host name, or pinned
 * SHA-256 certificate hashes as W3C `serverCertificateHashes`), then one extended CONNECT
 * (RFC 9220; draft-ietf-webtrans-http3 §"Creating a New Session") offering the application
 * protocols in WT-Available-Protocols (§"Application Protocol Negotiation"). The connection
 * belongs to the session and closes after it.
 *
 * @module
 */

import { isIP } from "node:net";
import { TransportError } from "../errors.js";
import { connectQuic, type QuicClientOptions } from "../quic/index.js";
import { H3ErrorCode } from "./errors.js";
import { H3Link } from "./link.js";
import type { H3Limits } from "./options.js";
import type { H3Session } from "./session.js";

/** Options of {@link connectH3}. */
export interface H3ClientOptions extends Omit<QuicClientOptions, "alpn">, H3Limits {
	/** Application protocols to offer (WT-Available-Protocols), most preferred first. */
	readonly protocols?: readonly string[];
	/** The `Origin` to send, as a browser would. Default none. */
	readonly origin?: string;
}

/**
 * Opens a WebTransport session over HTTP/3 to an `https://` URL. Rejects with a TransportError:
 * "certificate" or "connect-failed" as `connectQuic` does, "connect-failed" when the server
 * refuses the session (its status in the message), or the signal's reason when aborted.
 */
export async function connectH3(url: string | URL, options: H3ClientOptions = {}): Promise<H3Session> {
	options.signal?.throwIfAborted();
	const target = parseUrl(url);
	const host = target.hostname.replace(/^\[(.*)\]$/, "$1");
	const port = target.port === "" ? 443 : Number(target.port);
	const quic = await connectQuic(
		{ host, port },
		{ ...options, alpn: ["h3"], serverName: options.serverName ?? (isIP(host) ? undefined : host) },
	);
	const link: H3Link = new H3Link(
		quic,
		{ ...options, role: "client", datagramQueueLength: options.datagramQueueLength ?? 1024 },
		// The connection exists for this one session.
		{ sessionEnded: () => void link.shutdown() },
	);
	const abort = () => quic.close({ code: H3ErrorCode.H3_REQUEST_CANCELLED, reason: "aborted" });
	options.signal?.addEventListener("abort", abort, { once: true });
	try {
		link.start();
		return await link.connect({
			authority: target.host,
			path: `${target.pathname}${target.search}`,
			origin: options.origin,
			protocols: options.protocols,
		});
	} catch (error) {
		void link.shutdown();
		throw options.signal?.aborted ? options.signal.reason : error;
	} finally {
		options.signal?.removeEventListener("abort", abort);
	}
}

function parseUrl(url: string | URL): URL {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch (cause) {
		throw new TransportError("connect-failed", `invalid URL ${String(url)}`, { cause });
	}
	if (parsed.protocol !== "https:") {
		throw new TransportError("connect-failed", `WebTransport needs an https:// URL, got ${parsed.href}`);
	}
	return parsed;
}
