/**
 * Authorization and limits at the relay: JWT grants per namespace prefix (in the request or the
 * session's setup), each draft's error code when refused, no token no access; and the bounds on
 * sessions, namespaces per session and the cache.
 */

import { type RequestError, RequestError as RequestErrorClass, type SessionOptions } from "@moqt/session";
import {
	PublishNamespaceErrorCode,
	RequestErrorCode,
	SubscribeErrorCode,
	TokenAliasType,
	type TrackNamespace,
} from "@moqt/wire";
import { describe, expect, test } from "vitest";
import { Authorizer, generateAuthKey, mintToken } from "../src/index.js";
import { b, join, ns, TestPublisher, take, testRelay, until, writeGroups } from "./relay-helpers.js";

const key = generateAuthKey("HS256", "k1");

function token(grants: { publish?: TrackNamespace[]; subscribe?: TrackNamespace[] }, expiresInSeconds = 3600) {
	return mintToken({ key, ...grants, expiresInSeconds });
}

function bearer(jwt: string) {
	return { authorizationTokens: [{ aliasType: TokenAliasType.USE_VALUE, tokenType: 0n, value: b(jwt) }] } as const;
}

async function secureRelay() {
	return testRelay({ authorizer: await Authorizer.create({ keys: [key] }) });
}

async function failure(promise: Promise<unknown>): Promise<RequestError> {
	const error = await promise.then(
		() => undefined,
		(e: unknown) => e,
	);
	if (!RequestErrorClass.isInstance(error)) throw new Error(`expected a RequestError, got ${String(error)}`);
	return error;
}

describe("authorization", () => {
	test("grants per prefix decide publishing and subscribing; no token, no access", async () => {
		const relay = await secureRelay();
		const publisher = new TestPublisher((await join(relay, 19)).session);
		expect((await failure(publisher.session.publishNamespace(ns("room", "1")))).code).toBe(
			RequestErrorCode[19].UNAUTHORIZED,
		);
		const pub = await token({ publish: [ns("room")] });
		await publisher.session.publishNamespace(ns("room", "1"), bearer(pub));
		expect((await failure(publisher.session.publishNamespace(ns("hall"), bearer(pub)))).code).toBe(
			RequestErrorCode[19].UNAUTHORIZED,
		);

		const subscriber = (await join(relay, 19)).session;
		const sub = await token({ subscribe: [ns("room", "1")] });
		expect((await failure(subscriber.subscribe(ns("room", "1"), b("t")))).code).toBe(RequestErrorCode[19].UNAUTHORIZED);
		expect((await failure(subscriber.subscribe(ns("room", "2"), b("t"), bearer(sub)))).code).toBe(
			RequestErrorCode[19].UNAUTHORIZED,
		);
		// A publish grant is not a subscribe grant.
		expect((await failure(subscriber.subscribe(ns("room", "1"), b("t"), bearer(pub)))).code).toBe(
			RequestErrorCode[19].UNAUTHORIZED,
		);
		const subscription = await subscriber.subscribe(ns("room", "1"), b("t"), bearer(sub));
		await writeGroups(await publisher.track(), [0n], 1);
		expect(await take(subscription, 1)).toHaveLength(1);
		expect(publisher.subscribes).toHaveLength(1);
		await relay.close();
	});

	test("the setup's token authorizes requests that carry none", async () => {
		const relay = await secureRelay();
		const all = await token({ publish: [[]], subscribe: [[]] });
		const setup: Partial<SessionOptions> = { setup: bearer(all) };
		const publisher = new TestPublisher((await join(relay, 16, { client: setup })).session);
		await publisher.session.publishNamespace(ns("a"));
		const subscriber = (await join(relay, 16, { client: setup })).session;
		await expect(subscriber.subscribe(ns("a"), b("t"))).resolves.toBeDefined();
		await relay.close();
	});

	test("malformed and expired tokens get each draft's code", async () => {
		const relay = await secureRelay();
		const expired = await token({ publish: [[]] }, -10);
		const s14 = (await join(relay, 14)).session;
		const s19 = (await join(relay, 19)).session;
		expect((await failure(s14.publishNamespace(ns("a"), bearer(expired)))).code).toBe(
			PublishNamespaceErrorCode.EXPIRED_AUTH_TOKEN,
		);
		expect((await failure(s19.publishNamespace(ns("a"), bearer(expired)))).code).toBe(
			RequestErrorCode[19].EXPIRED_AUTH_TOKEN,
		);
		expect((await failure(s14.subscribe(ns("a"), b("t"), bearer("not.a.jwt")))).code).toBe(
			SubscribeErrorCode.MALFORMED_AUTH_TOKEN,
		);
		expect((await failure(s19.subscribe(ns("a"), b("t"), bearer("garbage")))).code).toBe(
			RequestErrorCode[19].MALFORMED_AUTH_TOKEN,
		);
		await relay.close();
	});
});

describe("limits", () => {
	test("sessions beyond the limit are closed; a free slot takes a new one", async () => {
		const relay = testRelay({ limits: { sessions: 2 } });
		const first = await join(relay, 19);
		await join(relay, 19);
		await expect(join(relay, 19)).rejects.toThrow();
		expect(relay.stats.sessions).toBe(2);
		await first.session.close();
		await until(() => relay.stats.sessions === 1);
		await expect(join(relay, 19)).resolves.toBeDefined();
		await relay.close();
	});

	test("namespaces per session are bounded", async () => {
		const relay = testRelay({ limits: { namespacesPerSession: 2 } });
		const publisher = (await join(relay, 18)).session;
		await publisher.publishNamespace(ns("a"));
		await publisher.publishNamespace(ns("b"));
		const error = await failure(publisher.publishNamespace(ns("c")));
		expect(error.code).toBe(RequestErrorCode[18].EXCESSIVE_LOAD);
		await relay.close();
	});

	test("requests per session are bounded (draft-19: EXCESSIVE_LOAD beyond)", async () => {
		const relay = testRelay({ limits: { requestsPerSession: 2 } });
		const subscriber = (await join(relay, 19)).session;
		const held = [1, 2].map((i) =>
			subscriber.subscribe(ns("later"), b(`t${i}`), { rendezvousTimeout: 60_000n }).catch((e: unknown) => e),
		);
		await until(() => relay.stats.rendezvous === 2);
		expect((await failure(subscriber.subscribe(ns("later"), b("t3")))).code).toBe(RequestErrorCode[19].EXCESSIVE_LOAD);
		await relay.close();
		await Promise.all(held);
	});

	test("the cache stays within its budget", async () => {
		const relay = testRelay({ cacheBytes: 16 * 1024 });
		const publisher = (await join(relay, 19)).session;
		const pushed = await publisher.publish(ns("big"), b("t"));
		const subscriber = (await join(relay, 19)).session;
		const subscription = await subscriber.subscribe(ns("big"), b("t"));
		for (let g = 0n; g < 40n; g++) {
			const subgroup = pushed.openSubgroup({ groupId: g, subgroupId: 0n });
			await subgroup.writeObject({ objectId: 0n, payload: new Uint8Array(1000) });
			await subgroup.end();
		}
		expect(await take(subscription, 40)).toHaveLength(40);
		const cache = relay.stats.cache!;
		expect(cache.bytes).toBeLessThanOrEqual(16 * 1024);
		expect(cache.evictions).toBeGreaterThan(0);
		await relay.close();
	});
});
