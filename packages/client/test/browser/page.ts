/**
 * The page script of browser.test.ts, bundled for the browser from `@moqt/client`: it connects
 * with the browser's WebTransport, subscribes to the test server's feed, then publishes a track
 * that the server subscribes back to. The session stays open until `moqtClose()`, so that the
 * server can take everything before it ends. Every wait is bounded.
 */

import { type ClientSession, connect, type Draft, text } from "@moqt/client";

/** What the page reports. */
export interface PageResult {
	readonly draft: number;
	readonly transport: string;
	readonly feed: string[];
}

declare global {
	interface Window {
		moqtRun(url: string, hash: string, draft: Draft): Promise<PageResult | { error: string }>;
		moqtClose(): Promise<void>;
	}
}

let session: ClientSession | undefined;

async function run(url: string, hash: string, draft: Draft): Promise<PageResult> {
	session = await connect(url, { certificateHashes: [hash], drafts: [draft], timeout: 10_000 });
	const feed: string[] = [];
	for await (const object of await session.subscribe("server", "feed")) feed.push(text(object));
	const track = session.track("client", "echo");
	await session.publishNamespace("client");
	const deadline = Date.now() + 5_000;
	while (track.subscribers === 0) {
		if (Date.now() > deadline) throw new Error("the server did not subscribe");
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
	const group = track.group();
	await group.write("b0");
	await group.write("b1");
	await track.end();
	return { draft: session.draft, transport: session.transport, feed };
}

// Errors come back as values: what the page threw is then part of the test's failure message.
window.moqtRun = (url, hash, draft) =>
	run(url, hash, draft).catch((error: unknown) => ({
		error: error instanceof Error ? (error.stack ?? error.message) : String(error),
	}));

window.moqtClose = async () => {
	await session?.close();
	session = undefined;
};
