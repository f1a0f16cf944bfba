/**
 * The room model (`src/demo/room.ts`) and the clock service (`src/server/clock-service.ts`)
 * through the demo server's relay, in Node.js only: two participants of different drafts and
 * transports (draft-19 over raw QUIC, draft-14 over WebTransport on HTTP/3, where namespace
 * discovery comes as PUBLISH_NAMESPACE requests) find each other with SUBSCRIBE_NAMESPACE, chat
 * in order, get the room's clock, and see each other leave; the clock closes the emptied room.
 * Every wait is bounded; nothing is asserted about time.
 */

import { type ClientSession, connect, type Draft } from "@moqt/client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Room, type RoomEvent } from "../src/demo/room.js";
import { type DemoServer, startDemoServer } from "../src/server/demo-server.js";
import { until } from "./support/wait.js";

let server: DemoServer | undefined;
const sessions: ClientSession[] = [];

beforeAll(async () => {
	server = await startDemoServer({ logLevel: "error" });
}, 60_000);

afterAll(async () => {
	for (const s of sessions) await s.close();
	await server?.close();
});

async function participant(
	url: "quic" | "webtransport",
	draft: Draft,
	room: string,
	name: string,
): Promise<{ room: Room; events: RoomEvent[]; session: ClientSession }> {
	if (server === undefined) throw new Error("the server did not start");
	const session = await connect(url === "quic" ? server.quicUrl : server.relayUrl, {
		certificateHashes: [server.certificateSha256],
		drafts: [draft],
		timeout: 10_000,
	});
	sessions.push(session);
	const events: RoomEvent[] = [];
	return {
		room: await Room.join(session, { room, participant: name, onEvent: (e) => events.push(e) }),
		events,
		session,
	};
}

function chatOf(events: readonly RoomEvent[], participant: string): Extract<RoomEvent, { kind: "chat" }>[] {
	return events.flatMap((e) => (e.kind === "chat" && e.participant === participant ? [e] : []));
}

function subscribed(events: readonly RoomEvent[], track: string, participant?: string): boolean {
	return events.some((e) => e.kind === "subscribed" && e.track === track && e.participant === participant);
}

describe("a room through the relay, in Node.js", () => {
	test("draft-19/QUIC and draft-14/HTTP/3 participants chat, get the clock and see each other leave", async () => {
		const one = await participant("quic", 19, "nodes", "one");
		const two = await participant("webtransport", 14, "nodes", "two");
		expect([one.session.transport, two.session.transport]).toEqual(["quic", "webtransport-h3"]);
		await until("both to subscribe to each other and the clock", () =>
			[
				subscribed(one.events, "chat", "two"),
				subscribed(two.events, "chat", "one"),
				subscribed(one.events, "clock"),
				subscribed(two.events, "clock"),
			].every(Boolean),
		);
		expect(server?.clock.rooms).toEqual(["nodes"]);

		const texts = Array.from({ length: 20 }, (_, i) => `message ${i}`);
		for (const text of texts) await one.room.send(text);
		await two.room.send("reply");
		const got = await until("two to get all of one's messages", () => {
			const c = chatOf(two.events, "one");
			return c.length >= texts.length && c;
		});
		expect(got.map((e) => e.message.text)).toEqual(texts);
		expect(got.every((e) => e.message.from === "one" && e.object === 0n)).toBe(true);
		expect(got.map((e) => e.group)).toEqual(got.map((_, i) => (got[0]?.group ?? 0n) + BigInt(i)));
		const reply = await until("one to get the reply", () => chatOf(one.events, "two")[0]);
		expect(reply.message).toMatchObject({ from: "two", text: "reply" });

		const ticks = await until("a clock tick at each", () => {
			const t1 = one.events.filter((e) => e.kind === "clock");
			const t2 = two.events.filter((e) => e.kind === "clock");
			return t1.length > 0 && t2.length > 0 && [...t1, ...t2];
		});
		for (const tick of ticks) {
			if (tick.kind !== "clock") continue;
			const second = Math.floor(tick.message.sentAt / 1000);
			expect([tick.group, tick.object]).toEqual([BigInt(Math.floor(second / 60)), BigInt(second % 60)]);
			expect(tick.message.from).toBe("clock");
		}

		await two.room.leave();
		await until("one to see two leave", () => one.events.some((e) => e.kind === "left" && e.participant === "two"));
		expect(one.room.participants).toEqual([]);
		await one.room.leave();
		await until("the clock to close the empty room", () => server?.clock.rooms.length === 0);
		expect([...one.events, ...two.events].filter((e) => e.kind === "error")).toEqual([]);
	}, 60_000);

	test("a participant name the demo does not allow is refused before anything is published", async () => {
		if (server === undefined) throw new Error("the server did not start");
		const session = await connect(server.quicUrl, { certificateHashes: [server.certificateSha256], timeout: 10_000 });
		sessions.push(session);
		await expect(Room.join(session, { room: "nodes", participant: "no spaces" })).rejects.toMatchObject({
			code: "invalid-chat",
		});
		expect(server.relay.stats.namespaces).toBe(0);
	});
});
