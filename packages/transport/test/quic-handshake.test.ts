/**
 * Connection setup over the raw QUIC adapter on loopback: certificate checks (CA and host name,
 * IP identity, SHA-256 pinning, insecure), ALPN chosen by the server's preference and failing
 * cleanly without one in common, a ClientHello spanning two Initial packets, Version
 * Negotiation, refusal, rejection, Stateless Reset, and many connections on one socket.
 */

import { createSocket } from "node:dgram";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { generateCertificate } from "../src/cert/certificate.js";
import { TransportError } from "../src/errors.js";
import { connectQuic, listenQuic, type QuicServer, type QuicSession } from "../src/quic/index.js";
import { ALPN, certificate, connectPair, connectTo, readAll, startServer } from "./quic-fixtures.js";
import { UdpRelay } from "./quic-relay.js";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Resolves with the TransportError `promise` rejects with (fails the test if it resolves). */
async function transportError(promise: Promise<unknown>): Promise<TransportError> {
	const outcome = await promise.then(
		(value) => ({ value }),
		(error: unknown) => ({ error }),
	);
	if (!("error" in outcome)) throw new Error("expected a rejection");
	expect(TransportError.isInstance(outcome.error), String(outcome.error)).toBe(true);
	return outcome.error as TransportError;
}

describe("raw QUIC handshake", () => {
	const cleanups: (() => Promise<void> | void)[] = [];
	afterEach(async () => {
		for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
	});
	async function server(options: Parameters<typeof startServer>[0] = {}): Promise<QuicServer> {
		const started = await startServer(options);
		cleanups.push(() => started.close());
		return started;
	}
	function track(session: QuicSession): QuicSession {
		cleanups.push(() => session.close());
		return session;
	}

	describe("certificate checks", () => {
		it("accepts a server whose chain leads to the given CA and names the server name", async () => {
			const s = await server();
			const session = track(
				await connectTo(s, { certificateHashes: [], ca: certificate.cert, serverName: "localhost" }),
			);
			expect(session.protocol).toBe(ALPN);
		});

		it("checks an IP address identity when connecting by IP without a server name", async () => {
			const s = await server();
			track(await connectTo(s, { certificateHashes: [], ca: certificate.cert }));
			const noIp = generateCertificate({ ipAddresses: [] });
			const other = await server({ cert: noIp.cert, key: noIp.key });
			const error = await transportError(connectTo(other, { certificateHashes: [], ca: noIp.cert }));
			expect(error.code).toBe("certificate");
			expect(error.message).toContain("127.0.0.1");
		});

		it("refuses a wrong server name, an unknown CA, and a self-signed server against the default roots", async () => {
			const s = await server();
			const wrongName = await transportError(
				connectTo(s, { certificateHashes: [], ca: certificate.cert, serverName: "wrong.example" }),
			);
			expect(wrongName.code).toBe("certificate");
			const unknownCa = await transportError(
				connectTo(s, { certificateHashes: [], ca: generateCertificate().cert, serverName: "localhost" }),
			);
			expect(unknownCa.code).toBe("certificate");
			const defaultRoots = await transportError(connectTo(s, { certificateHashes: [], serverName: "localhost" }));
			expect(defaultRoots.code).toBe("certificate");
		});

		it("pins by SHA-256 hash, in both accepted shapes, and refuses a wrong hash", async () => {
			const s = await server();
			track(await connectTo(s));
			const value = certificate.sha256.slice().buffer;
			track(await connectTo(s, { certificateHashes: [{ algorithm: "sha-256", value }] }));
			const requests = s.requests[Symbol.asyncIterator]();
			// Drain the two requests above so the next one is the wrongly pinned connection.
			await requests.next();
			await requests.next();
			const wrong = await transportError(connectTo(s, { certificateHashes: [generateCertificate().sha256] }));
			expect(wrong.code).toBe("certificate");
			// The server completed its handshake, then saw the client close with bad_certificate (0x12a).
			const request = await requests.next();
			if (request.done) throw new Error("no request");
			const rejected = await request.value.accept().catch(() => undefined);
			if (rejected) expect(await rejected.closed).toMatchObject({ code: 0x12a, remote: true });
		});

		it("skips every check only when asked (insecure)", async () => {
			const s = await server();
			track(await connectTo(s, { certificateHashes: [], insecure: true }));
		});
	});

	describe("ALPN", () => {
		it("picks the server's most preferred protocol that the client offers", async () => {
			const s = await server({ alpn: ["moqt-16", "moqt-15", "moq-00"] });
			const requests = s.requests[Symbol.asyncIterator]();
			const client = track(
				await connectTo(s, { alpn: ["moq-00", "moqt-15"], serverName: "localhost", insecure: true }),
			);
			expect(client.protocol).toBe("moqt-15");
			const request = await requests.next();
			if (request.done) throw new Error("no request");
			expect(request.value).toMatchObject({
				kind: "quic",
				url: `moqt://localhost:${s.address.port}`,
				path: "",
				authority: `localhost:${s.address.port}`,
				origin: undefined,
				protocols: ["moqt-15"],
			});
			expect(request.value.remoteAddress).toMatch(/^127\.0\.0\.1:\d+$/);
			await expect(request.value.accept({ protocol: "moq-00" })).rejects.toSatisfy(TransportError.isInstance);
			const session = await request.value.accept({ protocol: "moqt-15" });
			expect(session.protocol).toBe("moqt-15");
		});

		it("fails cleanly with no protocol in common, and the server keeps serving", async () => {
			const s = await server({ alpn: ["moqt-16"] });
			const error = await transportError(connectTo(s, { alpn: ["h3"] }));
			expect(error.code).toBe("alpn");
			track(await connectTo(s, { alpn: ["h3", "moqt-16"] }));
		});

		it("keeps a ClientHello spanning two Initial packets on one connection", async () => {
			// 60 long names push the ClientHello past one 1200-byte Initial packet, as Chromium's
			// post-quantum key shares do; the protocol the server wants comes last.
			const padding = Array.from({ length: 60 }, (_, i) => `moqt-padding-protocol-${i}`);
			const s = await server({ alpn: [ALPN] });
			const requests = s.requests[Symbol.asyncIterator]();
			const client = track(await connectTo(s, { alpn: [...padding, ALPN] }));
			expect(client.protocol).toBe(ALPN);
			await requests.next();
			expect(s.connectionCount).toBe(1);
		});
	});

	describe("connection management", () => {
		it("answers an unknown QUIC version with Version Negotiation listing version 1", async () => {
			const s = await server();
			const socket = createSocket("udp4");
			cleanups.push(() => new Promise<void>((resolve) => socket.close(() => resolve())));
			const reply = new Promise<Buffer>((resolve) => socket.once("message", resolve));
			const probe = Buffer.alloc(1200);
			// Long header, version 0x0a0a0a0a (reserved for negotiation), 8-byte DCID and SCID.
			Buffer.from("c00a0a0a0a08111111111111111108222222222222222200", "hex").copy(probe);
			socket.send(probe, s.address.port, "127.0.0.1");
			const packet = await reply;
			expect(packet.readUInt32BE(1)).toBe(0);
			expect(packet.subarray(6, 14).toString("hex")).toBe("2222222222222222");
			expect(packet.subarray(15, 23).toString("hex")).toBe("1111111111111111");
			const versions = packet.subarray(23);
			expect(Array.from({ length: versions.length / 4 }, (_, i) => versions.readUInt32BE(4 * i))).toContain(1);
			expect(s.connectionCount).toBe(0);
		});

		it("serves 50 concurrent connections on one socket", async () => {
			const s = await server();
			const serving = (async () => {
				for await (const request of s.requests) {
					void request.accept().then(async (session) => {
						for await (const stream of session.incomingBidi) {
							await stream.writable.write(await readAll(stream.readable));
							await stream.writable.finish();
						}
					});
				}
			})();
			const clients = await Promise.all(Array.from({ length: 50 }, () => connectTo(s)));
			for (const client of clients) track(client);
			expect(s.connectionCount).toBe(50);
			const replies = await Promise.all(
				clients.map(async (client, i) => {
					const stream = await client.openBidi();
					await stream.writable.write(encoder.encode(`client ${i}`));
					await stream.writable.finish();
					return decoder.decode(await readAll(stream.readable));
				}),
			);
			expect(replies).toEqual(clients.map((_, i) => `client ${i}`));
			for (const client of clients) client.close();
			await s.close();
			await serving;
		});

		it("refuses connections beyond maxConnections with CONNECTION_REFUSED", async () => {
			const s = await server({ maxConnections: 2 });
			track(await connectTo(s));
			track(await connectTo(s));
			const error = await transportError(connectTo(s));
			expect(error.code).toBe("connect-failed");
			expect(error.message).toContain("server busy");
		});

		it("rejecting a request closes the connection with CONNECTION_REFUSED and the reason", async () => {
			const s = await server();
			const requests = s.requests[Symbol.asyncIterator]();
			const client = track(await connectTo(s));
			const request = await requests.next();
			if (request.done) throw new Error("no request");
			request.value.reject(403, "not you");
			request.value.reject(500, "ignored");
			expect(await client.closed).toEqual({
				code: 0x2,
				reason: "rejected with status 403: not you",
				remote: true,
				transportError: "transport-error",
			});
			await expect(request.value.accept()).rejects.toSatisfy(TransportError.isInstance);
		});

		it("gives up on an unreachable server at once, and when aborted", async () => {
			const socket = createSocket("udp4");
			await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
			const port = socket.address().port;
			await new Promise<void>((resolve) => socket.close(() => resolve()));
			const unreachable = await transportError(
				connectQuic({ host: "127.0.0.1", port }, { alpn: [ALPN], insecure: true }),
			);
			expect(unreachable.code).toBe("connect-failed");

			const s = await server();
			const relay = await UdpRelay.start({ host: "127.0.0.1", port: s.address.port });
			cleanups.push(() => relay.close());
			relay.mode = "drop";
			const controller = new AbortController();
			const connecting = connectQuic(
				{ host: "127.0.0.1", port: relay.port },
				{ alpn: [ALPN], insecure: true, signal: controller.signal },
			);
			controller.abort(new Error("changed my mind"));
			await expect(connecting).rejects.toThrow("changed my mind");
			await expect(connectTo(s, { signal: AbortSignal.abort() })).rejects.toSatisfy(
				(error: unknown) => error instanceof DOMException && error.name === "AbortError",
			);
		});

		it("reads the certificate and key from PEM files, and refuses bad ones", async () => {
			const dir = mkdtempSync(join(tmpdir(), "moqt-quic-"));
			writeFileSync(join(dir, "cert.pem"), certificate.cert);
			writeFileSync(join(dir, "key.pem"), certificate.key);
			const s = await listenQuic({
				host: "127.0.0.1",
				cert: join(dir, "cert.pem"),
				key: join(dir, "key.pem"),
				alpn: [ALPN],
			});
			cleanups.push(() => s.close());
			track(await connectTo(s, { certificateHashes: [], ca: join(dir, "cert.pem"), serverName: "localhost" }));
			const missing = await transportError(
				listenQuic({ cert: join(dir, "nope.pem"), key: certificate.key, alpn: [ALPN] }),
			);
			expect(missing.code).toBe("certificate");
			const garbage = await transportError(
				listenQuic({
					cert: "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----",
					key: certificate.key,
					alpn: [ALPN],
				}),
			);
			expect(garbage.code).toBe("certificate");
			await expect(listenQuic({ cert: certificate.cert, key: certificate.key, alpn: [] })).rejects.toThrow(RangeError);
		});

		it("ends a session whose server forgot it at once, by Stateless Reset from a restarted server", async () => {
			const statelessResetKey = new Uint8Array(32).fill(7);
			const first = await server({ statelessResetKey });
			const relay = await UdpRelay.start({ host: "127.0.0.1", port: first.address.port });
			cleanups.push(() => relay.close());
			const client = track(
				await connectQuic({ host: "127.0.0.1", port: relay.port }, { alpn: [ALPN], insecure: true }),
			);
			// The "restarted" server has the same key but no state: it answers with a reset.
			const restarted = await server({ statelessResetKey });
			relay.target = { host: "127.0.0.1", port: restarted.address.port };
			const stream = await client.openUni();
			await stream.write(encoder.encode("anyone there?"));
			expect(await client.closed).toEqual({
				code: 0,
				reason: "stateless reset",
				remote: true,
				transportError: "transport-error",
			});
			expect(restarted.connectionCount).toBe(0);
		});

		it("ends both sessions by idle timeout when nothing is sent", async () => {
			const s = await server({ idleTimeout: 300 });
			const { client, server: session } = await connectPair(s, { idleTimeout: 300 });
			expect(await client.closed).toMatchObject({ remote: true, transportError: "idle-timeout" });
			expect(await session.closed).toMatchObject({ remote: true, transportError: "idle-timeout" });
		});
	});
});
