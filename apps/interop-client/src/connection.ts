/**
 * Opening a MoQT session to the relay as the interface's URL schemes say: `moqt://` is raw QUIC
 * (one ALPN per draft offered: `moqt-NN`, and `moq-00` for draft-14), `https://` is WebTransport
 * over HTTP/3 (the same names in WT-Available-Protocols). `@moqt/client`'s `connect` does the
 * same, but hides the transport session; the transport is opened here with the same building
 * blocks so that the case can read its connection ID before the MoQT setup starts.
 *
 * @module
 */

import { type ClientSession, type Draft, establish, parseMoqtUrl } from "@moqt/client";
import { connectH3 } from "@moqt/transport/h3";
import type { TransportSession } from "@moqt/transport/interface";
import { connectQuic } from "@moqt/transport/quic";
import { draftInfo } from "@moqt/wire";

/** Where and how to connect. */
export interface ConnectTarget {
	readonly relay: string;
	readonly drafts: readonly Draft[];
	/** `--tls-disable-verify`: accept any certificate. Otherwise the system's CAs decide. */
	readonly insecure: boolean;
}

/** The ALPNs / WebTransport protocols for `drafts`, in their order, each once. */
export function protocolsFor(drafts: readonly Draft[]): string[] {
	return [...new Set(drafts.map((draft) => draftInfo(draft).alpn))];
}

/** Opens the transport the URL names; rejects with a TransportError or the signal's reason. */
export function openTransport(target: ConnectTarget, signal: AbortSignal): Promise<TransportSession> {
	const url = parseMoqtUrl(target.relay);
	const protocols = protocolsFor(target.drafts);
	const tls = target.insecure ? { insecure: true, signal } : { signal };
	if (url.scheme === "moqt") return connectQuic({ host: url.host, port: url.port }, { alpn: protocols, ...tls });
	return connectH3(url.https, { protocols, ...tls });
}

/** Runs the MoQT setup on `transport`; resolves once the peer's setup message arrived. */
export function setUp(transport: TransportSession, target: ConnectTarget, signal: AbortSignal): Promise<ClientSession> {
	const url = parseMoqtUrl(target.relay);
	return establish(transport, {
		drafts: target.drafts,
		signal,
		// PATH and AUTHORITY travel in the setup on raw QUIC only (draft-19 §3.1.5).
		...(transport.kind === "quic" && { path: url.path, authority: url.authority }),
	});
}
