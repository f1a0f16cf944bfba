/**
 * The demo end to end, in Debian's Chromium (headless, through playwright-core) and Node.js,
 * through one relay: the test starts the demo server (`startDemoServer`: the `@moqt/relay` relay
 * on 127.0.0.1 with a fresh certificate, the rooms' clock, the page bundled for the browser) and
 * opens two pages of one room.
 *
 * - Page A (draft-19) publishes chat and a canvas animation (WebCodecs VideoEncoder, LOC, a Group
 *   per keyframe, announced in its MSF catalog); page B (draft-16) and a Node.js participant
 *   (`@moqt/client` over raw QUIC, draft-19, in this process) discover A with
 *   SUBSCRIBE_NAMESPACE and receive its messages in order with their payloads; B decodes A's video
 *   onto a canvas whose screenshot is not blank; the Node.js participant follows A's catalog and
 *   receives its LOC video, Group by Group.
 * - The Node.js participant publishes chat that both pages receive, and the server's clock (also
 *   a Node.js publisher) reaches both pages.
 * - A's catalog drops the video when A stops it, and A leaving is seen by B (NAMESPACE_DONE).
 *
 * Every wait is bounded; nothing is asserted about time.
 */

import { type ClientSession, connect } from "@moqt/client";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { participantNamespace } from "../src/chat.js";
import { watchCatalog } from "../src/demo/catalog-watch.js";
import type { DemoState } from "../src/demo/page.js";
import { Room, type RoomEvent } from "../src/demo/room.js";
import { decodeLoc } from "../src/media/loc.js";
import { videoTrackOf } from "../src/media/video-catalog.js";
import { type DemoServer, startDemoServer } from "../src/server/demo-server.js";
import { until } from "./support/wait.js";

const CHROMIUM = "/usr/bin/chromium";
const HEADLESS_FLAGS = [
	"--headless",
	"--no-sandbox",
	"--disable-gpu",
	"--no-first-run",
	"--disable-background-networking",
	"--disable-component-update",
	"--disable-sync",
];
const ROOM = "e2e";
// Small and slow enough for a two-core CI machine running two pages and an encoder.
const VIDEO = { width: "320", height: "180", fps: "15", keyframe: "15" };
const WAIT = 30_000;

let server: DemoServer | undefined;
let browser: Browser | undefined;
let node: ClientSession | undefined;

beforeAll(async () => {
	server = await startDemoServer({ logLevel: "error" });
	node = await connect(server.quicUrl, { certificateHashes: [server.certificateSha256], timeout: 10_000 });
	browser = await chromium.launch({ executablePath: CHROMIUM, args: HEADLESS_FLAGS, timeout: 30_000 });
}, 60_000);

afterAll(async () => {
	await browser?.close();
	await node?.close();
	await server?.close();
});

interface OpenedPage {
	readonly page: Page;
	readonly pageErrors: string[];
	state(): Promise<DemoState>;
	waitFor(what: string, predicate: (s: DemoState) => boolean): Promise<DemoState>;
}

async function openPage(query: Record<string, string>): Promise<OpenedPage> {
	if (browser === undefined || server === undefined) throw new Error("the test did not start");
	const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
	const pageErrors: string[] = [];
	page.on("pageerror", (e) => pageErrors.push(e.message));
	page.on("console", (m) => {
		if (m.type() === "error") pageErrors.push(m.text());
	});
	await page.goto(`${server.url}?${new URLSearchParams(query)}`, { timeout: 15_000 });
	await page.waitForFunction(() => window.demo !== undefined, undefined, { timeout: 15_000 });
	const state = () => page.evaluate(() => window.demo.state());
	return {
		page,
		pageErrors,
		state,
		waitFor: (what, predicate) => until(what, async () => ((s) => (predicate(s) ? s : undefined))(await state()), WAIT),
	};
}

describe("the demo page in Chromium, through the relay, with a Node.js participant", () => {
	test("chat, clock and video flow between two pages and Node.js, in order", async () => {
		if (server === undefined || node === undefined) throw new Error("the test did not start");
		const relay = server.relay;
		const nodeEvents: RoomEvent[] = [];
		const nodeRoom = await Room.join(node, { room: ROOM, participant: "node", onEvent: (e) => nodeEvents.push(e) });
		const a = await openPage({ room: ROOM, name: "alice", video: "1", ...VIDEO });
		const b = await openPage({ room: ROOM, name: "bob", draft: "16", ...VIDEO });
		try {
			// Everyone found everyone (SUBSCRIBE_NAMESPACE) and subscribed to their chat and the clock.
			const sa = await a.waitFor("A to subscribe to bob, node and the clock", (s) =>
				["bob/chat", "node/chat", "clock"].every((t) => s.subscribed.includes(t)),
			);
			const sb = await b.waitFor("B to subscribe to alice, node and the clock", (s) =>
				["alice/chat", "node/chat", "clock"].every((t) => s.subscribed.includes(t)),
			);
			expect(sa.status).toBe("connected");
			expect(sa.draft).toBe(19);
			expect(sb.draft).toBe(16);
			expect([...sb.participants].sort()).toEqual(["alice", "node"]);
			await until("the Node.js participant to subscribe to both pages", () =>
				["alice", "bob"].every((p) =>
					nodeEvents.some((e) => e.kind === "subscribed" && e.participant === p && e.track === "chat"),
				),
			);
			expect([...nodeRoom.participants].sort()).toEqual(["alice", "bob"]);

			// A's chat reaches B and Node.js, in order, payloads intact.
			const fromA = ["hello from A", "ünïcödé ✓", "", "x".repeat(1500), "the last one"];
			for (const text of fromA) await a.page.evaluate((t) => window.demo.send(t), text);
			const bState = await b.waitFor(
				"B to get A's messages",
				(s) => s.chat.filter((m) => m.participant === "alice").length >= fromA.length,
			);
			const atB = bState.chat.filter((m) => m.participant === "alice");
			expect(atB.map((m) => m.text)).toEqual(fromA);
			expect(atB.every((m) => m.from === "alice" && m.object === "0")).toBe(true);
			expectIncreasing(atB.map((m) => BigInt(m.group)));
			const atNode = await until("Node.js to get A's messages", () => {
				const got = nodeEvents.flatMap((e) => (e.kind === "chat" && e.participant === "alice" ? [e] : []));
				// Groups travel on separate streams and may arrive out of order: Group IDs order them.
				return got.length >= fromA.length && got.sort((x, y) => (x.group < y.group ? -1 : x.group > y.group ? 1 : 0));
			});
			expect(atNode.map((e) => e.message.text)).toEqual(fromA);
			expect(atNode.map((e) => String(e.group))).toEqual(atB.map((m) => m.group));

			// Node.js's chat reaches both pages.
			const fromNode = ["node 1", "node 2", "node 3"];
			for (const text of fromNode) await nodeRoom.send(text);
			for (const page of [a, b]) {
				const s = await page.waitFor(
					"a page to get Node.js's messages",
					(s) => s.chat.filter((m) => m.participant === "node").length >= fromNode.length,
				);
				const got = s.chat.filter((m) => m.participant === "node");
				expect(got.map((m) => [m.from, m.text])).toEqual(fromNode.map((t) => ["node", t]));
				expectIncreasing(got.map((m) => BigInt(m.group)));
			}

			// The server's clock: a tick a second, (Group, Object) = (minute, second), in order.
			const clocked = await b.waitFor("B to get three clock ticks", (s) => s.clock.length >= 3);
			expectIncreasing(clocked.clock.map((c) => BigInt(c.group) * 60n + BigInt(c.object)));
			for (const tick of clocked.clock) {
				const second = Math.floor(tick.sentAt / 1000);
				expect(tick.text).toBe(`${new Date(second * 1000).toISOString().slice(0, 19)}Z`);
				expect([tick.group, tick.object]).toEqual([String(Math.floor(second / 60)), String(second % 60)]);
			}

			// B plays A's video: frames decoded and drawn, none malformed, the picture not blank.
			const playing = await b.waitFor("B to draw 20 of A's frames", (s) => (s.videos.alice?.drawn ?? 0) >= 20);
			const video = playing.videos.alice;
			expect(video?.track).toBe("video");
			expect(video?.skipped.malformed).toBe(0);
			expect(video?.skipped.gap).toBe(0);
			expect(video?.stats?.objects).toBe(video?.drawn);
			// Latency is measured (from the LOC Timestamp); its value is not the test's business.
			expect(video?.stats?.latencyMs).toBeTypeOf("number");
			const published = (await a.state()).publish;
			expect(published?.codec).toBe(video?.codec);
			expect(published?.frames).toBeGreaterThanOrEqual(video?.drawn ?? 0);
			const shot = await b.page.locator('canvas[data-participant="alice"]').screenshot({ timeout: 10_000 });
			expect(await variance(b.page, shot)).toBeGreaterThan(200);

			// Node.js follows A's catalog and receives its LOC video: whole Groups from a keyframe.
			const { codec, groups } = await nodeWatchesVideo(node, participantNamespace(ROOM, "alice"));
			expect(codec).toBe(video?.codec);
			const group = groups[0] ?? [];
			expect(group.length).toBeGreaterThan(1);
			expect(group.map((o) => o.object)).toEqual(group.map((_, i) => BigInt(i)));
			expect(group.map((o) => o.keyframe)).toEqual(group.map((_, i) => i === 0));
			expect(group[0]?.hasConfig).toBe(codec?.startsWith("avc1") === true);
			expectIncreasing(group.map((o) => o.timestamp));
			expect(groups[1]?.[0]?.group).toBe((group[0]?.group ?? 0n) + 1n);

			// A stops its video: the catalog drops it and B stops playing.
			await a.page.evaluate(() => window.demo.stopVideo());
			await b.waitFor(
				"B to see the video leave A's catalog",
				(s) => s.videos.alice !== undefined && s.videos.alice.track === undefined,
			);

			// A leaves: B sees it go (NAMESPACE_DONE), and so does Node.js.
			await a.page.evaluate(() => window.demo.leave());
			await b.waitFor("B to see A leave", (s) => !s.participants.includes("alice"));
			await until("Node.js to see A leave", () =>
				nodeEvents.some((e) => e.kind === "left" && e.participant === "alice"),
			);
			// Then B and Node.js leave too, and the clock closes the empty room.
			await b.page.evaluate(() => window.demo.leave());
			await nodeRoom.leave();
			await until("the relay to forget every participant and the room", () => {
				const stats = relay.stats;
				return stats.namespaces === 0 && stats.namespaceSubscriptions === 1 && server?.clock.rooms.length === 0;
			});

			expect(a.pageErrors).toEqual([]);
			expect(b.pageErrors).toEqual([]);
			expect((await a.state()).errors).toEqual([]);
			expect((await b.state()).errors).toEqual([]);
			expect(nodeEvents.filter((e) => e.kind === "error")).toEqual([]);
		} finally {
			// Leaving before closing, so that the relay never has to tell a closed session about a
			// namespace (see the report on @moqt/relay's SubscriberWatcher).
			await Promise.all([a, b].map((p) => p.page.evaluate(() => window.demo.close()).catch(() => undefined)));
			await nodeRoom.leave();
			await a.page.close();
			await b.page.close();
		}
	}, 120_000);
});

function expectIncreasing(values: readonly bigint[]): void {
	for (let i = 1; i < values.length; i++)
		expect(values[i]! > values[i - 1]!, `${values[i]} after ${values[i - 1]}`).toBe(true);
}

interface NodeVideoObject {
	readonly group: bigint;
	readonly object: bigint;
	readonly keyframe: boolean | undefined;
	readonly hasConfig: boolean;
	readonly timestamp: bigint;
}

/** Follows the catalog, subscribes to its video track and returns two whole Groups, from their keyframes. */
async function nodeWatchesVideo(
	session: ClientSession,
	namespace: readonly string[],
): Promise<{ codec: string | undefined; groups: NodeVideoObject[][] }> {
	const stop = new AbortController();
	try {
		for await (const catalog of watchCatalog(session, namespace, { signal: stop.signal })) {
			const track = videoTrackOf(catalog);
			if (track === undefined) continue;
			const subscription = await session.subscribe(namespace, track.name, { timeout: 10_000 });
			const groups: NodeVideoObject[][] = [];
			for await (const o of subscription) {
				const loc = decodeLoc(o);
				const entry: NodeVideoObject = {
					group: o.group,
					object: o.object,
					keyframe: loc.keyframe,
					hasConfig: loc.config !== undefined,
					timestamp: loc.timestamp ?? -1n,
				};
				// The subscription starts mid-Group: whole Groups start at Object 0.
				if (o.object === 0n) groups.push([entry]);
				else groups.at(-1)?.push(entry);
				if (groups.length === 3) break;
			}
			return { codec: track.codec, groups: groups.slice(0, 2) };
		}
		throw new Error("the catalog track ended without a video track");
	} finally {
		stop.abort();
	}
}

/** Luma variance of a PNG screenshot, computed by the page (a blank canvas has none). */
function variance(page: Page, png: Buffer): Promise<number> {
	return page.evaluate(
		async (dataUrl) => {
			const image = new Image();
			image.src = dataUrl;
			await image.decode();
			const c = new OffscreenCanvas(image.width, image.height);
			const ctx = c.getContext("2d");
			if (ctx === null) throw new Error("no 2D context");
			ctx.drawImage(image, 0, 0);
			const px = ctx.getImageData(0, 0, image.width, image.height).data;
			let sum = 0;
			let sumSq = 0;
			const n = px.length / 4;
			for (let i = 0; i < px.length; i += 4) {
				const y = 0.299 * (px[i] ?? 0) + 0.587 * (px[i + 1] ?? 0) + 0.114 * (px[i + 2] ?? 0);
				sum += y;
				sumSq += y * y;
			}
			return sumSq / n - (sum / n) ** 2;
		},
		`data:image/png;base64,${png.toString("base64")}`,
	);
}
