/**
 * Opening a transport session to another MoQT endpoint by URL, for the relay's upstream links
 * and for tools (draft-ietf-moq-transport-19 §3.1 "Session establishment": `moqt://` over native
 * QUIC with the draft's ALPN, §3.1.5; `https://` over WebTransport on HTTP/3, §3.1.4, offering
 * the drafts in WT-Available-Protocols; -14 §3.1 with the `moq-00` ALPN).
 *
 * @module
 */

import { connectH3 } from "@moqt/transport/h3";
import type { TransportSession } from "@moqt/transport/interface";
import { connectQuic } from "@moqt/transport/quic";
import { DRAFTS, type Draft, draftInfo } from "@moqt/wire";

/** How the server is trusted, and what is offered. */
export interface ConnectTransportOptions {
	/** Trust exactly these certificates (SHA-256 of the DER), as WebTransport's `serverCertificateHashes`. */
	readonly certificateHashes?: readonly Uint8Array[];
	/** CA certificates (PEM text or file paths) instead of the system's. */
	readonly ca?: readonly string[];
	/** Skip certificate checks. Development only. */
	readonly insecure?: boolean;
	/** The drafts to offer, most preferred first (default: every supported one, newest first). */
	readonly drafts?: readonly Draft[];
	/** Abandons the connection attempt. */
	readonly signal?: AbortSignal;
}

/** The ALPN tokens / WebTransport protocols naming `drafts`, without repeats (draft-14: `moq-00`). */
export function protocolsFor(drafts: readonly Draft[] = [...DRAFTS].reverse()): string[] {
	return [...new Set(drafts.map((d) => draftInfo(d).alpn))];
}

/** Connects to `url` (`moqt://host:port/path` or `https://host:port/path`). */
export async function connectTransport(url: string, options: ConnectTransportOptions = {}): Promise<TransportSession> {
	const parsed = new URL(url);
	const protocols = protocolsFor(options.drafts);
	const trust = {
		...(options.certificateHashes !== undefined && { certificateHashes: options.certificateHashes }),
		...(options.ca !== undefined && { ca: options.ca }),
		...(options.insecure === true && { insecure: true }),
		...(options.signal !== undefined && { signal: options.signal }),
	};
	switch (parsed.protocol) {
		case "moqt:":
			return connectQuic(parsed, { alpn: protocols, ...trust });
		case "https:":
			return connectH3(parsed, { protocols, ...trust });
		default:
			throw new TypeError(`an upstream URL is moqt:// or https://, not ${parsed.protocol}`);
	}
}
