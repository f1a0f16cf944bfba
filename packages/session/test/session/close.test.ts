/**
 * The end of a session: close codes both ways, the peer vanishing, what pending calls, handles
 * and iterators see, and that nothing is left behind (requests, streams, queues, timers).
 */

import { createMemoryPair } from "@moqt/transport";
import { encodeControlMessage, TerminationCode } from "@moqt/wire";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
	establishSession,
	type IncomingSubscribe,
	type MoqtSession,
	type MoqtTransport,
	SessionError,
	type TrackPublisher,
} from "../../src/index.js";
import { b, closeBoth, connect, DRAFTS, ns, protocolOf, settle } from "./helpers.js";

afterEach(() => {
	vi.useRealTimers();
});

function expectEmpty(session: MoqtSession): void {
	const s = session.stats();
	expect(s.requests).toBe(0);
	expect(s.channels).toBe(0);
	expect(s.queues).toEqual({ tracks: 0, fetches: 0 });
	expect(s.core).toMatchObject({ requests: 0, channels: 0, subscriptions: 0, draining: 0, timers: 0, buffered: 0 });
	expect(s.router).toMatchObject({ streams: 0, pendingStreams: 0, pendingDatagrams: 0, bufferedBytes: 0, timers: 0 });
}

describe.each(DRAFTS)("draft-%i close", (draft) => {
	it("carries the code and reason to the peer, both ways", async () => {
		const p = await connect(draft);
		const info = await p.client.close(TerminationCode.UNAUTHORIZED, "bye now");
		expect(info).toEqual({ code: TerminationCode.UNAUTHORIZED, reason: "bye now", remote: false });
		expect(await p.server.closed).toEqual({ code: TerminationCode.UNAUTHORIZED, reason: "bye now", remote: true });
		expect(await p.client.close(0, "again")).toBe(info);
		const q = await connect(draft);
		await q.server.close(TerminationCode.INTERNAL_ERROR, "server down");
		expect(await q.client.closed).toEqual({
			code: TerminationCode.INTERNAL_ERROR,
			reason: "server down",
			remote: true,
		});
		expect(await q.transports[0].closed).toMatchObject({ code: TerminationCode.INTERNAL_ERROR, remote: true });
	});

	it("fails pending calls, ends handles and iterators, and leaves nothing behind", async () => {
		vi.useFakeTimers();
		const p = await connect(draft);
		let publisher: TrackPublisher | undefined;
		const held: IncomingSubscribe[] = [];
		p.server.handlers.onSubscribe = (req) => {
			if (new TextDecoder().decode(req.message.trackName) === "live") publisher = req.accept();
			else held.push(req);
		};
		const live = await p.client.subscribe(ns("a"), b("live"), { timeout: 60_000 });
		const pending = p.client.subscribe(ns("a"), b("held"), { timeout: 60_000 }).catch((e: unknown) => e);
		const objects = (async () => {
			const seen = [];
			for await (const o of live) seen.push(o);
			return seen;
		})();
		const incoming = (async () => {
			for await (const _ of p.client.incoming) throw new Error("nothing comes");
		})();
		await vi.waitFor(() => expect(held).toHaveLength(1));
		await p.client.close(TerminationCode.NO_ERROR, "done");
		const error = await pending;
		expect(error).toBeInstanceOf(SessionError);
		expect(error).toMatchObject({ code: "closed", terminationCode: 0 });
		expect(await live.done).toMatchObject({ code: "closed" });
		expect(await objects).toEqual([]);
		await incoming;
		expect(await publisher!.done).toBeInstanceOf(SessionError);
		expect(await held[0]!.cancelled).toBeInstanceOf(SessionError);
		await settle();
		expectEmpty(p.client);
		expectEmpty(p.server);
		expect(vi.getTimerCount()).toBe(0);
	});

	it("ends with the transport error when the peer vanishes", async () => {
		const p = await connect(draft);
		const pending = p.client.trackStatus(ns("a"), b("t"), { waitResponse: false });
		p.server.handlers.onTrackStatus = () => {};
		p.transports[0].disconnect("idle-timeout");
		const expected = { code: 0, reason: "", remote: true, transportError: "idle-timeout" };
		expect(await p.client.closed).toEqual(expected);
		expect(await p.server.closed).toEqual(expected);
		await expect((await pending).response).rejects.toBeInstanceOf(SessionError);
		await expect(p.client.subscribe(ns("a"), b("t"))).rejects.toMatchObject({ code: "closed" });
		expectEmpty(p.client);
		expectEmpty(p.server);
	});

	it("disposes idempotently", async () => {
		const p = await connect(draft);
		await p.client[Symbol.asyncDispose]();
		await p.client[Symbol.asyncDispose]();
		expect(await p.server.closed).toMatchObject({ code: TerminationCode.NO_ERROR, remote: true });
	});

	it("closes the session when the peer breaks the protocol, with the draft's code", async () => {
		const p = await connect(draft);
		const goaway = {
			type: "GOAWAY",
			newSessionUri: "",
			...(draft >= 18 && { timeout: 0n }),
			...(draft === 18 && { requestId: 1n }),
		} as const;
		// A GOAWAY is fine once; a second one is a PROTOCOL_VIOLATION (-19 §10.4).
		expect(p.client.sendMessage(goaway)).toBe(true);
		expect(p.client.sendMessage(goaway)).toBe(true);
		expect(await p.client.closed).toMatchObject({ code: TerminationCode.PROTOCOL_VIOLATION, remote: true });
		expect(p.client.sendMessage(goaway)).toBe(false);
	});
});

describe.each(DRAFTS)("draft-%i streams the peer should not open", (draft) => {
	it("an unknown unidirectional stream type closes the session with PROTOCOL_VIOLATION", async () => {
		const p = await connect(draft);
		const raw = await p.transports[0].openUni();
		await raw.write(Uint8Array.of(0x06));
		expect(await p.server.closed).toMatchObject({ code: TerminationCode.PROTOCOL_VIOLATION, remote: false });
		expect(await p.client.closed).toMatchObject({ code: TerminationCode.PROTOCOL_VIOLATION, remote: true });
	});
});

describe.each([18, 19] as const)("draft-%i control streams", (draft) => {
	it("a second control stream closes the session with PROTOCOL_VIOLATION", async () => {
		const p = await connect(draft);
		const raw = await p.transports[0].openUni();
		await raw.write(encodeControlMessage({ type: "SETUP" }, draft));
		expect(await p.server.closed).toMatchObject({ code: TerminationCode.PROTOCOL_VIOLATION, remote: false });
	});
});

describe.each([18, 19] as const)("draft-%i request streams", (draft) => {
	it("are closed at both ends when requests end: stream credit comes back", async () => {
		// Two bidi streams each way: a request stream left half-open would block the third request.
		const [ct, st] = createMemoryPair({ protocol: protocolOf(draft), maxBidiStreams: 2 });
		const transport: MoqtTransport = ct;
		const [client, server] = await Promise.all([
			establishSession(transport, { role: "client" }),
			establishSession(st, {
				role: "server",
				handlers: {
					onTrackStatus: (req) => req.accept(),
					// "ended": the publisher ends it at once; others stay until the subscriber leaves.
					onSubscribe: (req) => {
						const publisher = req.accept();
						if (new TextDecoder().decode(req.message.trackName) === "ended") publisher.close();
					},
				},
			}),
		]);
		for (let i = 0; i < 6; i++) {
			await client.trackStatus(ns("a"), b("t"));
			const ended = await client.subscribe(ns("a"), b("ended"));
			expect(await ended.done).toMatchObject({ statusCode: 0x2 });
			const left = await client.subscribe(ns("a"), b("left"));
			left.unsubscribe();
		}
		expect(client.stats().channels).toBe(1);
		await closeBoth({ client, server, transports: [ct, st] });
	});
});
