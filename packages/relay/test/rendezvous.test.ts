/**
 * Subscribe before publish: a SUBSCRIBE with RENDEZVOUS_TIMEOUT (draft-18+) is held until a
 * publisher appears, refused with TIMEOUT when none does, and holds are bounded in number.
 */

import type { RequestError } from "@moqt/session";
import { RequestErrorCode, SubscribeErrorCode } from "@moqt/wire";
import { describe, expect, test } from "vitest";
import { b, ids, join, ns, TestPublisher, take, testRelay, until, writeGroups } from "./relay-helpers.js";

describe("rendezvous", () => {
	test("a held SUBSCRIBE proceeds when the namespace is published", async () => {
		const relay = testRelay();
		const subscriber = (await join(relay, 19)).session;
		const pending = subscriber.subscribe(ns("later"), b("t"), { rendezvousTimeout: 60_000n });
		await until(() => relay.stats.rendezvous === 1);
		const publisher = new TestPublisher((await join(relay, 19)).session);
		await publisher.session.publishNamespace(ns("later"));
		const subscription = await pending;
		expect(relay.stats.rendezvous).toBe(0);
		await writeGroups(await publisher.track(), [0n], 2);
		expect(ids(await take(subscription, 2))).toEqual(["0:0", "0:1"]);
		await relay.close();
	});

	test("a held SUBSCRIBE proceeds when the track is pushed with PUBLISH", async () => {
		const relay = testRelay();
		const subscriber = (await join(relay, 18)).session;
		const pending = subscriber.subscribe(ns("push"), b("t"), { rendezvousTimeout: 60_000n });
		await until(() => relay.stats.rendezvous === 1);
		const publisher = (await join(relay, 14)).session;
		const pushed = await publisher.publish(ns("push"), b("t"));
		const subscription = await pending;
		await writeGroups(pushed, [3n], 1);
		expect(ids(await take(subscription, 1))).toEqual(["3:0"]);
		await relay.close();
	});

	test("no publisher within the timeout: REQUEST_ERROR TIMEOUT; beyond the bound: DOES_NOT_EXIST", async () => {
		const relay = testRelay({ limits: { maxRendezvousHeld: 1 } });
		const subscriber = (await join(relay, 19)).session;
		const held = subscriber.subscribe(ns("never"), b("a"), { rendezvousTimeout: 20n }).catch((e: unknown) => e);
		await until(() => relay.stats.rendezvous === 1);
		const refused = (await subscriber
			.subscribe(ns("never"), b("b"), { rendezvousTimeout: 60_000n })
			.catch((e: unknown) => e)) as RequestError;
		expect(refused.code).toBe(RequestErrorCode[19].DOES_NOT_EXIST);
		expect(((await held) as RequestError).code).toBe(RequestErrorCode[19].TIMEOUT);
		expect(relay.stats.rendezvous).toBe(0);
		await relay.close();
	});

	test("drafts without RENDEZVOUS_TIMEOUT wait only as long as the relay is configured to", async () => {
		const quick = testRelay();
		const s14 = (await join(quick, 14)).session;
		const error = (await s14.subscribe(ns("x"), b("t")).catch((e: unknown) => e)) as RequestError;
		expect(error.code).toBe(SubscribeErrorCode.TRACK_DOES_NOT_EXIST);
		await quick.close();

		const patient = testRelay({ limits: { defaultRendezvousMs: 60_000 } });
		const s16 = (await join(patient, 16)).session;
		const pending = s16.subscribe(ns("x"), b("t"));
		await until(() => patient.stats.rendezvous === 1);
		const publisher = new TestPublisher((await join(patient, 16)).session);
		await publisher.session.publishNamespace(ns("x"));
		await expect(pending).resolves.toBeDefined();
		expect(publisher.subscribes).toHaveLength(1);
		await patient.close();
	});

	test("a subscriber that cancels while held leaves nothing behind", async () => {
		const relay = testRelay();
		const subscriber = (await join(relay, 19)).session;
		const controller = new AbortController();
		const pending = subscriber
			.subscribe(ns("x"), b("t"), { rendezvousTimeout: 60_000n, signal: controller.signal })
			.catch((e: unknown) => e);
		await until(() => relay.stats.rendezvous === 1);
		controller.abort();
		await pending;
		await until(() => relay.stats.rendezvous === 0);
		await relay.close();
	});
});
