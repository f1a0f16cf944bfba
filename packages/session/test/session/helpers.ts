/**
 * Test helpers: two sessions established over an in-memory transport pair, for each draft, and
 * small conveniences (UTF-8 names, draining microtasks).
 */

import { createMemoryPair, type MemoryPairOptions, type MemorySession } from "@moqt/transport";
import { type Draft, draftInfo } from "@moqt/wire";
import { establishSession, type MoqtSession, type SessionOptions } from "../../src/index.js";

/** The drafts the session speaks. */
export const DRAFTS = [14, 16, 18, 19] as const satisfies readonly Draft[];

/** UTF-8 bytes. */
export function b(s: string): Uint8Array {
	return new TextEncoder().encode(s);
}

/** A namespace of UTF-8 fields. */
export function ns(...fields: string[]): Uint8Array[] {
	return fields.map(b);
}

/** The negotiated protocol of a draft: `moq-00` for draft-14, `moqt-NN` after. */
export function protocolOf(draft: Draft): string {
	return draftInfo(draft).alpn;
}

/** Two established sessions and their transports. */
export interface SessionPair {
	readonly client: MoqtSession;
	readonly server: MoqtSession;
	readonly transports: readonly [client: MemorySession, server: MemorySession];
}

/** Options of {@link connect}. */
export interface ConnectOptions {
	readonly pair?: MemoryPairOptions;
	readonly client?: Partial<SessionOptions>;
	readonly server?: Partial<SessionOptions>;
}

/** Establishes a client and a server session of `draft` over a new in-memory pair. */
export async function connect(draft: Draft, options: ConnectOptions = {}): Promise<SessionPair> {
	const transports = createMemoryPair({ protocol: protocolOf(draft), ...options.pair });
	const [client, server] = await Promise.all([
		establishSession(transports[0], { role: "client", ...options.client }),
		establishSession(transports[1], { role: "server", ...options.server }),
	]);
	return { client, server, transports };
}

/** Lets queued microtasks (zero-latency deliveries) run. */
export async function settle(rounds = 50): Promise<void> {
	for (let i = 0; i < rounds; i++) await Promise.resolve();
}

/** Closes both sessions and waits until both transports are closed. */
export async function closeBoth(p: SessionPair): Promise<void> {
	await p.client.close();
	await Promise.all([p.server.closed, p.transports[0].closed, p.transports[1].closed]);
}
