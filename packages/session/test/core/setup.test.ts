/**
 * Session setup: the setup messages of each draft, version negotiation (draft-14), setup
 * options and their rules, input before setup, and the setup timeout.
 */

import { type ControlMessage, TerminationCode, versionOfDraft } from "@moqt/wire";
import { describe, expect, it } from "vitest";
import { SessionCore, SessionError } from "../../src/core/index.js";
import { b, DRAFTS, ns, one, Pair, Peer } from "./pair.js";

function setupType(draft: number, role: "client" | "server"): "CLIENT_SETUP" | "SERVER_SETUP" | "SETUP" {
	if (draft >= 17) return "SETUP";
	return role === "client" ? "CLIENT_SETUP" : "SERVER_SETUP";
}

/** The peer's setup message, as the other role sends it. */
function peerSetup(draft: number, from: "client" | "server", extra: object = {}): ControlMessage {
	const type = setupType(draft, from);
	const base: Record<string, unknown> = { type, ...extra };
	if (draft === 14 && type === "CLIENT_SETUP" && !("supportedVersions" in extra)) {
		base.supportedVersions = [versionOfDraft(14)];
	}
	if (draft === 14 && type === "SERVER_SETUP" && !("selectedVersion" in extra))
		base.selectedVersion = versionOfDraft(14);
	if (draft <= 16 && !("maxRequestId" in extra)) base.maxRequestId = 100n;
	return base as unknown as ControlMessage;
}

describe.each(DRAFTS)("draft-%i setup", (draft) => {
	it("exchanges the setup messages and reports the peer's options", () => {
		const p = new Pair(draft, {
			noSetup: true,
			client: { implementation: "client/1", path: "/live?room=1", authority: "relay.example:4443" },
			server: { implementation: "server/2", maxAuthTokenCacheSize: 64n },
		});
		const clientFirst = p.client.pollTransmit();
		expect(clientFirst?.kind === "send" && clientFirst.message.type).toBe(setupType(draft, "client"));
		// From draft-17 both send SETUP at once; before, the server waits for CLIENT_SETUP.
		const serverFirst = p.server.pollTransmit();
		if (draft >= 17) expect(serverFirst?.kind === "send" && serverFirst.message.type).toBe("SETUP");
		else expect(serverFirst).toBeUndefined();
		// Put them back through the pair's normal path.
		const pair = new Pair(draft, {
			client: { implementation: "client/1", path: "/live?room=1", authority: "relay.example:4443" },
			server: { implementation: "server/2", maxAuthTokenCacheSize: 64n },
		});
		const atClient = one(pair.take("client"), "ready").peer;
		const atServer = one(pair.take("server"), "ready").peer;
		expect(atClient.implementation).toBe("server/2");
		expect(atClient.maxAuthTokenCacheSize).toBe(64n);
		expect(atServer.implementation).toBe("client/1");
		expect(atServer.path).toBe("/live?room=1");
		expect(atServer.authority).toBe("relay.example:4443");
		expect(atServer.maxAuthTokenCacheSize).toBe(0n);
		if (draft === 14) expect(atServer.version).toBe(versionOfDraft(14));
		if (draft <= 16) {
			// Each side grants the other maxIncomingRequests (100) Request IDs from its first one.
			expect(atClient.maxRequestId).toBe(200n);
			expect(atServer.maxRequestId).toBe(201n);
		} else {
			expect(atClient.maxRequestId).toBeUndefined();
		}
		expect(pair.sent.server).toEqual([]); // cleared by the pair after setup
		const fresh = new Pair(draft, { noSetup: true });
		fresh.drive();
		expect(fresh.sent.server.map((t) => (t.kind === "send" ? t.message.type : t.kind))).toEqual([
			setupType(draft, "server"),
		]);
	});

	it("reports unknown setup options and ignores them", () => {
		const peer = new Peer(draft, "server");
		peer.feed(0, peerSetup(draft, "client", { unknown: [{ type: 0x3cn, value: 9n }] }));
		expect(one(peer.events(), "ready").peer.unknown).toEqual([{ type: 0x3cn, value: 9n }]);
		expect(peer.closed()).toBeUndefined();
	});

	it("pipelines our requests with setup only where the draft allows it", () => {
		const p = new Pair(draft, { noSetup: true });
		const id = p.client.subscribe({ trackNamespace: ns("a"), trackName: b("t") }, 0);
		const kinds: string[] = [];
		for (let t = p.client.pollTransmit(); t !== undefined; t = p.client.pollTransmit()) {
			kinds.push(t.kind === "send" || t.kind === "open" ? t.message.type : t.kind);
			p.sent.client.push(t);
		}
		// drafts 14 and 16: the peer's MAX_REQUEST_ID is unknown until its setup, so the request waits.
		expect(kinds).toEqual(draft >= 17 ? ["SETUP", "SUBSCRIBE"] : ["CLIENT_SETUP"]);
		expect(p.client.stats().queued).toBe(draft >= 17 ? 0 : 1);
		const fresh = new Pair(draft, { noSetup: true });
		const id2 = fresh.client.subscribe({ trackNamespace: ns("a"), trackName: b("t") }, 0);
		expect(id2).toBe(id);
		fresh.drive();
		expect(one(fresh.take("server"), "request").requestId).toBe(id);
		expect(fresh.client.stats().queued).toBe(0);
	});

	it("closes when the first control message is not the setup message", () => {
		const peer = new Peer(draft, "server");
		peer.feed(0, {
			type: "GOAWAY",
			newSessionUri: "",
			...(draft >= 18 && { timeout: 0n }),
			...(draft === 18 && { requestId: 1n }),
		});
		expect(peer.closed()?.code).toBe(TerminationCode.PROTOCOL_VIOLATION);
		const client = new Peer(draft, "client");
		client.transmits();
		client.feed(0, peerSetup(draft, "client"));
		if (draft >= 17) expect(client.closed()).toBeUndefined();
		else expect(client.closed()?.code).toBe(TerminationCode.PROTOCOL_VIOLATION);
	});

	it("closes on a second setup message", () => {
		const peer = new Peer(draft, "server");
		peer.feed(0, peerSetup(draft, "client"));
		peer.transmits();
		peer.feed(0, peerSetup(draft, "client"));
		expect(peer.closed()?.code).toBe(TerminationCode.PROTOCOL_VIOLATION);
	});

	it("closes when a control stream ends", () => {
		const p = new Pair(draft);
		p.injectEvent("server", 0, { kind: "fin" });
		expect(one(p.take("server"), "closed")).toMatchObject({ code: TerminationCode.PROTOCOL_VIOLATION, remote: false });
		expect(one(p.take("client"), "closed")).toMatchObject({ code: TerminationCode.PROTOCOL_VIOLATION, remote: true });
		expect(p.server.state).toBe("closed");
	});

	it("closes with CONTROL_MESSAGE_TIMEOUT when the peer's setup does not come", () => {
		const peer = new Peer(draft, "client", { limits: { setupTimeout: 500 } });
		peer.transmits();
		expect(peer.core.pollTimeout()).toBe(500);
		peer.core.timeout(499);
		expect(peer.closed()).toBeUndefined();
		peer.core.timeout(500);
		expect(peer.closed()?.code).toBe(TerminationCode.CONTROL_MESSAGE_TIMEOUT);
		expect(one(peer.events(), "closed").remote).toBe(false);
	});

	it("lets the application refuse the peer's setup", () => {
		const p = new Pair(draft, {
			noSetup: true,
			client: { path: "/unknown" },
			checkClientSetup: (peer) =>
				peer.path === "/unknown" ? { code: TerminationCode.INVALID_PATH, reason: "no such path" } : undefined,
		});
		p.drive();
		expect(one(p.take("client"), "closed")).toMatchObject({ code: TerminationCode.INVALID_PATH, remote: true });
		// drafts 14 and 16: the server never answered with SERVER_SETUP.
		const types = p.sent.server.map((t) => (t.kind === "send" ? t.message.type : t.kind));
		expect(types).toEqual(draft >= 17 ? ["SETUP", "close"] : ["close"]);
	});

	describe("PATH and AUTHORITY", () => {
		it("are refused locally unless a client on native QUIC sends them", () => {
			expect(
				() => new SessionCore({ role: "server", draft, transport: "quic", setup: { path: "/x" }, now: 0 }),
			).toThrow(SessionError);
			expect(
				() =>
					new SessionCore({
						role: "client",
						draft,
						transport: "webtransport",
						setup: { authority: "a.example" },
						now: 0,
					}),
			).toThrow(SessionError);
			expect(() => new SessionCore({ role: "client", draft, transport: "quic", setup: { path: "x" }, now: 0 })).toThrow(
				/valid path/,
			);
		});

		it("close with INVALID_PATH from a server or over WebTransport, MALFORMED_PATH when malformed", () => {
			const client = new Peer(draft, "client");
			client.feed(0, peerSetup(draft, "server", { path: "/x" }));
			expect(client.closed()?.code).toBe(TerminationCode.INVALID_PATH);

			const wt = new Peer(draft, "server", { transport: "webtransport" });
			wt.feed(0, peerSetup(draft, "client", { path: "/x" }));
			expect(wt.closed()?.code).toBe(TerminationCode.INVALID_PATH);

			const bad = new Peer(draft, "server");
			bad.feed(0, peerSetup(draft, "client", { path: "no-leading-slash" }));
			expect(bad.closed()?.code).toBe(TerminationCode.MALFORMED_PATH);

			const pct = new Peer(draft, "server");
			pct.feed(0, peerSetup(draft, "client", { path: "/a%zz" }));
			expect(pct.closed()?.code).toBe(TerminationCode.MALFORMED_PATH);
		});

		it("close with INVALID_AUTHORITY / MALFORMED_AUTHORITY (draft-14: a misplaced one is the implementation)", () => {
			const client = new Peer(draft, "client");
			client.feed(0, peerSetup(draft, "server", { authority: "relay.example" }));
			const wt = new Peer(draft, "server", { transport: "webtransport" });
			wt.feed(0, peerSetup(draft, "client", { authority: "relay.example" }));
			const bad = new Peer(draft, "server");
			bad.feed(0, peerSetup(draft, "client", { authority: "relay example" }));
			if (draft === 14) {
				// draft-14's text gives MOQT_IMPLEMENTATION the type of AUTHORITY.
				expect(client.closed()).toBeUndefined();
				expect(one(client.events(), "ready").peer).toMatchObject({ implementation: "relay.example" });
				expect(wt.closed()).toBeUndefined();
				expect(bad.closed()).toBeUndefined();
				const badPeer = one(bad.events(), "ready").peer;
				expect(badPeer).toMatchObject({ implementation: "relay example" });
				expect(badPeer.authority).toBeUndefined();
			} else {
				expect(client.closed()?.code).toBe(TerminationCode.INVALID_AUTHORITY);
				expect(wt.closed()?.code).toBe(TerminationCode.INVALID_AUTHORITY);
				expect(bad.closed()?.code).toBe(TerminationCode.MALFORMED_AUTHORITY);
			}
			const empty = new Peer(draft, "server");
			empty.feed(0, peerSetup(draft, "client", { authority: ":443" }));
			if (draft === 14) expect(empty.closed()).toBeUndefined();
			else expect(empty.closed()?.code).toBe(TerminationCode.MALFORMED_AUTHORITY);
		});

		it("accept IPv6 literals, userinfo and ports", () => {
			const ok = new Peer(draft, "server");
			ok.feed(0, peerSetup(draft, "client", { authority: "user@[2001:db8::1]:443", path: "/a/b;c?d=e/f" }));
			expect(ok.closed()).toBeUndefined();
			expect(one(ok.events(), "ready").peer).toMatchObject({
				authority: "user@[2001:db8::1]:443",
				path: "/a/b;c?d=e/f",
			});
		});
	});
});

describe("draft-14 version negotiation", () => {
	it("the server picks draft-14 among the offered versions", () => {
		const p = new Pair(14, { noSetup: true, client: { supportedVersions: [0xff00000d, versionOfDraft(14)] } });
		p.drive();
		const serverSetup = p.sent.server.find((t) => t.kind === "send")!;
		expect(serverSetup.kind === "send" && serverSetup.message).toMatchObject({
			type: "SERVER_SETUP",
			selectedVersion: versionOfDraft(14),
		});
		expect(one(p.take("client"), "ready").peer.version).toBe(versionOfDraft(14));
	});

	it("a server offered no version it speaks closes with VERSION_NEGOTIATION_FAILED", () => {
		const peer = new Peer(14, "server");
		peer.feed(0, peerSetup(14, "client", { supportedVersions: [0xff00000d, 0xff00000f] }));
		const types = peer.transmits().map((t) => t.kind);
		expect(types).toEqual(["close"]);
		expect(one(peer.events(), "closed").code).toBe(TerminationCode.VERSION_NEGOTIATION_FAILED);
	});

	it("a client given a version it did not offer closes with VERSION_NEGOTIATION_FAILED", () => {
		const peer = new Peer(14, "client");
		peer.transmits();
		peer.feed(0, peerSetup(14, "server", { selectedVersion: 0xff00000d }));
		expect(peer.closed()?.code).toBe(TerminationCode.VERSION_NEGOTIATION_FAILED);
	});

	it("only a draft-14 client offers versions", () => {
		expect(
			() =>
				new SessionCore({ role: "client", draft: 16, transport: "quic", setup: { supportedVersions: [1] }, now: 0 }),
		).toThrow(SessionError);
		expect(
			() =>
				new SessionCore({ role: "server", draft: 14, transport: "quic", setup: { supportedVersions: [1] }, now: 0 }),
		).toThrow(SessionError);
	});
});

describe("draft-19 setup options", () => {
	it("MAX_REQUEST_UPDATES and MAX_FILTER_RANGES are exchanged", () => {
		const p = new Pair(19, { server: { maxRequestUpdates: 4n, maxFilterRanges: 8n } });
		expect(one(p.take("client"), "ready").peer).toMatchObject({ maxRequestUpdates: 4n, maxFilterRanges: 8n });
	});

	it("earlier drafts cannot send them", () => {
		for (const draft of [14, 16, 18] as const) {
			expect(
				() => new SessionCore({ role: "server", draft, transport: "quic", setup: { maxRequestUpdates: 1n }, now: 0 }),
			).toThrow(SessionError);
		}
	});
});

describe.each([16, 18, 19] as const)("draft-%i request streams before setup", (draft) => {
	const opener = (i: number): ControlMessage =>
		draft === 16
			? { type: "SUBSCRIBE_NAMESPACE", requestId: BigInt(2 * i), trackNamespacePrefix: ns(`a${i}`) }
			: { type: "SUBSCRIBE", requestId: BigInt(2 * i), trackNamespace: ns("a"), trackName: b(`t${i}`) };

	it("are buffered until the peer's setup, then processed in order", () => {
		const peer = new Peer(draft, "server");
		peer.transmits();
		const ch = peer.core.channelOpened(0);
		peer.feed(ch, opener(0));
		expect(peer.events()).toEqual([]);
		expect(peer.core.stats().buffered).toBe(1);
		peer.feed(0, peerSetup(draft, "client"));
		const events = peer.events();
		expect(events.map((e) => e.kind)).toEqual(["ready", "request"]);
		expect(peer.core.stats().buffered).toBe(0);
	});

	it("beyond the limit are reset", () => {
		const peer = new Peer(draft, "server", { limits: { maxBufferedRequests: 2 } });
		peer.transmits();
		const channels = [0, 1, 2].map(() => peer.core.channelOpened(0));
		channels.forEach((ch, i) => {
			peer.feed(ch, opener(i));
		});
		const code = draft >= 18 ? 0x9 : 0x0;
		expect(peer.transmits()).toEqual([
			{ kind: "reset", channel: channels[2], code },
			{ kind: "stop-sending", channel: channels[2], code },
		]);
		peer.feed(0, peerSetup(draft, "client"));
		expect(peer.events().filter((e) => e.kind === "request")).toHaveLength(2);
		// The refused stream's later data is ignored.
		peer.feed(channels[2]!, opener(4));
		expect(peer.events()).toEqual([]);
		expect(peer.closed()).toBeUndefined();
	});
});
