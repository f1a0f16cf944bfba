/**
 * Helpers of the relay tests: sessions of any draft joined to a relay over in-memory pairs, a
 * publisher that answers SUBSCRIBEs and counts them, and bounded readers of subscriptions.
 *
 * @module
 */

import {
	establishSession,
	type IncomingSubscribe,
	type MoqtSession,
	type ReceivedObject,
	type SessionOptions,
	type Subscription,
	type TrackPublisher,
} from "@moqt/session";
import { createMemoryPair, type MemoryPairOptions, type MemorySession } from "@moqt/transport/memory";
import { type Draft, draftInfo, type KeyValuePair, ObjectStatus } from "@moqt/wire";
import { Relay, type RelayOptions } from "../src/index.js";
import { createLogger } from "../src/log.js";
import { bytes } from "./helpers.js";

export { bytes as b, ns } from "./helpers.js";

const decoder = new TextDecoder();

/** UTF-8 text. */
export function text(bytes: Uint8Array): string {
	return decoder.decode(bytes);
}

/** A relay for a test, quiet unless RELAY_TEST_LOG is set. */
export function testRelay(options: RelayOptions = {}): Relay {
	const level = process.env.RELAY_TEST_LOG === undefined ? "error" : "debug";
	return new Relay({ log: createLogger({ level }), ...options });
}

/** A client session joined to `relay` over a new in-memory pair. */
export interface Joined {
	readonly session: MoqtSession;
	readonly transport: MemorySession;
}

/** Opens a session of `draft` to `relay`. */
export async function join(
	relay: Relay,
	draft: Draft,
	options: { readonly pair?: MemoryPairOptions; readonly client?: Partial<SessionOptions> } = {},
): Promise<Joined> {
	const [client, server] = createMemoryPair({ protocol: draftInfo(draft).alpn, ...options.pair });
	const [session] = await Promise.all([
		establishSession(client, { role: "client", ...options.client }),
		relay.accept(server),
	]);
	return { session, transport: client };
}

/** A publisher session: answers every SUBSCRIBE and keeps the accepted tracks. */
export class TestPublisher {
	readonly session: MoqtSession;
	/** The SUBSCRIBEs received, in order. */
	readonly subscribes: IncomingSubscribe[] = [];
	/** The tracks accepted, in order. */
	readonly tracks: TrackPublisher[] = [];
	#next: ((track: TrackPublisher) => void)[] = [];

	constructor(session: MoqtSession) {
		this.session = session;
		session.handlers.onSubscribe = (request) => {
			this.subscribes.push(request);
			const track = request.accept();
			this.tracks.push(track);
			for (const resolve of this.#next.splice(0)) resolve(track);
		};
	}

	/** The next accepted track (or the last one, if one is live already and `fresh` is false). */
	track(fresh = false): Promise<TrackPublisher> {
		const last = this.tracks[this.tracks.length - 1];
		if (!fresh && last !== undefined) return Promise.resolve(last);
		return new Promise((resolve) => this.#next.push(resolve));
	}
}

/**
 * Writes `groups` groups of `objects` objects (subgroup 0) with payload `g:o`, each group its own
 * stream marked End of Group (so a cache knows the group is complete).
 */
export async function writeGroups(
	track: TrackPublisher,
	groups: readonly bigint[],
	objects: number,
	properties?: (group: bigint, object: bigint) => readonly KeyValuePair[],
): Promise<void> {
	for (const groupId of groups) {
		const subgroup = track.openSubgroup({ groupId, subgroupId: 0n, endOfGroup: true });
		for (let i = 0n; i < BigInt(objects); i++) {
			await subgroup.writeObject({
				objectId: i,
				payload: bytes(`${groupId}:${i}`),
				...(properties !== undefined && { properties: properties(groupId, i) }),
			});
		}
		await subgroup.end();
	}
}

/**
 * Reads `n` Normal objects from a subscription, skipping status objects (the relay turns an
 * End of Group header bit into an End of Group object).
 */
export async function take(subscription: Subscription, n: number): Promise<ReceivedObject[]> {
	const out: ReceivedObject[] = [];
	const it = subscription[Symbol.asyncIterator]();
	while (out.length < n) {
		const next = await it.next();
		if (next.done) break;
		if (next.value.status === ObjectStatus.NORMAL) out.push(next.value);
	}
	return out;
}

/** `group:object` of each object, as the payloads the test publisher writes. */
export function ids(objects: readonly ReceivedObject[]): string[] {
	return objects.map((o) => `${o.groupId}:${o.objectId}`);
}

/** Waits until `check` holds, polling on the event loop; fails after `rounds` turns. */
export async function until(check: () => boolean, rounds = 2000): Promise<void> {
	for (let i = 0; i < rounds; i++) {
		if (check()) return;
		await new Promise((resolve) => setImmediate(resolve));
	}
	throw new Error("the condition never held");
}
