/**
 * `@moqt/client` in a real browser: Debian's Chromium (headless, through playwright-core) loads
 * the package's browser bundle (browser/page.ts, built by esbuild with the "browser" condition)
 * from a page on 127.0.0.1, and connects with its own WebTransport to the HTTP/3 test server
 * (test-server.ts) with `serverCertificateHashes` and WT-Available-Protocols, for every draft.
 * Objects flow both ways. Skipped, and said so, where Chromium is not installed.
 */

import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Draft } from "../src/index.js";
import type { PageResult } from "./browser/page.js";
import { startServer, type TestServer } from "./integration/test-server.js";

const CHROMIUM = "/usr/bin/chromium";
const haveChromium = existsSync(CHROMIUM);

/** The parts of playwright-core used here (a devDependency of @moqt/transport, not of this package). */
interface Page {
	goto(url: string): Promise<unknown>;
	evaluate<R, A>(fn: (arg: A) => Promise<R>, arg: A): Promise<R>;
	on(event: "pageerror", listener: (error: Error) => void): void;
	on(event: "console", listener: (message: { text(): string }) => void): void;
}
interface Browser {
	newPage(): Promise<Page>;
	close(): Promise<void>;
}
interface Chromium {
	launch(options: { executablePath: string; args: string[]; timeout: number }): Promise<Browser>;
}

/** The part of esbuild's `build` used here. */
type Build = (options: {
	entryPoints: string[];
	bundle: true;
	format: "esm";
	platform: "browser";
	target: string;
	conditions: string[];
	write: false;
	logLevel: "silent";
}) => Promise<{ readonly outputFiles?: readonly { readonly text: string }[] }>;

async function load<T>(from: string, name: string): Promise<T> {
	const path = createRequire(new URL(from, import.meta.url)).resolve(name);
	return (await import(path)) as T;
}

async function pageScript(): Promise<string> {
	const { build } = await load<{ build: Build }>("../../../apps/web/package.json", "esbuild");
	const result = await build({
		entryPoints: [fileURLToPath(new URL("./browser/page.ts", import.meta.url))],
		bundle: true,
		format: "esm",
		platform: "browser",
		target: "chrome120",
		conditions: ["@moqt/source"],
		write: false,
		logLevel: "silent",
	});
	return result.outputFiles?.[0]?.text ?? "";
}

describe.skipIf(!haveChromium)(`Chromium (${CHROMIUM}${haveChromium ? "" : ": not installed, skipped"})`, () => {
	let server: TestServer;
	let pages: Server;
	let browser: Browser;
	let page: Page;
	const errors: string[] = [];

	beforeAll(async () => {
		const script = await pageScript();
		pages = createServer((request, response) => {
			const js = request.url === "/page.js";
			response.setHeader("content-type", js ? "text/javascript" : "text/html; charset=utf-8");
			response.end(js ? script : '<!doctype html><title>moqt</title><script type="module" src="/page.js"></script>');
		});
		await new Promise<void>((resolve) => pages.listen(0, "127.0.0.1", resolve));
		server = await startServer("webtransport-h3");
		const { chromium } = await load<{ chromium: Chromium }>("../../transport/package.json", "playwright-core");
		browser = await chromium.launch({
			executablePath: CHROMIUM,
			args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
			timeout: 20_000,
		});
		page = await browser.newPage();
		page.on("pageerror", (error) => errors.push(error.message));
		page.on("console", (message) => console.log("PAGE", message.text()));
		// A loopback origin is a secure context, which WebTransport needs.
		await page.goto(`http://127.0.0.1:${(pages.address() as AddressInfo).port}/`);
	}, 60_000);

	afterAll(async () => {
		await browser?.close();
		await server?.close();
		await new Promise((resolve) => {
			pages?.closeAllConnections();
			pages?.close(resolve);
		});
	});

	it.each([19, 18, 16, 14] as const)(
		"draft-%i: subscribes and publishes over the browser's WebTransport",
		async (draft) => {
			const served = server.nextSession();
			const result = await page.evaluate(
				({ url, hash, draft }: { url: string; hash: string; draft: Draft }) => window.moqtRun(url, hash, draft),
				{ url: `https://127.0.0.1:${server.port}/moq`, hash: server.certificate.sha256Hex, draft: draft as Draft },
			);
			expect(result).toEqual<PageResult>({ draft, transport: "webtransport", feed: ["s0", "s1", "s2"] });
			expect(await (await served).echoed).toEqual(["b0", "b1"]);
			await page.evaluate(() => window.moqtClose(), undefined);
			expect(errors).toEqual([]);
		},
		30_000,
	);
});
