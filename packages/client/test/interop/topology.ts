/**
 * The two ways the interop tests connect our session and @moq/net, both over WebTransport on
 * HTTP/2 (`@moqt/transport/fails` on our side, `@fails-components/webtransport` on its side), on
 * 127.0.0.1 with a certificate generated per case:
 *
 * - "our client, its server": `connectWebTransportNode` + `establishSession` against @moq/net's
 *   `Connection.accept`;
 * - "its client, our server": @moq/net's `Connection.connect` against `listenWebTransport` +
 *   `establishSession`.
 *
 * Each case gets a fresh @moq/net child process and a fresh session; `dispose` closes our side
 * and kills the child.
 *
 * @module
 */

import { establishSession, type MessageRecord, type MoqtSession } from "@moqt/session";
import { generateCertificate } from "@moqt/transport/cert";
import { connectWebTransportNode, listenWebTransport } from "@moqt/transport/fails";
import type { TransportSession } from "@moqt/transport/interface";
import type { Draft } from "@moqt/wire";
import { DRAFT_14_VERSION, protocolsOf, SOLICIT } from "./drafts.js";
import { IncomingRequests } from "./incoming.js";
import { MoqNetPeer } from "./moq-net/peer.js";

/** Options of a pair. */
export interface PairOptions {
	/** Declare the MoQ Solicit option in our SETUP (see drafts.ts), so that @moq/net waits to be asked for namespaces. */
	readonly solicit?: boolean;
}

/** Our session and @moq/net, connected. */
export interface InteropPair {
	readonly session: MoqtSession;
	readonly peer: MoqNetPeer;
	/** The WebTransport protocol our transport negotiated (undefined: none, draft-14). */
	readonly protocol: string | undefined;
	/** @moq/net's name of the version it speaks ("moq-transport-16"). */
	readonly version: string;
	/** The peer's requests to us. */
	readonly incoming: IncomingRequests;
	/** Every control message our session sent and received, in order. */
	readonly messages: readonly MessageRecord[];
	dispose(): Promise<void>;
}

/** One way to connect the two. */
export interface Topology {
	readonly name: string;
	connect(draft: Draft, options?: PairOptions): Promise<InteropPair>;
}

// Our half of a pair, once the transport is there.
async function ours(
	transport: TransportSession,
	role: "client" | "server",
	draft: Draft,
	options: PairOptions,
): Promise<{ session: MoqtSession; messages: MessageRecord[]; incoming: IncomingRequests }> {
	const messages: MessageRecord[] = [];
	const session = await establishSession(transport, {
		role,
		// No WebTransport protocol: draft-14, negotiated in SETUP.
		...(transport.protocol === undefined && { draft }),
		incoming: true,
		...(options.solicit && { setup: { unknown: [{ type: SOLICIT, value: 1n }] } }),
	});
	session.onMessage((record) => messages.push(record));
	return { session, messages, incoming: new IncomingRequests(session) };
}

/** Our session is the client; @moq/net serves. */
export const ourClientItsServer: Topology = {
	name: "our client, its server",
	async connect(draft, options = {}) {
		const certificate = generateCertificate();
		const peer = await MoqNetPeer.start({ cert: certificate.cert, key: certificate.key });
		try {
			const protocols = protocolsOf(draft);
			const { port } = await peer.call("listen", {
				protocols,
				...(draft === 14 && { version: DRAFT_14_VERSION }),
			});
			const transport = await connectWebTransportNode(`https://127.0.0.1:${port}/moq`, {
				serverCertificateHashes: [certificate.sha256Hex],
				protocols,
				http3: "never",
			});
			const { session, messages, incoming } = await ours(transport, "client", draft, options);
			const { version } = await peer.call("accepted", {});
			return {
				session,
				peer,
				protocol: transport.protocol,
				version,
				incoming,
				messages,
				async dispose() {
					await session.close();
					await peer.stop();
				},
			};
		} catch (error) {
			await peer.stop();
			throw new Error(`${String(error)}\n@moq/net said:\n${peer.output}`, { cause: error });
		}
	},
};

/** @moq/net is the client; our session serves. */
export const itsClientOurServer: Topology = {
	name: "its client, our server",
	async connect(draft, options = {}) {
		const certificate = generateCertificate();
		const server = await listenWebTransport({
			host: "127.0.0.1",
			cert: certificate.cert,
			key: certificate.key,
			protocols: ["moqt-19", "moqt-18", "moqt-16"],
			http3: "never",
		});
		const peer = await MoqNetPeer.start();
		try {
			const connecting = peer.call("connect", {
				url: `https://127.0.0.1:${server.address.port}/moq`,
				protocols: protocolsOf(draft),
				hash: certificate.sha256Hex,
			});
			const next = await server.requests[Symbol.asyncIterator]().next();
			if (next.done) throw new Error("the server closed before @moq/net connected");
			const transport = await next.value.accept();
			const { session, messages, incoming } = await ours(transport, "server", draft, options);
			const { version } = await connecting;
			return {
				session,
				peer,
				protocol: transport.protocol,
				version,
				incoming,
				messages,
				async dispose() {
					await session.close();
					await peer.stop();
					await server.close();
				},
			};
		} catch (error) {
			await peer.stop();
			await server.close();
			throw new Error(`${String(error)}\n@moq/net said:\n${peer.output}`, { cause: error });
		}
	},
};

/** Both topologies. */
export const TOPOLOGIES: readonly Topology[] = [ourClientItsServer, itsClientOurServer];
