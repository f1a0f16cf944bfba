/**
 * The relay over real transports on loopback, with a certificate generated here: raw QUIC and
 * WebTransport over HTTP/3 on one UDP port (told apart by ALPN), WebTransport over HTTP/2 on the
 * TCP port of the same number. A publisher on one transport reaches subscribers on the others.
 */

import { establishSession, type MoqtSession } from "@moqt/session";
import { generateCertificate } from "@moqt/transport/cert";
import { connectWebTransportNode } from "@moqt/transport/fails";
import type { TransportSession } from "@moqt/transport/interface";
import type { Draft } from "@moqt/wire";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { connectTransport, listenRelay, protocolsFor, type RelayListener } from "../src/index.js";
import { b, ids, ns, TestPublisher, take, testRelay, until, writeGroups } from "./relay-helpers.js";

const certificate = generateCertificate();
const relay = testRelay();
let listener: RelayListener;

beforeAll(async () => {
	listener = await listenRelay(relay, {
		quic: { host: "127.0.0.1", port: 0 },
		webtransportH2: { host: "127.0.0.1", port: 0 },
		cert: certificate.cert,
		key: certificate.key,
	});
});

afterAll(async () => {
	await relay.close();
	await listener.close();
});

const trust = { certificateHashes: [certificate.sha256] };

async function quicTransport(drafts?: readonly Draft[]): Promise<TransportSession> {
	return connectTransport(`moqt://127.0.0.1:${listener.quic!.port}/relay`, {
		...trust,
		...(drafts !== undefined && { drafts }),
	});
}

function overQuic(transport: TransportSession): Promise<MoqtSession> {
	const authority = `127.0.0.1:${listener.quic!.port}`;
	return establishSession(transport, { role: "client", setup: { path: "/relay", authority } });
}

async function overH3(): Promise<MoqtSession> {
	const transport = await connectTransport(`https://127.0.0.1:${listener.quic!.port}/relay`, trust);
	return establishSession(transport, { role: "client" });
}

async function overH2(): Promise<MoqtSession> {
	const transport = await connectWebTransportNode(`https://127.0.0.1:${listener.webtransportH2!.port}/relay`, {
		serverCertificateHashes: [certificate.sha256],
		protocols: protocolsFor([16]),
		http3: "never",
	});
	return establishSession(transport, { role: "client" });
}

describe("the relay over real transports", () => {
	test("one port number serves raw QUIC, HTTP/3 and HTTP/2 WebTransport", () => {
		expect(listener.quic?.port).toBe(listener.webtransportH2?.port);
	});

	test("a raw QUIC draft-19 publisher reaches draft-14 QUIC, HTTP/3 and HTTP/2 subscribers", async () => {
		const publisher = new TestPublisher(await overQuic(await quicTransport()));
		expect(publisher.session.draft).toBe(19);
		await publisher.session.publishNamespace(ns("net"));
		const subscribers = await Promise.all([overQuic(await quicTransport([14])), overH3(), overH2()]);
		expect(subscribers.map((s) => s.draft)).toEqual([14, 19, 16]);
		const subscriptions = await Promise.all(subscribers.map((s) => s.subscribe(ns("net"), b("t"))));
		expect(publisher.subscribes).toHaveLength(1);
		await writeGroups(await publisher.track(), [0n, 1n, 2n], 3);
		for (const subscription of subscriptions) {
			// Streams of different groups may arrive interleaved; within one, objects keep their order.
			const got = ids(await take(subscription, 9));
			for (const g of [0, 1, 2])
				expect(got.filter((id) => id.startsWith(`${g}:`))).toEqual([`${g}:0`, `${g}:1`, `${g}:2`]);
		}
		await Promise.all([publisher.session, ...subscribers].map((s) => s.close()));
	});

	test("a publisher whose connection dies mid-stream: subscribers get PUBLISH_DONE, the relay forgets it", async () => {
		const transport = await quicTransport();
		const publisher = new TestPublisher(await overQuic(transport));
		await publisher.session.publishNamespace(ns("dies"));
		const subscriber = await overH2();
		const subscription = await subscriber.subscribe(ns("dies"), b("t"));
		const track = await publisher.track();
		const subgroup = track.openSubgroup({ groupId: 0n, subgroupId: 0n });
		await subgroup.writeObject({ objectId: 0n, payload: b("last words") });
		expect(await take(subscription, 1)).toHaveLength(1);
		// No MoQT goodbye: the QUIC connection closes under the session.
		transport.close({ code: 0x42, reason: "crash" });
		const done = await subscription.done;
		expect(done).toMatchObject({ statusCode: 0x2 });
		await until(() => relay.stats.namespaces === 0 && relay.stats.tracks === 0);
		await subscriber.close();
	});
});
