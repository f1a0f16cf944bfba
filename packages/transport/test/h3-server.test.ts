/**
 * The HTTP/3 WebTransport server and client beyond the conformance suite: one UDP port serving raw
 * QUIC MoQT and HTTP/3 by ALPN (RFC 7301 §3.2), the server's refusals (404 path, 403 origin,
 * 503/429 limits, any status the application picks; draft-ietf-webtrans-http3 §"Creating a New
 * Session"), protocol negotiation (§"Application Protocol Negotiation"), the server's close
 * reaching clients (§"Session Termination"), and the client's certificate checks.
 */

import { afterEach, describe, expect, it } from "vitest";
import { generateCertificate } from "../src/cert/certificate.js";
import { TransportError } from "../src/errors.js";
import { connectH3, type H3ClientOptions, listenH3, listenMoqt } from "../src/h3/index.js";
import { connectQuic } from "../src/quic/index.js";
import type { SessionRequest, TransportServer, TransportSession } from "../src/types.js";

const certificate = generateCertificate();
const encoder = new TextEncoder();
const decoder = new TextDecoder();

const servers: TransportServer[] = [];
const clients: TransportSession[] = [];

afterEach(async () => {
	for (const client of clients.splice(0)) client.close();
	await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(options: Partial<Parameters<typeof listenH3>[0]> = {}): Promise<TransportServer> {
	const server = await listenH3({ host: "127.0.0.1", cert: certificate.cert, key: certificate.key, ...options });
	servers.push(server);
	return server;
}

async function connect(server: TransportServer, path = "/moq", options: H3ClientOptions = {}) {
	const session = await connectH3(`https://127.0.0.1:${server.address.port}${path}`, {
		certificateHashes: [certificate.sha256],
		...options,
	});
	clients.push(session);
	return session;
}

async function nextRequest(server: TransportServer): Promise<SessionRequest> {
	const { value, done } = await server.requests[Symbol.asyncIterator]().next();
	if (done) throw new Error("the server closed");
	return value;
}

/** What a failed promise failed with. */
async function failure(promise: Promise<unknown>): Promise<unknown> {
	return promise.then(
		() => new Error("it succeeded"),
		(error: unknown) => error,
	);
}

async function echoOnce(session: TransportSession): Promise<void> {
	const { value: stream } = await session.incomingBidi[Symbol.asyncIterator]().next();
	if (!stream) throw new Error("no stream");
	for await (const chunk of stream.readable) await stream.writable.write(chunk);
	await stream.writable.finish();
}

async function ask(session: TransportSession, text: string): Promise<string> {
	const stream = await session.openBidi();
	await stream.writable.write(encoder.encode(text));
	await stream.writable.finish();
	let reply = "";
	for await (const chunk of stream.readable) reply += decoder.decode(chunk);
	return reply;
}

describe("listenMoqt: raw QUIC and HTTP/3 on one UDP port", () => {
	it("serves a raw QUIC client and an HTTP/3 client on the same port, each by its ALPN", async () => {
		const server = await listenMoqt({
			host: "127.0.0.1",
			cert: certificate.cert,
			key: certificate.key,
			alpn: ["moqt-19", "moq-00"],
			h3: { protocols: ["moqt-19"] },
		});
		servers.push(server);
		const port = server.address.port;
		const raw = await connectQuic(
			{ host: "127.0.0.1", port },
			{ alpn: ["moqt-19"], certificateHashes: [certificate.sha256] },
		);
		clients.push(raw);
		const rawRequest = await nextRequest(server);
		expect(rawRequest).toMatchObject({ kind: "quic", protocols: ["moqt-19"] });
		const rawSession = await rawRequest.accept();

		const connecting = connectH3(`https://127.0.0.1:${port}/moq`, {
			certificateHashes: [certificate.sha256],
			protocols: ["moqt-19"],
		});
		const wtRequest = await nextRequest(server);
		expect(wtRequest).toMatchObject({ kind: "webtransport-h3", path: "/moq", protocols: ["moqt-19"] });
		const wtSession = await wtRequest.accept();
		const wt = await connecting;
		clients.push(wt);

		expect([raw.protocol, rawSession.protocol]).toEqual(["moqt-19", "moqt-19"]);
		expect([wt.kind, wt.protocol, wtSession.protocol]).toEqual(["webtransport-h3", "moqt-19", "moqt-19"]);
		const [rawReply, wtReply] = await Promise.all([
			ask(raw, "over raw QUIC"),
			ask(wt, "over HTTP/3"),
			echoOnce(rawSession),
			echoOnce(wtSession),
		]);
		expect([rawReply, wtReply]).toEqual(["over raw QUIC", "over HTTP/3"]);
	});

	it("prefers the raw MoQT ALPNs when a client offers them along with h3", async () => {
		const server = await listenMoqt({
			host: "127.0.0.1",
			cert: certificate.cert,
			key: certificate.key,
			alpn: ["moq-00"],
			h3: true,
		});
		servers.push(server);
		const raw = await connectQuic(
			{ host: "127.0.0.1", port: server.address.port },
			{ alpn: ["h3", "moq-00"], certificateHashes: [certificate.sha256] },
		);
		clients.push(raw);
		expect(raw.protocol).toBe("moq-00");
		expect(await nextRequest(server)).toMatchObject({ kind: "quic", protocols: ["moq-00"] });
	});
});

describe("listenH3 refusals", () => {
	it("answers 404 for a path it does not serve, without asking the application", async () => {
		const server = await serve({ paths: ["/moq"] });
		const refused = await failure(connect(server, "/other"));
		expect(TransportError.isInstance(refused) && refused.message).toMatch(/404/);
		// The first request the application sees is the next good one, query and all.
		const connecting = connect(server, "/moq?room=1");
		const request = await nextRequest(server);
		expect(request).toMatchObject({ path: "/moq?room=1", url: `https://127.0.0.1:${server.address.port}/moq?room=1` });
		request.reject(410);
		const gone = await failure(connecting);
		expect(TransportError.isInstance(gone) && gone.message).toMatch(/410/);
	});

	it("answers 403 to a disallowed origin and lets an allowed one through", async () => {
		const server = await serve({ origins: ["https://moq.example"] });
		const refused = await failure(connect(server, "/moq", { origin: "https://evil.example" }));
		expect(TransportError.isInstance(refused) && refused.message).toMatch(/403/);
		const connecting = connect(server, "/moq", { origin: "https://moq.example" });
		const request = await nextRequest(server);
		expect(request.origin).toBe("https://moq.example");
		await request.accept();
		expect((await connecting).kind).toBe("webtransport-h3");
	});

	it("answers 503 beyond maxSessions, and frees the slot when a session ends", async () => {
		const server = await serve({ maxSessions: 1 });
		const connecting = connect(server);
		const first = await (await nextRequest(server)).accept();
		await connecting;
		const refused = await failure(connect(server));
		expect(TransportError.isInstance(refused) && refused.message).toMatch(/503/);
		first.close();
		await first.closed;
		const again = connect(server);
		await (await nextRequest(server)).accept();
		expect((await again).kind).toBe("webtransport-h3");
	});

	it("answers 429 while maxPendingRequests requests wait for the application", async () => {
		const server = await serve({ maxPendingRequests: 1 });
		const waiting = connect(server);
		// The first request waits in the queue, untaken: the second finds it full.
		const refused = await failure(connect(server));
		expect(TransportError.isInstance(refused) && refused.message).toMatch(/429/);
		(await nextRequest(server)).reject(451);
		const rejected = await failure(waiting);
		expect(TransportError.isInstance(rejected) && rejected.message).toMatch(/451/);
	});

	it("rejects statuses below 300 and answers each request once", async () => {
		const server = await serve();
		const connecting = connect(server);
		const request = await nextRequest(server);
		expect(() => request.reject(200)).toThrow(RangeError);
		await request.accept();
		await expect(request.accept()).rejects.toMatchObject({ code: "invalid-state" });
		await connecting;
	});
});

describe("listenH3 protocols and close", () => {
	it("accept() picks the server's most preferred protocol the client offers", async () => {
		const server = await serve({ protocols: ["moqt-20", "moqt-19", "moqt-18"] });
		const connecting = connect(server, "/moq", { protocols: ["moqt-18", "moqt-19"] });
		const request = await nextRequest(server);
		expect(request.protocols).toEqual(["moqt-18", "moqt-19"]);
		await expect(request.accept({ protocol: "moqt-20" })).rejects.toMatchObject({ code: "protocol" });
		const session = await request.accept();
		expect(session.protocol).toBe("moqt-19");
		expect((await connecting).protocol).toBe("moqt-19");
	});

	it("accepts without a protocol when none was offered", async () => {
		const server = await serve({ protocols: ["moqt-19"] });
		const connecting = connect(server);
		const session = await (await nextRequest(server)).accept();
		expect([session.protocol, (await connecting).protocol]).toEqual([undefined, undefined]);
	});

	it("server.close() closes every session with its code and reason", async () => {
		const server = await serve();
		const connecting = [connect(server), connect(server)];
		for (let i = 0; i < 2; i++) await (await nextRequest(server)).accept();
		const sessions = await Promise.all(connecting);
		await server.close({ code: 0x1234, reason: "maintenance" });
		for (const session of sessions) {
			expect(await session.closed).toEqual({ code: 0x1234, reason: "maintenance", remote: true });
		}
	});

	it("an aborted connectH3 rejects with the signal's reason, and the request learns the client left", async () => {
		const server = await serve();
		const controller = new AbortController();
		const connecting = connect(server, "/moq", { signal: controller.signal });
		const request = await nextRequest(server);
		controller.abort(new Error("changed my mind"));
		expect(await failure(connecting)).toMatchObject({ message: "changed my mind" });
		// Depending on whether the connection's close has arrived yet, accept() fails, or the
		// session it gives ends at once: either way, not cleanly.
		const outcome = await request.accept().then(
			(session) => session.closed,
			(error: unknown) => error,
		);
		if (TransportError.isInstance(outcome)) expect(outcome.code).toBe("closed");
		else expect(outcome).toMatchObject({ remote: true, transportError: "transport-error" });
	});
});

describe("connectH3 certificate checks", () => {
	it("verifies the server against a CA and the host name", async () => {
		const server = await serve();
		const connecting = connect(server, "/moq", {
			certificateHashes: [],
			ca: certificate.cert,
			serverName: "localhost",
		});
		await (await nextRequest(server)).accept();
		expect((await connecting).kind).toBe("webtransport-h3");
	});

	it("skips every check when told to (insecure)", async () => {
		const server = await serve();
		const connecting = connect(server, "/moq", { certificateHashes: [], insecure: true });
		await (await nextRequest(server)).accept();
		expect((await connecting).kind).toBe("webtransport-h3");
	});

	it("refuses a server whose certificate hash was not pinned", async () => {
		const server = await serve();
		const other = generateCertificate();
		const refused = await failure(connect(server, "/moq", { certificateHashes: [other.sha256] }));
		expect(refused).toMatchObject({ code: "certificate" });
	});

	it("takes only https:// URLs", async () => {
		await expect(connectH3("http://127.0.0.1:1/moq")).rejects.toMatchObject({ code: "connect-failed" });
	});
});
