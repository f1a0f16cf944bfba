/**
 * Session setup over the in-memory transport, both roles, every draft: the draft from the
 * negotiated protocol, the setup messages on the draft's control streams, draft-14's version
 * negotiation on `moq-00`, setup failures, the setup timeout and an aborted setup.
 */

import { createMemoryPair } from "@moqt/transport";
import { TerminationCode, TokenAliasType } from "@moqt/wire";
import { afterEach, describe, expect, it, vi } from "vitest";
import { establishSession, IMPLEMENTATION, type MoqtSession, SessionError } from "../../src/index.js";
import { b, closeBoth, connect, DRAFTS, protocolOf } from "./helpers.js";

afterEach(() => {
	vi.useRealTimers();
});

describe.each(DRAFTS)("draft-%i setup", (draft) => {
	it("establishes both roles with the draft of the negotiated protocol", async () => {
		const p = await connect(draft, {
			client: { setup: { implementation: "test-client" } },
		});
		expect([p.client.draft, p.server.draft]).toEqual([draft, draft]);
		expect([p.client.role, p.server.role]).toEqual(["client", "server"]);
		expect(p.server.peerSetup.implementation).toBe("test-client");
		expect(p.client.peerSetup.implementation).toBe(IMPLEMENTATION);
		expect(IMPLEMENTATION).toMatch(/^moqt-ts\/\d+\.\d+\.\d+/);
		if (draft === 14) expect(p.client.peerSetup.version).toBe(0xff00000e);
		await closeBoth(p);
	});

	it("carries PATH and AUTHORITY on raw QUIC, and tokens, to the peer's checks", async () => {
		const token = { aliasType: TokenAliasType.USE_VALUE, tokenType: 7n, value: b("secret") } as const;
		const p = await connect(draft, {
			client: {
				transportMode: "quic",
				setup: { path: "/moq?room=1", authority: "relay.test:443", authorizationTokens: [token] },
			},
			server: {
				transportMode: "quic",
				checkPeerSetup: (peer) =>
					peer.path === "/moq?room=1" ? undefined : { code: TerminationCode.INVALID_PATH, reason: "unknown path" },
			},
		});
		expect(p.server.peerSetup).toMatchObject({ path: "/moq?room=1", authority: "relay.test:443" });
		expect(p.server.peerSetup.authorizationTokens).toEqual([{ tokenType: 7n, value: b("secret") }]);
		await closeBoth(p);
		// PATH is for raw QUIC only: the session refuses to send it over WebTransport.
		const [ct] = createMemoryPair({ protocol: protocolOf(draft) });
		await expect(establishSession(ct, { role: "client", setup: { path: "/x" } })).rejects.toSatisfy(
			(e) => e instanceof SessionError && e.code === "invalid-argument",
		);
		expect(await ct.closed).toMatchObject({ code: TerminationCode.INTERNAL_ERROR });
	});

	it("closes the transport and rejects when the transport speaks no accepted draft", async () => {
		const [ct] = createMemoryPair({ protocol: "moqt-99" });
		await expect(establishSession(ct, { role: "client" })).rejects.toSatisfy(
			(e) => e instanceof SessionError && e.code === "unsupported",
		);
		expect(await ct.closed).toMatchObject({ code: TerminationCode.VERSION_NEGOTIATION_FAILED, remote: false });
		const [other] = createMemoryPair({ protocol: protocolOf(draft) });
		const accepted = DRAFTS.filter((d) => d !== draft);
		await expect(establishSession(other, { role: "client", drafts: accepted })).rejects.toThrow(SessionError);
	});

	it("takes the draft from the options when the transport negotiated no protocol", async () => {
		const [ct, st] = createMemoryPair();
		const [client, server] = await Promise.all([
			establishSession(ct, { role: "client", draft }),
			establishSession(st, { role: "server", draft }),
		]);
		expect(client.draft).toBe(draft);
		await expect(establishSession(createMemoryPair()[0], { role: "client" })).rejects.toSatisfy(
			(e) => e instanceof SessionError && e.code === "invalid-argument",
		);
		await client.close();
		await server.closed;
	});

	it("fails setup when the peer refuses it, with the peer's code", async () => {
		const [ct, st] = createMemoryPair({ protocol: protocolOf(draft) });
		const [client, server] = await Promise.allSettled([
			establishSession(ct, { role: "client", setup: { implementation: "intruder" } }),
			establishSession(st, {
				role: "server",
				checkPeerSetup: (peer) =>
					peer.implementation === "intruder" ? { code: TerminationCode.UNAUTHORIZED, reason: "go away" } : undefined,
			}),
		]);
		const unauthorized = (e: unknown) =>
			e instanceof SessionError && e.terminationCode === TerminationCode.UNAUTHORIZED;
		expect(server.status === "rejected" && unauthorized(server.reason)).toBe(true);
		if (draft <= 16) {
			// The server answers CLIENT_SETUP: the client is not set up before the server decides.
			expect(client.status === "rejected" && unauthorized(client.reason)).toBe(true);
		} else {
			// Both SETUPs cross: the client is set up, then the server closes the session.
			expect(client.status).toBe("fulfilled");
			const session = (client as PromiseFulfilledResult<MoqtSession>).value;
			expect(await session.closed).toEqual({ code: TerminationCode.UNAUTHORIZED, reason: "go away", remote: true });
		}
		expect(await ct.closed).toMatchObject({ code: TerminationCode.UNAUTHORIZED, reason: "go away", remote: true });
	});

	it("closes with CONTROL_MESSAGE_TIMEOUT when the peer's setup does not come in time", async () => {
		vi.useFakeTimers();
		const [ct, st] = createMemoryPair({ protocol: protocolOf(draft) });
		const establishing = establishSession(ct, { role: "client", setupTimeout: 1000 });
		const outcome = establishing.then(
			() => "established",
			(e: unknown) => e,
		);
		await vi.advanceTimersByTimeAsync(999);
		expect(ct.protocol).toBe(protocolOf(draft));
		await vi.advanceTimersByTimeAsync(1);
		const error = await outcome;
		expect(error instanceof SessionError && error.terminationCode).toBe(TerminationCode.CONTROL_MESSAGE_TIMEOUT);
		expect(await st.closed).toMatchObject({ code: TerminationCode.CONTROL_MESSAGE_TIMEOUT, remote: true });
	});

	it("rejects with the abort reason and closes the transport when setup is aborted", async () => {
		const [ct] = createMemoryPair({ protocol: protocolOf(draft) });
		const controller = new AbortController();
		const establishing = establishSession(ct, { role: "client", signal: controller.signal });
		const reason = new Error("changed my mind");
		controller.abort(reason);
		await expect(establishing).rejects.toBe(reason);
		expect(await ct.closed).toMatchObject({ code: TerminationCode.NO_ERROR, remote: false });
		const already = AbortSignal.abort(reason);
		await expect(establishSession(createMemoryPair()[0], { role: "client", draft, signal: already })).rejects.toBe(
			reason,
		);
	});
});

describe("draft-14 version negotiation on moq-00", () => {
	it("agrees on draft-14 when the client offers it among others", async () => {
		const p = await connect(14, { client: { setup: { supportedVersions: [0xff00000d, 0xff00000e] } } });
		expect(p.client.peerSetup.version).toBe(0xff00000e);
		expect(p.server.peerSetup.version).toBe(0xff00000e);
		await closeBoth(p);
	});

	it("fails with VERSION_NEGOTIATION_FAILED when the client offers no version the server speaks", async () => {
		const [ct, st] = createMemoryPair({ protocol: "moq-00" });
		const results = await Promise.allSettled([
			establishSession(ct, { role: "client", setup: { supportedVersions: [0xff00000d] } }),
			establishSession(st, { role: "server" }),
		]);
		for (const r of results) {
			const error = (r as PromiseRejectedResult).reason;
			expect(error instanceof SessionError && error.terminationCode).toBe(TerminationCode.VERSION_NEGOTIATION_FAILED);
		}
	});
});
