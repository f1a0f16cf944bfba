/**
 * Browser fixtures for the HTTP/3 WebTransport tests: Debian's Chromium driven by playwright-core,
 * and a tiny static HTTP server on 127.0.0.1 whose empty page gives the scripts a secure context
 * (W3C Secure Contexts §3.2: loopback origins are potentially trustworthy), which WebTransport needs.
 *
 * @module
 */

import { existsSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type Browser, chromium } from "playwright-core";

/** Where Debian installs Chromium. */
export const CHROMIUM = "/usr/bin/chromium";

/** True when Chromium is installed here. */
export const haveChromium = existsSync(CHROMIUM);

/** Launches headless Chromium with a fresh profile (playwright makes one per launch). */
export function launchChromium(): Promise<Browser> {
	return chromium.launch({
		executablePath: CHROMIUM,
		args: [
			"--headless",
			"--no-sandbox",
			"--disable-gpu",
			"--no-first-run",
			"--disable-background-networking",
			"--disable-component-update",
			"--disable-sync",
		],
		timeout: 20_000,
	});
}

/** A static HTTP server answering every request with an empty HTML page. */
export interface PageServer {
	/** The page's origin, `http://127.0.0.1:<port>`. */
	readonly origin: string;
	close(): Promise<void>;
}

/** Starts the page server on 127.0.0.1. */
export async function startPageServer(): Promise<PageServer> {
	const server = createServer((_, response) => {
		response.setHeader("content-type", "text/html; charset=utf-8");
		response.end("<!doctype html><title>WebTransport over HTTP/3</title>");
	});
	await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
	const { port } = server.address() as AddressInfo;
	return {
		origin: `http://127.0.0.1:${port}`,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
