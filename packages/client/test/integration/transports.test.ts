/**
 * `connect` over real transports on loopback, every draft: raw QUIC (`moqt://`), WebTransport over
 * HTTP/3 on our QUIC driver and over HTTP/2 (`https://`), each against a server built from
 * `@moqt/session` (test-server.ts). Objects flow both ways: the client subscribes to the
 * server's track, and the server subscribes back to a track the client publishes. On raw QUIC
 * the URL's path and authority reach the server in the setup.
 */

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ClientSession, connect, type Draft, type TransportChoice } from "../../src/index.js";
import { all } from "../helpers.js";
import { type ServerKind, startServer, type TestServer } from "./test-server.js";

const DRAFTS: readonly Draft[] = [14, 16, 18, 19];
const KINDS: readonly ServerKind[] = ["quic", "webtransport-h3", "webtransport-h2"];

describe.each(KINDS)("%s", (kind) => {
	let server: TestServer;
	beforeAll(async () => {
		server = await startServer(kind);
	});
	afterAll(async () => {
		await server.close();
	});

	function open(draft: Draft): Promise<ClientSession> {
		const scheme = kind === "quic" ? "moqt" : "https";
		return connect(`${scheme}://127.0.0.1:${server.port}/moq?room=1`, {
			drafts: [draft],
			transport: kind as TransportChoice,
			certificateHashes: [server.certificate.sha256Hex],
			timeout: 10_000,
		});
	}

	it.each(DRAFTS)("draft-%i: objects flow both ways", async (draft) => {
		const served = server.nextSession();
		await using session = await open(draft);
		expect(session.draft).toBe(draft);
		expect(session.transport).toBe(kind);
		const { session: peer, echoed } = await served;
		if (kind === "quic")
			expect(peer.peerSetup).toMatchObject({ path: "/moq?room=1", authority: `127.0.0.1:${server.port}` });

		const subscription = await session.subscribe("server", "feed");
		expect(await all(subscription)).toEqual(["s0", "s1", "s2"]);

		const track = session.track("client", "echo");
		await session.publishNamespace("client");
		await expect.poll(() => track.subscribers, { timeout: 5_000 }).toBe(1);
		const group = track.group();
		await group.write("c0");
		await group.write("c1");
		await track.end();
		expect(await echoed).toEqual(["c0", "c1"]);
	});
});
