/**
 * Interop with @moq/net 0.3.4 through `@moqt/client`: `connect()` to @moq/net's server over
 * WebTransport on HTTP/2 (draft-14 negotiated in SETUP, the others by WebTransport protocol),
 * then the client API both ways: subscribing to its track, publishing a track it subscribes to,
 * and a refusal.
 */

import { setImmediate } from "node:timers/promises";
import { generateCertificate } from "@moqt/transport/cert";
import type { Draft } from "@moqt/wire";
import { describe, expect, it, onTestFinished } from "vitest";
import { type ClientSession, connect } from "../../src/index.js";
import { GROUPS, toBase64 } from "./bytes.js";
import { DRAFT_14_VERSION, DRAFTS, protocolsOf } from "./drafts.js";
import { MoqNetPeer } from "./moq-net/peer.js";

/** @moq/net serving, and our client connected to it with `connect()`. */
async function connected(draft: Draft): Promise<{ session: ClientSession; peer: MoqNetPeer }> {
	const certificate = generateCertificate();
	const peer = await MoqNetPeer.start({ cert: certificate.cert, key: certificate.key });
	onTestFinished(() => peer.stop());
	const { port } = await peer.call("listen", {
		protocols: protocolsOf(draft),
		...(draft === 14 && { version: DRAFT_14_VERSION }),
	});
	const session = await connect(`https://127.0.0.1:${port}/moq`, {
		transport: "webtransport-h2",
		certificateHashes: [certificate.sha256Hex],
		drafts: [draft],
	});
	onTestFinished(async () => {
		await session.close();
	});
	await peer.call("accepted", {});
	return { session, peer };
}

describe.each(DRAFTS)("draft-%i", (draft) => {
	it("connects to @moq/net's server", async () => {
		const { session, peer } = await connected(draft);
		expect(session.draft).toBe(draft);
		expect(session.transport).toBe("webtransport-h2");
		expect(await peer.call("accepted", {})).toEqual({ version: `moq-transport-${draft}` });
	});

	it("subscribes to its track and receives its objects intact", async () => {
		const { session, peer } = await connected(draft);
		await peer.call("publish", { path: "demo/a", track: "video" });
		const subscription = await session.subscribe("demo/a", "video");
		await peer.call("waitSubscribed", { path: "demo/a", track: "video" });
		for (const group of GROUPS) {
			await peer.call("writeGroup", { path: "demo/a", track: "video", frames: group.map(toBase64) });
		}
		const received: { group: bigint; subgroup: bigint | undefined; object: bigint; payload: Uint8Array }[] = [];
		for await (const object of subscription) {
			received.push({ group: object.group, subgroup: object.subgroup, object: object.object, payload: object.payload });
			if (received.length === GROUPS.flat().length) break;
		}
		received.sort((a, b) => (a.group !== b.group ? Number(a.group - b.group) : Number(a.object - b.object)));
		expect(received).toEqual(
			GROUPS.flatMap((group, g) =>
				group.map((payload, o) => ({ group: BigInt(g), subgroup: 0n, object: BigInt(o), payload })),
			),
		);
	});

	it("publishes a track that @moq/net subscribes to", async () => {
		const { session, peer } = await connected(draft);
		const track = session.track("demo/b", "audio");
		await session.publishNamespace("demo/b");
		const subscribing = peer.call("subscribe", { path: "demo/b", track: "audio", groups: GROUPS.length });
		// The session answers SUBSCRIBE for a registered track itself; objects go to live subscribers.
		while (track.subscribers === 0) await setImmediate();
		for (const payloads of GROUPS) {
			const group = track.group();
			for (const payload of payloads) await group.write(payload);
			await group.end();
		}
		const { groups } = await subscribing;
		expect([...groups].sort((a, b) => a.sequence - b.sequence)).toEqual(
			GROUPS.map((group, g) => ({ sequence: g, frames: group.map(toBase64) })),
		);
	});

	it("is refused a broadcast @moq/net does not publish (its code 404, not the draft's)", async () => {
		const { session } = await connected(draft);
		await expect(session.subscribe("nope", "video")).rejects.toMatchObject({ name: "RequestError", code: 404 });
	});
});
