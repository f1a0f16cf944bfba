/**
 * Three relays in a chain over raw QUIC on loopback (R3 → R2 → R1, each the upstream of the
 * next): announcements travel up, subscriptions find their way down to the publisher or up to it,
 * and each relay keeps one upstream subscription however many subscribers it serves.
 */

import { establishSession, type MoqtSession } from "@moqt/session";
import { generateCertificate } from "@moqt/transport/cert";
import { ObjectStatus } from "@moqt/wire";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { connectTransport, listenRelay, type Relay, type RelayListener } from "../src/index.js";
import { b, ids, ns, TestPublisher, take, testRelay, until, writeGroups } from "./relay-helpers.js";

const certificate = generateCertificate();
const trust = { certificateHashes: [certificate.sha256] };
const relays: Relay[] = [];
const listeners: RelayListener[] = [];

function url(i: number): string {
	return `moqt://127.0.0.1:${listeners[i]!.quic!.port}/`;
}

async function client(i: number, draft?: 14 | 19): Promise<MoqtSession> {
	const transport = await connectTransport(url(i), { ...trust, ...(draft !== undefined && { drafts: [draft] }) });
	return establishSession(transport, {
		role: "client",
		setup: { path: "/", authority: `127.0.0.1:${listeners[i]!.quic!.port}` },
	});
}

beforeAll(async () => {
	for (let i = 0; i < 3; i++) {
		const relay = testRelay();
		relays.push(relay);
		listeners.push(
			await listenRelay(relay, {
				quic: { host: "127.0.0.1", port: 0 },
				webtransportH2: null,
				cert: certificate.cert,
				key: certificate.key,
			}),
		);
		// R2's upstream is R1, R3's is R2.
		if (i > 0) await relay.addUpstream(url(i - 1), trust).ready();
	}
});

afterAll(async () => {
	for (const relay of [...relays].reverse()) await relay.close();
	await Promise.all(listeners.map((l) => l.close()));
});

describe("a chain of three relays", () => {
	test("a publisher on the leaf reaches subscribers on the middle and the root", async () => {
		const [r1, r2] = relays as [Relay, Relay, Relay];
		const publisher = new TestPublisher(await client(2, 14));
		await publisher.session.publishNamespace(ns("leaf"));
		await until(() => r1.stats.namespaces === 1 && r2.stats.namespaces === 1);
		const atRoot = await Promise.all([client(0), client(0, 14)]);
		const atMiddle = await client(1);
		const subscriptions = await Promise.all(
			[...atRoot, atMiddle].map((s) => s.subscribe(ns("leaf", "cam"), b("video"))),
		);
		// R3 subscribed once to the publisher, R2 once to R3, R1 once to R2.
		expect(publisher.subscribes).toHaveLength(1);
		expect(r2.stats.sources).toBe(1);
		await writeGroups(await publisher.track(), [0n, 1n], 3);
		for (const subscription of subscriptions) {
			const got = ids(await take(subscription, 6));
			for (const g of [0, 1])
				expect(got.filter((id) => id.startsWith(`${g}:`))).toEqual([`${g}:0`, `${g}:1`, `${g}:2`]);
		}
		// The publisher leaves: the namespace is withdrawn up the chain.
		await publisher.session.close();
		await until(() => r1.stats.namespaces === 0 && r2.stats.namespaces === 0);
		for (const subscription of subscriptions) expect(await subscription.done).toMatchObject({ statusCode: 0x2 });
		await Promise.all([...atRoot, atMiddle].map((s) => s.close()));
	});

	test("a subscriber on the leaf reaches a publisher on the root through the upstream links", async () => {
		const publisher = new TestPublisher(await client(0));
		await publisher.session.publishNamespace(ns("root"));
		const subscriber = await client(2, 14);
		const subscription = await subscriber.subscribe(ns("root"), b("t"));
		await writeGroups(await publisher.track(), [5n], 2);
		expect(ids(await take(subscription, 2))).toEqual(["5:0", "5:1"]);
		const fetch = await subscriber.fetch(ns("root"), b("t"), {
			start: { group: 5n, object: 0n },
			end: { group: 5n, object: 0n },
		});
		const fetched: string[] = [];
		for await (const item of fetch) {
			if ("payload" in item)
				fetched.push(`${item.groupId}:${item.objectId}${item.status === ObjectStatus.END_OF_GROUP ? "!" : ""}`);
		}
		// draft-14 fetch streams carry the End of Group object the relays learnt from the header bit.
		expect(fetched).toEqual(["5:0", "5:1", "5:2!"]);
		await Promise.all([publisher.session.close(), subscriber.close()]);
	});
});
