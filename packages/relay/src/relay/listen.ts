/**
 * The relay's listeners (draft-ietf-moq-transport-19 §3.1 "Session establishment"): one UDP port
 * serving native QUIC (§3.1.5, ALPN `moqt-NN` / `moq-00`) and WebTransport over HTTP/3 (§3.1.4,
 * ALPN `h3`) told apart by ALPN, and WebTransport over HTTP/2 on the TCP port of the same number
 * (draft-ietf-webtrans-http2). Every session they accept goes to the relay.
 *
 * WebTransport negotiates the draft with WT-Available-Protocols / WT-Protocol from draft-15; a
 * client offering none gets draft-14, which negotiates its version in SETUP.
 *
 * @module
 */

import { listenWebTransport } from "@moqt/transport/fails";
import { listenMoqt } from "@moqt/transport/h3";
import type { SessionRequest, TransportServer } from "@moqt/transport/interface";
import { DRAFTS, type Draft } from "@moqt/wire";
import type { ListenAddress } from "../config/units.js";
import { protocolsFor } from "./connect.js";
import type { Relay } from "./relay.js";

/** Where and how the relay listens. */
export interface RelayListenOptions {
	/** UDP: raw QUIC and WebTransport over HTTP/3; null turns both off. */
	readonly quic: ListenAddress | null;
	/** TCP: WebTransport over HTTP/2; null turns it off. Port 0 with `quic` on: the UDP port's number. */
	readonly webtransportH2: ListenAddress | null;
	/** Certificate chain and private key, PEM. */
	readonly cert: string;
	readonly key: string;
	/** The drafts offered, most preferred first (default: every supported one, newest first). */
	readonly drafts?: readonly Draft[];
}

/** The bound listeners. */
export interface RelayListener {
	/** The UDP address (raw QUIC and HTTP/3), if listening. */
	readonly quic: { readonly host: string; readonly port: number } | undefined;
	/** The TCP address (WebTransport over HTTP/2), if listening. */
	readonly webtransportH2: { readonly host: string; readonly port: number } | undefined;
	/** Stops listening and closes the transports' connections. */
	close(): Promise<void>;
}

/** Starts the relay's listeners. */
export async function listenRelay(relay: Relay, options: RelayListenOptions): Promise<RelayListener> {
	const drafts = options.drafts ?? [...DRAFTS].reverse();
	const protocols = protocolsFor(drafts);
	const servers: TransportServer[] = [];
	let quic: TransportServer | undefined;
	let h2: TransportServer | undefined;
	try {
		if (options.quic !== null) {
			quic = await listenMoqt({
				host: options.quic.host,
				port: options.quic.port,
				cert: options.cert,
				key: options.key,
				alpn: protocols,
				h3: { protocols },
			});
			servers.push(quic);
		}
		if (options.webtransportH2 !== null) {
			const port =
				options.webtransportH2.port === 0 && quic !== undefined ? quic.address.port : options.webtransportH2.port;
			h2 = await listenWebTransport({
				host: options.webtransportH2.host,
				port,
				cert: options.cert,
				key: options.key,
				protocols,
				http3: "never",
			});
			servers.push(h2);
		}
	} catch (error) {
		await Promise.all(servers.map((s) => s.close()));
		throw error;
	}
	for (const server of servers) void serve(relay, server, protocols);
	return {
		quic: quic?.address,
		webtransportH2: h2?.address,
		close: async () => {
			await Promise.all(servers.map((s) => s.close({ code: 0, reason: "the relay is closing" })));
		},
	};
}

async function serve(relay: Relay, server: TransportServer, protocols: readonly string[]): Promise<void> {
	for await (const request of server.requests) void admit(relay, request, protocols);
}

// Accepts a session request with the most preferred draft both sides speak, and hands it over.
async function admit(relay: Relay, request: SessionRequest, protocols: readonly string[]): Promise<void> {
	if (relay.full) {
		request.reject(503, "the relay takes no more sessions");
		return;
	}
	const webtransport = request.kind !== "quic";
	const offered = request.protocols;
	const protocol = webtransport ? protocols.find((p) => offered.includes(p)) : undefined;
	if (webtransport && offered.length > 0 && protocol === undefined) {
		request.reject(400, "no MoQT draft in common");
		return;
	}
	try {
		const session = await request.accept(protocol === undefined ? {} : { protocol });
		const legacy = webtransport && protocol === undefined;
		await relay.accept(session, legacy ? { draft: 14 } : {});
	} catch (error) {
		relay.log.info("session request failed", { error, remote: request.remoteAddress });
	}
}
