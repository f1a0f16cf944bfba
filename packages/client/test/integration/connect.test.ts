/**
 * How `connect` picks and opens transports in Node.js, on loopback: "auto" (raw QUIC for
 * `moqt://`, HTTP/3 for `https://`), the HTTP/2 fallback, `moqt://` over WebTransport, the
 * certificate checks, the timeout and the abort, and the options a transport cannot honour.
 */

import { establishSession } from "@moqt/session";
import { generateCertificate } from "@moqt/transport/cert";
import { listenQuic } from "@moqt/transport/quic";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, TransportError } from "../../src/index.js";
import { startServer, type TestServer } from "./test-server.js";

let quic: TestServer;
let h3: TestServer;
let h2: TestServer;

beforeAll(async () => {
	[quic, h3, h2] = await Promise.all([
		startServer("quic"),
		startServer("webtransport-h3"),
		startServer("webtransport-h2"),
	]);
});

afterAll(async () => {
	await Promise.all([quic.close(), h3.close(), h2.close()]);
});

describe("auto", () => {
	it("takes raw QUIC for moqt:// and HTTP/3 for https://, offering every draft", async () => {
		{
			await using session = await connect(`moqt://127.0.0.1:${quic.port}/`, {
				certificateHashes: [quic.certificate.sha256],
			});
			expect(session.transport).toBe("quic");
			expect(session.draft).toBe(19);
		}
		await using session = await connect(`https://127.0.0.1:${h3.port}/`, {
			certificateHashes: [h3.certificate.sha256],
		});
		expect(session.transport).toBe("webtransport-h3");
		expect(session.draft).toBe(19);
	});

	it("falls back to HTTP/2 when asked and HTTP/3 fails", async () => {
		await using session = await connect(`https://127.0.0.1:${h2.port}/moq`, {
			certificateHashes: [h2.certificate.sha256],
			fallback: true,
			timeout: 10_000,
		});
		expect(session.transport).toBe("webtransport-h2");
	});

	it("dereferences moqt:// over WebTransport when told to, with the same path", async () => {
		const served = h3.nextSession();
		await using session = await connect(`moqt://127.0.0.1:${h3.port}/moq`, {
			transport: "webtransport-h3",
			certificateHashes: [h3.certificate.sha256],
		});
		expect(session.transport).toBe("webtransport-h3");
		// WebTransport carries no PATH setup option; the path is the CONNECT request's.
		expect((await served).session.peerSetup.path).toBeUndefined();
	});
});

describe("certificates", () => {
	it("refuses a server whose certificate does not match the hash", async () => {
		const other = generateCertificate();
		const error = await connect(`moqt://127.0.0.1:${quic.port}/`, { certificateHashes: [other.sha256] }).catch(
			(e: unknown) => e,
		);
		expect(TransportError.isInstance(error) && error.code).toBe("certificate");
	});

	it("trusts a CA given as PEM, and anything when insecure", async () => {
		{
			await using session = await connect(`moqt://localhost:${quic.port}/`, { ca: quic.certificate.cert });
			expect(session.draft).toBe(19);
		}
		await using session = await connect(`https://127.0.0.1:${h3.port}/`, { insecure: true });
		expect(session.transport).toBe("webtransport-h3");
	});

	it("cannot give HTTP/2 a CA or insecure: only hashes", async () => {
		await expect(
			connect(`https://127.0.0.1:${h2.port}/`, { transport: "webtransport-h2", ca: h2.certificate.cert }),
		).rejects.toBeInstanceOf(TypeError);
		await expect(
			connect(`https://127.0.0.1:${h2.port}/`, { transport: "webtransport-h2", insecure: true }),
		).rejects.toBeInstanceOf(TypeError);
	});
});

describe("ending an attempt", () => {
	it("times out when the server never answers the setup", async () => {
		const certificate = generateCertificate();
		const silent = await listenQuic({
			host: "127.0.0.1",
			port: 0,
			cert: certificate.cert,
			key: certificate.key,
			alpn: ["moqt-19"],
		});
		const held: { close(): void }[] = [];
		void (async () => {
			for await (const request of silent.requests) held.push(await request.accept());
		})();
		try {
			const error = await connect(`moqt://127.0.0.1:${silent.address.port}/`, {
				certificateHashes: [certificate.sha256],
				timeout: 300,
			}).catch((e: unknown) => e);
			expect(error).toMatchObject({ name: "TimeoutError" });
		} finally {
			for (const session of held) session.close();
			await silent.close();
		}
	});

	it("rejects with the reason of an aborted signal", async () => {
		const reason = new Error("changed my mind");
		const controller = new AbortController();
		controller.abort(reason);
		await expect(
			connect(`moqt://127.0.0.1:${quic.port}/`, {
				certificateHashes: [quic.certificate.sha256],
				signal: controller.signal,
			}),
		).rejects.toBe(reason);
	});

	it("has no global WebTransport in Node.js", async () => {
		const error = await connect(`https://127.0.0.1:${h3.port}/`, { transport: "webtransport" }).catch(
			(e: unknown) => e,
		);
		expect(TransportError.isInstance(error) && error.code).toBe("unavailable");
	});

	it("refuses URLs of other schemes", async () => {
		await expect(connect("http://127.0.0.1/")).rejects.toBeInstanceOf(TypeError);
	});
});

describe("a server speaking draft-14 only", () => {
	it("is reached through moq-00 and the SETUP negotiation", async () => {
		const certificate = generateCertificate();
		const server = await listenQuic({
			host: "127.0.0.1",
			port: 0,
			cert: certificate.cert,
			key: certificate.key,
			alpn: ["moq-00"],
		});
		void (async () => {
			for await (const request of server.requests) {
				void establishSession(await request.accept(), { role: "server" }).catch(() => undefined);
			}
		})();
		try {
			await using session = await connect(`moqt://127.0.0.1:${server.address.port}/`, {
				certificateHashes: [certificate.sha256],
			});
			expect(session.draft).toBe(14);
		} finally {
			await server.close();
		}
	});
});
