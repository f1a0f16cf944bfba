/**
 * Faults and churn: thousands of subscribe/unsubscribe cycles leave no state behind (counted), a
 * peer sending garbage is closed with PROTOCOL_VIOLATION while others keep being served, and
 * GOAWAY / drain ends the relay's sessions.
 */

import { TerminationCode } from "@moqt/wire";
import { describe, expect, test } from "vitest";
import { b, ids, join, ns, TestPublisher, take, testRelay, until, writeGroups } from "./relay-helpers.js";

describe("churn", () => {
	test.each([
		[19, 2000],
		[14, 1000],
	] as const)(
		"draft-%i: %i subscribe/unsubscribe cycles leave nothing behind",
		async (draft, cycles) => {
			const relay = testRelay();
			const publisher = new TestPublisher((await join(relay, draft)).session);
			await publisher.session.publishNamespace(ns("churn"));
			const pushed = await (await join(relay, draft)).session.publish(ns("pushed"), b("t"));
			const subscriber = (await join(relay, draft)).session;
			for (let i = 0; i < cycles; i++) {
				const name = i % 2 === 0 ? ns("churn") : ns("pushed");
				const subscription = await subscriber.subscribe(name, b("t"));
				subscription.unsubscribe();
			}
			await until(() => relay.stats.downstreams === 0 && relay.stats.tracks === 1);
			expect(relay.stats).toMatchObject({ sources: 1, subgroups: 0, queued: 0, pushedTracks: 1, rendezvous: 0 });
			// Every upstream SUBSCRIBE the relay made was ended with its last subscriber.
			expect(publisher.subscribes).toHaveLength(cycles / 2);
			await Promise.all(publisher.tracks.map((t) => t.done));
			const stats = subscriber.stats();
			expect([stats.requests, stats.core.subscriptions, stats.queues.tracks]).toEqual([0, 0, 0]);
			pushed.close();
			await until(() => relay.stats.tracks === 0);
			await relay.close();
		},
		60_000,
	);
});

describe("faults", () => {
	test("a peer sending garbage is closed with PROTOCOL_VIOLATION; the others keep being served", async () => {
		const relay = testRelay();
		const publisher = new TestPublisher((await join(relay, 19)).session);
		await publisher.session.publishNamespace(ns("g"));
		const good = (await join(relay, 19)).session;
		const subscription = await good.subscribe(ns("g"), b("t"));
		const bad = await join(relay, 19);
		await bad.session.subscribe(ns("g"), b("t"));
		// A unidirectional stream whose type no draft defines.
		const stream = await bad.transport.openUni();
		await stream.write(Uint8Array.of(0x3f, 0xff, 0xff, 0x00, 0x01, 0x02));
		const closed = await bad.session.closed;
		expect(closed.code).toBe(TerminationCode.PROTOCOL_VIOLATION);
		await until(() => relay.stats.sessions === 2 && relay.stats.downstreams === 1);
		await writeGroups(await publisher.track(), [0n, 1n], 2);
		expect(ids(await take(subscription, 4))).toEqual(["0:0", "0:1", "1:0", "1:1"]);
		await relay.close();
	});

	test("drain: GOAWAY to every session, then the relay closes them", async () => {
		const relay = testRelay();
		const sessions = await Promise.all([join(relay, 14), join(relay, 19)]);
		const goaways: string[] = [];
		for (const { session } of sessions) session.handlers.onGoaway = (g) => goaways.push(g.newSessionUri);
		const publisher = new TestPublisher(sessions[1]!.session);
		await publisher.session.publishNamespace(ns("d"));
		const drained = relay.drain({ newSessionUri: "moqt://elsewhere.example/", timeoutMs: 60_000 });
		await until(() => goaways.length === 2);
		expect(goaways).toEqual(["moqt://elsewhere.example/", "moqt://elsewhere.example/"]);
		// New sessions and requests are refused while draining.
		expect(relay.full).toBe(true);
		await expect(sessions[0]!.session.subscribe(ns("d"), b("t"))).rejects.toThrow();
		// The sessions leave on their own; the relay is then closed.
		await Promise.all(sessions.map((s) => s.session.close()));
		await drained;
		expect(relay.stats.sessions).toBe(0);
	});

	test("drain timeout: sessions still open are closed with GOAWAY_TIMEOUT", async () => {
		const relay = testRelay();
		const old = (await join(relay, 16)).session;
		// From draft-18 the GOAWAY carries the deadline; a session with a request open then ends with GOAWAY_TIMEOUT.
		const busy = (await join(relay, 19)).session;
		await busy.publishNamespace(ns("busy"));
		await relay.drain({ timeoutMs: 10 });
		expect((await old.closed).code).toBe(TerminationCode.GOAWAY_TIMEOUT);
		expect((await busy.closed).code).toBe(TerminationCode.GOAWAY_TIMEOUT);
	});
});
