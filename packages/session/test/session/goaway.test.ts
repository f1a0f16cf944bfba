/**
 * GOAWAY end to end: the peer's handler hears it, new requests are refused once it came, a client
 * may not name a URI, and a GOAWAY with a timeout closes the session when it expires
 * (GOAWAY_TIMEOUT if requests are still open, -19 §10.4).
 */

import { TerminationCode } from "@moqt/wire";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type GoawayInfo, SessionError, type TrackPublisher } from "../../src/index.js";
import { b, closeBoth, connect, DRAFTS, ns } from "./helpers.js";

afterEach(() => {
	vi.useRealTimers();
});

describe.each(DRAFTS)("draft-%i GOAWAY", (draft) => {
	it("reaches the peer's handler; the peer's new requests are refused", async () => {
		const p = await connect(draft);
		const heard: GoawayInfo[] = [];
		p.client.handlers.onGoaway = (info) => heard.push(info);
		p.server.goaway({ newSessionUri: "moqt://elsewhere.test/moq" });
		await vi.waitFor(() => expect(heard).toHaveLength(1));
		expect(heard[0]).toMatchObject({ newSessionUri: "moqt://elsewhere.test/moq", requestId: undefined });
		expect(p.client.goawayReceived?.newSessionUri).toBe("moqt://elsewhere.test/moq");
		await expect(p.client.subscribe(ns("a"), b("t"))).rejects.toSatisfy(
			(e) => e instanceof SessionError && e.code === "going-away",
		);
		expect(() => p.server.goaway()).toThrow(SessionError);
		await closeBoth(p);
	});

	it("is refused to a client that names a URI", async () => {
		const p = await connect(draft);
		expect(() => p.client.goaway({ newSessionUri: "moqt://x.test" })).toThrow(SessionError);
		p.client.goaway();
		await closeBoth(p);
	});

	it("closes with GOAWAY_TIMEOUT when requests are still open at its timeout", async () => {
		vi.useFakeTimers();
		const p = await connect(draft);
		let publisher: TrackPublisher | undefined;
		p.server.handlers.onSubscribe = (req) => {
			publisher = req.accept();
		};
		const sub = await p.client.subscribe(ns("a"), b("t"));
		p.server.goaway({ timeout: 1000 });
		await vi.advanceTimersByTimeAsync(999);
		expect(p.server.core.state).toBe("ready");
		await vi.advanceTimersByTimeAsync(1);
		expect(await p.client.closed).toMatchObject({ code: TerminationCode.GOAWAY_TIMEOUT, remote: true });
		expect(await p.server.closed).toMatchObject({ code: TerminationCode.GOAWAY_TIMEOUT, remote: false });
		expect(await sub.done).toMatchObject({ code: "closed", terminationCode: TerminationCode.GOAWAY_TIMEOUT });
		expect(await publisher!.done).toBeInstanceOf(SessionError);
	});

	it("closes with NO_ERROR at its timeout when no request is open", async () => {
		vi.useFakeTimers();
		const p = await connect(draft);
		p.server.goaway({ timeout: 500 });
		await vi.advanceTimersByTimeAsync(500);
		expect(await p.client.closed).toMatchObject({ code: TerminationCode.NO_ERROR, remote: true });
		expect(vi.getTimerCount()).toBe(0);
	});
});
