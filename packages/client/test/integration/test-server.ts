/**
 * A MoQT server for the integration tests, built from `@moqt/session` alone over a real
 * transport listening on loopback (raw QUIC, WebTransport over HTTP/3 on our driver, WebTransport
 * over HTTP/2 with @fails-components), with a certificate generated for the run. Each session:
 *
 * - answers any SUBSCRIBE with three objects ("s0", "s1", "s2") in group 0, then ends the track;
 * - answers a PUBLISH_NAMESPACE by subscribing back to the track "echo" in it and collecting what
 *   the client writes, so that objects flow both ways.
 */

import { establishSession, type MoqtSession, type SessionHandlers } from "@moqt/session";
import { type GeneratedCertificate, generateCertificate } from "@moqt/transport/cert";
import { listenWebTransport } from "@moqt/transport/fails";
import { listenH3 } from "@moqt/transport/h3";
import type { TransportServer } from "@moqt/transport/interface";
import { listenQuic } from "@moqt/transport/quic";
import { PublishDoneCode } from "@moqt/wire";

/** Which listener. */
export type ServerKind = "quic" | "webtransport-h3" | "webtransport-h2";

/** What the server saw of one session. */
export interface ServedSession {
	readonly session: MoqtSession;
	/** The objects (as text) the client wrote to its "echo" track, once that track ended. */
	readonly echoed: Promise<string[]>;
}

/** A running test server. */
export interface TestServer {
	readonly port: number;
	readonly certificate: GeneratedCertificate;
	/** Sessions in the order they were set up. */
	readonly sessions: ServedSession[];
	/** Resolves with the next session set up. */
	nextSession(): Promise<ServedSession>;
	close(): Promise<void>;
}

const PROTOCOLS = ["moqt-19", "moqt-18", "moqt-16", "moq-00"];
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Starts a server of `kind` on 127.0.0.1, any free port. */
export async function startServer(kind: ServerKind): Promise<TestServer> {
	const certificate = generateCertificate();
	const common = { host: "127.0.0.1", port: 0, cert: certificate.cert, key: certificate.key };
	const listener: TransportServer =
		kind === "quic"
			? await listenQuic({ ...common, alpn: PROTOCOLS })
			: kind === "webtransport-h3"
				? await listenH3({ ...common, protocols: PROTOCOLS })
				: await listenWebTransport({ ...common, protocols: PROTOCOLS, http3: "never" });
	const sessions: ServedSession[] = [];
	const waiting: ((s: ServedSession) => void)[] = [];
	const open: MoqtSession[] = [];
	void (async () => {
		for await (const request of listener.requests) {
			void (async () => {
				const transport = await request.accept();
				// The handlers must be there from setup on: the client's requests can follow its setup at once.
				const { handlers, echoed } = serve(() => pending);
				const pending = establishSession(transport, { role: "server", handlers });
				const session = await pending;
				open.push(session);
				const served = { session, echoed };
				sessions.push(served);
				waiting.shift()?.(served);
			})().catch(() => {
				// A client that leaves during setup is the client's test's business.
			});
		}
	})();
	return {
		port: listener.address.port,
		certificate,
		sessions,
		nextSession: () => new Promise((resolve) => waiting.push(resolve)),
		async close() {
			await Promise.all(open.map((s) => s.close()));
			await listener.close();
		},
	};
}

function serve(sessionOf: () => Promise<MoqtSession>): { handlers: SessionHandlers; echoed: Promise<string[]> } {
	let resolveEcho!: (objects: string[]) => void;
	let rejectEcho!: (error: unknown) => void;
	const echoed = new Promise<string[]>((resolve, reject) => {
		resolveEcho = resolve;
		rejectEcho = reject;
	});
	// A test that does not wait for the echo leaves its failure (the session closing) unobserved.
	echoed.catch(() => undefined);
	const handlers: SessionHandlers = {
		onSubscribe: async (request) => {
			const session = await sessionOf();
			const publisher = request.accept();
			const subgroup = publisher.openSubgroup({ groupId: 0n, subgroupId: 0n });
			for (let i = 0n; i < 3n; i++) await subgroup.writeObject({ objectId: i, payload: encoder.encode(`s${i}`) });
			await subgroup.end();
			publisher.close(PublishDoneCode[session.draft].TRACK_ENDED);
		},
		onPublishNamespace: async (request) => {
			const session = await sessionOf();
			request.accept();
			try {
				const echo = await session.subscribe(request.message.trackNamespace, encoder.encode("echo"));
				const objects: string[] = [];
				for await (const o of echo) objects.push(decoder.decode(o.payload));
				resolveEcho(objects);
			} catch (error) {
				rejectEcho(error);
			}
		},
	};
	return { handlers, echoed };
}
