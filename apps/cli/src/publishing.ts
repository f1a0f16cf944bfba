/**
 * What `pub` and `play` share as publishers: announcing namespaces, waiting for subscribers
 * (through a relay, the relay's own SUBSCRIBE when a first subscriber arrives), and ending
 * cleanly.
 *
 * Ending cleanly needs a pause. Closing a QUIC connection drops whatever stream data is still
 * unsent or unacknowledged, and neither the client nor the transport tells a publisher when the
 * peer has everything: a write resolves once the transport takes the bytes. So after the tracks
 * end (PUBLISH_DONE) the publisher lingers, until the peer closes the session or `--linger`
 * seconds pass, before withdrawing its namespaces and closing.
 *
 * @module
 */

import type { ClientSession, PublishedNamespace, Track } from "@moqt/client";
import { decimal, integer, type OptionTable, type OptionValues, stringList, stringOption, UsageError } from "./args.js";
import { sleep } from "./stop.js";

/** The options tables entries both publishers take. */
export const PUBLISHER_OPTIONS: OptionTable = {
	"wait-subscribers": { type: "string" },
	linger: { type: "string" },
	"cache-groups": { type: "string" },
};

/** Help lines for {@link PUBLISHER_OPTIONS}; `waitDefault` is the command's default. */
export function publisherHelp(waitDefault: number): string {
	return `  --wait-subscribers N start once every track has N subscribers (default ${waitDefault}; through a
                       relay, the relay subscribes once when its first subscriber arrives)
  --cache-groups N     newest groups kept per track to answer FETCH (default 10)
  --linger S           after the end, seconds to wait for the peer to take the last data before
                       closing (default 2; ends early if the peer closes)`;
}

/** Publisher settings from the flags. */
export interface PublisherSettings {
	readonly waitSubscribers: number;
	readonly lingerMs: number;
	readonly cacheGroups: number;
}

/** Reads {@link PUBLISHER_OPTIONS}. */
export function publisherSettings(values: OptionValues, waitDefault: number): PublisherSettings {
	const wait = stringOption(values, "wait-subscribers");
	const linger = stringOption(values, "linger");
	const cache = stringOption(values, "cache-groups");
	return {
		waitSubscribers: wait === undefined ? waitDefault : integer(wait, "--wait-subscribers"),
		lingerMs: linger === undefined ? 2000 : decimal(linger, "--linger", 0, true) * 1000,
		cacheGroups: cache === undefined ? 10 : integer(cache, "--cache-groups"),
	};
}

/** A `--property TYPE=VALUE` list: an even type takes an integer, an odd type text (sent as UTF-8). */
export function parseProperties(values: OptionValues): { type: bigint; value: bigint | Uint8Array }[] {
	return stringList(values, "property").map((text) => {
		const match = /^(\d+|0x[0-9a-fA-F]+)=(.*)$/s.exec(text);
		if (match === null) throw new UsageError(`--property: expected TYPE=VALUE, got "${text}"`);
		const type = BigInt(match[1]!);
		const value = match[2]!;
		if (type % 2n === 1n) return { type, value: new TextEncoder().encode(value) };
		if (!/^\d+$/.test(value)) throw new UsageError(`--property: even type ${type} takes an integer, got "${value}"`);
		return { type, value: BigInt(value) };
	});
}

/** Announces every distinct namespace of `tracks` (PUBLISH_NAMESPACE). */
export async function announce(session: ClientSession, tracks: readonly Track[]): Promise<PublishedNamespace[]> {
	const seen = new Set<string>();
	const announced: PublishedNamespace[] = [];
	for (const track of tracks) {
		const key = track.namespace.map((field) => Buffer.from(field).toString("hex")).join("/");
		if (seen.has(key)) continue;
		seen.add(key);
		announced.push(await session.publishNamespace(track.namespace));
	}
	return announced;
}

/** Interval between checks of the subscriber count: the client raises no event for it. */
const POLL_MS = 20;

/** Resolves true once every track has `count` subscribers, false if `signal` aborts first. */
export async function waitForSubscribers(
	tracks: readonly Track[],
	count: number,
	signal: AbortSignal,
): Promise<boolean> {
	while (!tracks.every((track) => track.subscribers >= count)) {
		if (signal.aborted) return false;
		await sleep(POLL_MS, signal);
	}
	return true;
}

/** Ends the tracks, lingers (see the module documentation), withdraws the namespaces, closes. */
export async function finishPublishing(
	session: ClientSession,
	tracks: readonly Track[],
	announced: readonly PublishedNamespace[],
	lingerMs: number,
): Promise<void> {
	await Promise.all(tracks.map((track) => track.end()));
	// Not cut short by Ctrl-C: the first one asks for a clean end, a second one exits at once.
	await Promise.race([session.closed, sleep(lingerMs)]);
	for (const namespace of announced) namespace.withdraw();
	await session.close();
}
