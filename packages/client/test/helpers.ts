/**
 * Test helpers: client sessions over an in-memory transport pair (`@moqt/transport/memory`), for
 * each draft, facing another client session or a bare `@moqt/session` server.
 */

import { establishSession, type MoqtSession } from "@moqt/session";
import { createMemoryPair } from "@moqt/transport/memory";
import { type Draft, draftInfo } from "@moqt/wire";
import { type ClientSession, establish, type TrackObject, text } from "../src/index.js";

/** The drafts the client speaks. */
export const DRAFTS = [14, 16, 18, 19] as const satisfies readonly Draft[];

/** Two client sessions of `draft`, as client and server of one in-memory pair. */
export async function clientPair(draft: Draft): Promise<{ client: ClientSession; server: ClientSession }> {
	const [a, b] = createMemoryPair({ protocol: draftInfo(draft).alpn });
	const [client, server] = await Promise.all([establish(a), establish(b, { role: "server" })]);
	return { client, server };
}

/** A client session facing a bare MoqtSession server, for checking what goes over the wire. */
export async function rawPeer(draft: Draft): Promise<{ client: ClientSession; server: MoqtSession }> {
	const [a, b] = createMemoryPair({ protocol: draftInfo(draft).alpn });
	const [client, server] = await Promise.all([establish(a), establishSession(b, { role: "server" })]);
	return { client, server };
}

/** Closes both ends and waits until both are closed. */
export async function closeAll(...sessions: readonly { close(): Promise<unknown> }[]): Promise<void> {
	await Promise.all(sessions.map((s) => s.close()));
}

/** Reads `count` objects from an iterable, as text, and leaves the loop. */
export async function take(source: AsyncIterable<TrackObject>, count: number): Promise<string[]> {
	const out: string[] = [];
	if (count === 0) return out;
	for await (const o of source) {
		out.push(text(o));
		if (out.length === count) break;
	}
	return out;
}

/** Reads every object until the iteration ends, as text. */
export async function all(source: AsyncIterable<TrackObject>): Promise<string[]> {
	const out: string[] = [];
	for await (const o of source) out.push(text(o));
	return out;
}
