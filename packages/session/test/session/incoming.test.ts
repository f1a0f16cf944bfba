/**
 * Where the peer's requests go: the handler for their type, else the `incoming` iterable while it
 * is read, else the draft's default answer; handler failures; answering a request the peer
 * cancelled.
 */

import { PublishErrorCode, RequestErrorCode, SubscribeErrorCode, TokenAliasType } from "@moqt/wire";
import { describe, expect, it, vi } from "vitest";
import { type IncomingRequest, RequestError } from "../../src/index.js";
import { b, closeBoth, connect, DRAFTS, ns, settle } from "./helpers.js";

const NS = ns("a");

describe.each(DRAFTS)("draft-%i incoming requests", (draft) => {
	const notFound = draft === 14 ? SubscribeErrorCode.TRACK_DOES_NOT_EXIST : RequestErrorCode[draft].DOES_NOT_EXIST;

	it("go to the handler of their type when there is one", async () => {
		const p = await connect(draft);
		const kinds: string[] = [];
		p.server.handlers = {
			onSubscribe: (req) => {
				kinds.push(req.kind);
				req.accept();
			},
			onTrackStatus: (req) => {
				kinds.push(req.kind);
				req.accept({ parameters: { largestObject: { group: 1n, object: 1n } } });
			},
		};
		await p.client.subscribe(NS, b("x"));
		const status = await p.client.trackStatus(NS, b("x"));
		expect(status.largest).toEqual({ group: 1n, object: 1n });
		expect(kinds).toEqual(["subscribe", "track-status"]);
		await closeBoth(p);
	});

	it("carry the request's authorization tokens, resolved", async () => {
		const p = await connect(draft);
		const token = { aliasType: TokenAliasType.USE_VALUE, tokenType: 1n, value: b("ticket") } as const;
		const tokens: unknown[] = [];
		p.server.handlers.onSubscribe = (req) => {
			tokens.push(...req.authorizationTokens);
			req.accept();
		};
		await p.client.subscribe(NS, b("x"), { authorizationTokens: [token] });
		expect(tokens).toEqual([{ tokenType: 1n, value: b("ticket") }]);
		await closeBoth(p);
	});

	it("go to the incoming iterable while it is read, and get the default answer after the loop", async () => {
		const p = await connect(draft);
		const seen: IncomingRequest[] = [];
		const loop = (async () => {
			for await (const req of p.server.incoming) {
				seen.push(req);
				if (req.kind === "subscribe") req.accept({ trackAlias: 5n });
				break;
			}
		})();
		await settle();
		const sub = await p.client.subscribe(NS, b("x"));
		await loop;
		expect(sub.trackAlias).toBe(5n);
		expect(seen.map((r) => r.kind)).toEqual(["subscribe"]);
		// Nobody reads any more: the default answer.
		await expect(p.client.subscribe(NS, b("y"))).rejects.toMatchObject({ code: notFound });
		await closeBoth(p);
	});

	it("queue for the iterable from the start with the incoming option", async () => {
		const p = await connect(draft, { server: { incoming: true } });
		const call = p.client.subscribe(NS, b("x"));
		await settle();
		const iterator = p.server.incoming[Symbol.asyncIterator]();
		const first = await iterator.next();
		expect(first.value?.kind).toBe("subscribe");
		if (first.value?.kind === "subscribe") first.value.reject(notFound, "later");
		await expect(call).rejects.toMatchObject({ reason: "later" });
		await iterator.return?.();
		await closeBoth(p);
	});

	it("still queued when the loop is left get the default answer", async () => {
		const p = await connect(draft, { server: { incoming: true } });
		const a = p.client.subscribe(NS, b("a")).catch((e: unknown) => e);
		const c = p.client.subscribe(NS, b("c")).catch((e: unknown) => e);
		await vi.waitFor(() => expect(p.server.stats().requests).toBe(2));
		for await (const req of p.server.incoming) {
			if (req.kind === "subscribe") req.reject(notFound, "taken by the loop");
			break;
		}
		// The first was taken and answered by the loop; the second was still queued.
		expect(await a).toMatchObject({ reason: "taken by the loop" });
		expect(await c).toMatchObject({ code: notFound, reason: "no such track" });
		expect(p.server.stats().requests).toBe(0);
		await closeBoth(p);
	});

	it("are refused with INTERNAL_ERROR when their handler throws or rejects before answering", async () => {
		const p = await connect(draft);
		p.server.handlers.onSubscribe = () => {
			throw new Error("boom");
		};
		p.server.handlers.onPublish = async () => {
			throw new Error("async boom");
		};
		await expect(p.client.subscribe(NS, b("x"))).rejects.toMatchObject({ code: 0, reason: "boom" });
		await expect(p.client.publish(NS, b("x"))).rejects.toMatchObject({ code: 0, reason: "async boom" });
		await closeBoth(p);
	});

	it("the default answer to PUBLISH is UNINTERESTED", async () => {
		const p = await connect(draft);
		const uninterested = draft === 14 ? PublishErrorCode.UNINTERESTED : RequestErrorCode[draft].UNINTERESTED;
		await expect(p.client.publish(NS, b("x"))).rejects.toMatchObject({ code: uninterested, codeName: "UNINTERESTED" });
		await closeBoth(p);
	});

	it("answering a request the peer cancelled throws why", async () => {
		const p = await connect(draft);
		const held: IncomingRequest[] = [];
		p.server.handlers.onSubscribe = (req) => {
			held.push(req);
		};
		const sub = await p.client.subscribe(NS, b("x"), { waitResponse: false });
		await vi.waitFor(() => expect(held).toHaveLength(1));
		sub.unsubscribe();
		const req = held[0]!;
		if (req.kind !== "subscribe") throw new Error("not a subscribe");
		const why = await req.cancelled;
		expect(RequestError.isInstance(why)).toBe(true);
		expect(() => req.accept()).toThrow(why);
		expect(() => req.reject(notFound)).toThrow(why);
		await expect(sub.response).rejects.toMatchObject({ name: "AbortError" });
		await closeBoth(p);
	});
});
