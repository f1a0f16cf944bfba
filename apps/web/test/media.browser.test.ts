/**
 * The demo's media path in a real browser: Debian's Chromium, headless, runs the loopback page
 * (`pages/loopback.ts`), where a canvas animation is encoded with WebCodecs, packaged as LOC with
 * a Group per keyframe (draft-ietf-moq-loc §4.2), carried over in-memory draft-19 subgroup
 * streams, decoded and drawn. Nothing leaves this machine: the page comes from a server on
 * 127.0.0.1 that this test starts, bundled by esbuild just before.
 *
 * H.264 covers the LOC Video Config path (the avcC travels as a property on every keyframe), VP8
 * the path without one.
 */

import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { LoopbackResult } from "./pages/loopback.js";
import { type StaticServer, serveStatic } from "./support/static-server.js";

const CHROMIUM = "/usr/bin/chromium";
// Playwright gives every launch a fresh temporary profile (--user-data-dir) of its own.
const HEADLESS_FLAGS = [
	"--headless",
	"--no-sandbox",
	"--disable-gpu",
	"--no-first-run",
	"--disable-background-networking",
	"--disable-component-update",
	"--disable-sync",
];
const FRAMES = 60;
const KEYFRAME_INTERVAL = 15;

let server: StaticServer | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
	const bundle = await build({
		entryPoints: [fileURLToPath(new URL("./pages/loopback.ts", import.meta.url))],
		bundle: true,
		format: "esm",
		platform: "browser",
		target: "chrome120",
		conditions: ["@moqt/source"],
		write: false,
		logLevel: "silent",
	});
	const script = bundle.outputFiles[0]?.text ?? "";
	server = await serveStatic({
		"/": {
			type: "text/html",
			body: '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><script type="module" src="/loopback.js"></script>',
		},
		"/loopback.js": { type: "text/javascript", body: script },
	});
	browser = await chromium.launch({ executablePath: CHROMIUM, args: HEADLESS_FLAGS, timeout: 30_000 });
}, 60_000);

afterAll(async () => {
	await browser?.close();
	await server?.close();
});

async function runLoopback(codec: string): Promise<{ result: LoopbackResult; page: Page; pageErrors: string[] }> {
	if (browser === undefined || server === undefined) throw new Error("the browser did not start");
	const page = await browser.newPage({ viewport: { width: 800, height: 300 } });
	const pageErrors: string[] = [];
	page.on("pageerror", (e) => pageErrors.push(e.message));
	page.on("console", (m) => {
		if (m.type() === "error") pageErrors.push(m.text());
	});
	const query = new URLSearchParams({ codec, frames: String(FRAMES), keyframeInterval: String(KEYFRAME_INTERVAL) });
	await page.goto(`${server.origin}/?${query}`, { timeout: 15_000 });
	await page.waitForFunction(() => window.loopback !== undefined, undefined, { timeout: 15_000 });
	const result = await page.evaluate(() => window.loopback);
	return { result, page, pageErrors };
}

describe.each(["avc1.42001f", "vp8"])(
	"%s: canvas → VideoEncoder → LOC → subgroup streams → VideoDecoder → canvas",
	(codec) => {
		test("every frame encoded is decoded and drawn, Groups start at keyframes, the picture is not blank", async () => {
			const { result, page, pageErrors } = await runLoopback(codec);
			try {
				expect(pageErrors).toEqual([]);
				expect(result.errors).toEqual([]);
				const { received } = result;

				// A realtime encoder may drop a frame, never most of them.
				expect(received.length).toBeGreaterThan(FRAMES / 2);
				expect(result.drawn).toBe(received.length);
				expect(result.skipped).toEqual({ malformed: 0, "no-keyframe": 0, gap: 0, late: 0 });

				// Groups start at keyframes and only there, objects count up from 0 within a Group, and
				// Groups count up from the first (100) with no gap.
				const groups = [...new Set(received.map((o) => o.group))];
				expect(groups).toEqual(groups.map((_, i) => String(100 + i)));
				// Every frame a keyframe was asked for, if the encoder kept it, opened a Group.
				const asked = received.filter((o) => o.frame % KEYFRAME_INTERVAL === 0);
				expect(asked.length).toBeGreaterThan(1);
				expect(asked.map((o) => [o.frame, o.object])).toEqual(asked.map((o) => [o.frame, "0"]));
				expect(received.map((o) => o.frame)).toEqual([...received.map((o) => o.frame)].sort((a, b) => a - b));
				expect(received[0]?.frame).toBe(0);
				expect(received.every((o) => o.frame >= 0)).toBe(true);
				for (const group of groups) {
					const objects = received.filter((o) => o.group === group);
					expect(objects.map((o) => o.object)).toEqual(objects.map((_, i) => String(i)));
					expect(objects.map((o) => o.keyframe)).toEqual(objects.map((_, i) => i === 0));
				}
				// H.264 carries its avcC as the LOC Video Config on every keyframe; VP8 has none.
				const expectConfig = codec.startsWith("avc1");
				expect(received.map((o) => o.hasConfig)).toEqual(received.map((o) => expectConfig && o.keyframe === true));

				// The player measured what it drew.
				expect(result.stats.objects).toBe(received.length);
				expect(result.stats.latencyMs).toBeGreaterThanOrEqual(0);

				// The last frame drawn matches the last frame captured, up to coding loss: measured about 1
				// (H.264) and 10 (VP8) per channel, where an all-black canvas would be about 120 away.
				expect(result.meanAbsDiff).toBeLessThan(30);
				const screenshot = await page.locator("#output").screenshot({ timeout: 10_000 });
				const dataUrl = `data:image/png;base64,${screenshot.toString("base64")}`;
				// A blank screenshot has no variance; this picture has thousands.
				expect(await page.evaluate((url) => window.imageVariance(url), dataUrl)).toBeGreaterThan(200);
			} finally {
				await page.close();
			}
		}, 60_000);
	},
);
