/**
 * Authorization tokens and the alias caches: resolution for the application, size accounting
 * (16 + the value's length), AUTH_TOKEN_CACHE_OVERFLOW, DUPLICATE_AUTH_TOKEN_ALIAS,
 * UNKNOWN_AUTH_TOKEN_ALIAS, the setup rules, and what our commands may send.
 */

import { type AuthorizationToken, TerminationCode, TokenAliasType } from "@moqt/wire";
import { describe, expect, it } from "vitest";
import { SessionError } from "../../src/core/index.js";
import { b, DRAFTS, ns, one, Pair, Peer } from "./pair.js";

const register = (alias: bigint, value: string): AuthorizationToken => ({
	aliasType: TokenAliasType.REGISTER,
	alias,
	tokenType: 7n,
	value: b(value),
});
const useAlias = (alias: bigint): AuthorizationToken => ({ aliasType: TokenAliasType.USE_ALIAS, alias });
const remove = (alias: bigint): AuthorizationToken => ({ aliasType: TokenAliasType.DELETE, alias });
const useValue = (value: string): AuthorizationToken => ({
	aliasType: TokenAliasType.USE_VALUE,
	tokenType: 9n,
	value: b(value),
});

describe.each(DRAFTS)("draft-%i authorization tokens", (draft) => {
	let next = 0n;
	function server(cache: bigint): Peer {
		next = 0n;
		return new Peer(draft, "server", { setup: { maxAuthTokenCacheSize: cache } }).completeSetup();
	}
	function request(peer: Peer, tokens: AuthorizationToken[]): void {
		const requestId = next;
		next += 2n;
		peer.feed(peer.requestChannel(), {
			type: "SUBSCRIBE",
			requestId,
			trackNamespace: ns("t"),
			trackName: b(`n${requestId}`),
			authorizationTokens: tokens,
		});
	}

	it("are resolved for the application, aliases included", () => {
		const peer = server(100n);
		request(peer, [register(1n, "secret"), useValue("plain")]);
		expect(one(peer.events(), "request").authorizationTokens).toEqual([
			{ tokenType: 7n, value: b("secret"), alias: 1n },
			{ tokenType: 9n, value: b("plain") },
		]);
		request(peer, [useAlias(1n)]);
		expect(one(peer.events(), "request").authorizationTokens).toEqual([
			{ tokenType: 7n, value: b("secret"), alias: 1n },
		]);
		expect(peer.core.stats().tokenCacheBytes.peer).toBe(16n + 6n);
	});

	it("count 16 bytes plus the value against the cache, and overflow closes the session", () => {
		const peer = server(16n + 4n);
		request(peer, [register(1n, "abcd")]);
		expect(peer.closed()).toBeUndefined();
		request(peer, [remove(1n), register(2n, "wxyz")]);
		expect(peer.closed()).toBeUndefined();
		expect(peer.core.stats().tokenCacheBytes.peer).toBe(20n);
		request(peer, [register(3n, "")]);
		expect(peer.closed()?.code).toBe(TerminationCode.AUTH_TOKEN_CACHE_OVERFLOW);
	});

	it("are not aliased at all with the default cache size of 0", () => {
		const peer = server(0n);
		request(peer, [register(1n, "")]);
		expect(peer.closed()?.code).toBe(TerminationCode.AUTH_TOKEN_CACHE_OVERFLOW);
	});

	it("close the session on a duplicate alias", () => {
		const peer = server(100n);
		request(peer, [register(1n, "a")]);
		request(peer, [register(1n, "b")]);
		expect(peer.closed()?.code).toBe(TerminationCode.DUPLICATE_AUTH_TOKEN_ALIAS);
	});

	it("close the session on an unknown alias, used or deleted", () => {
		const use = server(100n);
		request(use, [useAlias(4n)]);
		expect(use.closed()?.code).toBe(TerminationCode.UNKNOWN_AUTH_TOKEN_ALIAS);
		const del = server(100n);
		request(del, [register(1n, "a"), remove(1n)]);
		request(del, [remove(1n)]);
		expect(del.closed()?.code).toBe(TerminationCode.UNKNOWN_AUTH_TOKEN_ALIAS);
	});

	it("are registered even when the request is refused", () => {
		const peer = new Peer(draft, "server", {
			setup: { maxAuthTokenCacheSize: 100n },
			limits: { maxSubscriptions: 0 },
		}).completeSetup();
		next = 0n;
		request(peer, [register(1n, "a")]);
		expect(peer.events()).toEqual([]); // refused: too many subscriptions
		request(peer, [useAlias(1n)]);
		expect(peer.closed()).toBeUndefined();
		expect(peer.core.stats().tokenCacheBytes.peer).toBe(17n);
	});

	it("in setup: a REGISTER that does not fit is used as a value", () => {
		const peer = new Peer(draft, "server", { setup: { maxAuthTokenCacheSize: 20n } });
		peer.completeSetup({ authorizationTokens: [register(1n, "long value"), register(2n, "ab")] });
		expect(peer.closed()).toBeUndefined();
		expect(peer.core.peer?.authorizationTokens).toEqual([
			{ tokenType: 7n, value: b("long value") },
			{ tokenType: 7n, value: b("ab"), alias: 2n },
		]);
		next = 0n;
		request(peer, [useAlias(1n)]);
		expect(peer.closed()?.code).toBe(TerminationCode.UNKNOWN_AUTH_TOKEN_ALIAS);
	});

	it("in setup: DELETE and USE_ALIAS at a server are a PROTOCOL_VIOLATION from draft-16", () => {
		for (const token of [useAlias(1n), remove(1n)]) {
			const peer = new Peer(draft, "server", { setup: { maxAuthTokenCacheSize: 100n } });
			peer.completeSetup({ authorizationTokens: [register(1n, "a"), token] });
			// draft-14 has no such rule: the alias was registered just before, so it resolves.
			if (draft === 14) expect(peer.core.state).toBe("ready");
			else expect(peer.core.closeInfo?.code).toBe(TerminationCode.PROTOCOL_VIOLATION);
		}
	});

	describe("that we send", () => {
		function pair(serverCache: bigint, clientTokens?: AuthorizationToken[]) {
			const p = new Pair(draft, {
				server: { maxAuthTokenCacheSize: serverCache },
				...(clientTokens !== undefined && { client: { authorizationTokens: clientTokens } }),
			});
			p.take("client");
			p.take("server");
			return p;
		}
		const sub = (p: Pair, name: string, tokens: AuthorizationToken[]) =>
			p.client.subscribe({ trackNamespace: ns("t"), trackName: b(name), authorizationTokens: tokens }, p.now);

		it("may not register beyond the peer's cache, nor reuse or invent aliases", () => {
			const p = pair(16n + 3n);
			expect(() => sub(p, "a", [register(1n, "abcd")])).toThrow(expect.objectContaining({ code: "limit" }));
			sub(p, "a", [register(1n, "abc")]);
			expect(() => sub(p, "b", [register(1n, "x")])).toThrow(SessionError);
			expect(() => sub(p, "b", [useAlias(2n)])).toThrow(SessionError);
			expect(p.client.stats()).toMatchObject({ requests: 1, tokenCacheBytes: { own: 19n } });
			p.drive();
			expect(p.server.state).toBe("ready");
			expect(p.server.stats().tokenCacheBytes.peer).toBe(19n);
		});

		it("may delete an alias once its uses are answered, and register it again", () => {
			const p = pair(100n);
			const registered = sub(p, "a", [register(1n, "abc")]);
			p.drive();
			p.server.respond(registered, { kind: "subscribe-ok" }, p.now);
			p.drive();
			const used = sub(p, "b", [useAlias(1n)]);
			p.drive();
			expect(() => sub(p, "c", [remove(1n)])).toThrow(/unanswered/);
			p.server.respond(used, { kind: "error", code: 0x1 }, p.now);
			p.drive();
			sub(p, "c", [remove(1n), register(1n, "new")]);
			p.drive();
			expect(p.server.state).toBe("ready");
			expect(p.server.stats().tokenCacheBytes.peer).toBe(19n);
		});

		it("before the peer's setup cannot register (its cache size is unknown)", () => {
			const p = new Pair(draft, { noSetup: true });
			expect(() =>
				p.client.subscribe({ trackNamespace: ns("t"), trackName: b("a"), authorizationTokens: [register(1n, "a")] }, 0),
			).toThrow(/not known/);
		});

		it("in setup are kept as far as the peer's cache takes them", () => {
			const p = pair(16n + 10n, [register(1n, "0123456789"), register(2n, "x")]);
			expect(p.server.peer?.authorizationTokens.map((t) => t.alias)).toEqual([1n, undefined]);
			expect(() => sub(p, "a", [useAlias(2n)])).toThrow(SessionError);
			sub(p, "a", [useAlias(1n)]);
			p.drive();
			expect(one(p.take("server"), "request").authorizationTokens).toEqual([
				{ tokenType: 7n, value: b("0123456789"), alias: 1n },
			]);
		});

		if (draft >= 18) {
			it("are not used on another stream before the REGISTER is answered", () => {
				const p = pair(100n);
				const first = sub(p, "a", [register(1n, "abc")]);
				expect(() => sub(p, "b", [useAlias(1n)])).toThrow(/not confirmed/);
				p.drive();
				p.server.respond(first, { kind: "subscribe-ok" }, p.now);
				p.drive();
				expect(() => sub(p, "b", [useAlias(1n)])).not.toThrow();
			});
		}
	});
});
