/**
 * A tiny in-process relay for the examples, built on `@moqt/client` server-side sessions: it
 * routes between the sessions that publish namespaces and the sessions that subscribe, whatever
 * draft and transport each speaks. Not a production relay (see `@moqt/relay`): one upstream
 * subscription per track, no authorization, no limits.
 *
 * - PUBLISH_NAMESPACE: remembered (and announced to namespace subscribers) until withdrawn.
 * - SUBSCRIBE_NAMESPACE: answered with the namespaces under the prefix, now and later (NAMESPACE
 *   from draft-16, PUBLISH_NAMESPACE in draft-14).
 * - SUBSCRIBE: the relay subscribes upstream once per track and writes what arrives to a track
 *   of each subscriber's session, which serves that subscriber (and its Joining FETCHes).
 * - FETCH and TRACK_STATUS: forwarded to the publisher.
 */

import {
	type ClientSession,
	type ClientSubscription,
	defaultRejection,
	hasPrefix,
	type IncomingFetch,
	type IncomingSubscribe,
	type IncomingSubscribeNamespace,
	type IncomingTrackStatus,
	namespaceText,
	type SessionHandlers,
	sameNamespace,
	type Track,
	type TrackNamespace,
} from "@moqt/client";

interface Announced {
	readonly namespace: TrackNamespace;
	readonly publisher: ClientSession;
}

interface Watcher {
	readonly prefix: TrackNamespace;
	/** Announces a namespace; returns what withdraws it. */
	announce(namespace: TrackNamespace): () => void;
}

interface Relayed {
	readonly upstream: Promise<ClientSubscription>;
	readonly downstream: Set<Track>;
}

/** Routes between the sessions it makes handlers for. */
export class Relay {
	readonly #announced = new Set<Announced>();
	readonly #watchers = new Set<Watcher>();
	readonly #withdrawals = new Map<Announced, (() => void)[]>();
	readonly #tracks = new Map<string, Relayed>();
	readonly #log: (line: string) => void;

	constructor(log: (line: string) => void = () => undefined) {
		this.#log = log;
	}

	/**
	 * The handlers of one session, given to `establish` so that they are there from setup on;
	 * each waits for the session itself: `session()` is the promise `establish` returned.
	 */
	handlers(session: () => Promise<ClientSession>): SessionHandlers {
		return {
			onPublishNamespace: async (request) => {
				const publisher = await session();
				const entry = { namespace: request.message.trackNamespace, publisher };
				const accepted = request.accept();
				this.#publish(entry);
				void accepted.done.then(() => this.#withdraw(entry));
				void publisher.closed.then(() => this.#withdraw(entry));
			},
			onSubscribeNamespace: async (request) => this.#watch(await session(), request),
			onSubscribe: async (request) => this.#subscribe(await session(), request),
			onFetch: async (request) => this.#fetch(await session(), request),
			onTrackStatus: async (request) => this.#trackStatus(await session(), request),
		};
	}

	#publish(entry: Announced): void {
		this.#log(`publish ${namespaceText(entry.namespace)}`);
		this.#announced.add(entry);
		const withdrawals = [...this.#watchers]
			.filter((w) => hasPrefix(entry.namespace, w.prefix))
			.map((w) => w.announce(entry.namespace));
		this.#withdrawals.set(entry, withdrawals);
	}

	#withdraw(entry: Announced): void {
		if (!this.#announced.delete(entry)) return;
		this.#log(`withdraw ${namespaceText(entry.namespace)}`);
		for (const withdraw of this.#withdrawals.get(entry) ?? []) withdraw();
		this.#withdrawals.delete(entry);
	}

	#watch(session: ClientSession, request: IncomingSubscribeNamespace): void {
		const prefix = request.message.trackNamespacePrefix;
		const responder = request.accept();
		const watcher: Watcher = {
			prefix,
			announce: (namespace) => {
				if (session.draft !== 14) {
					responder.namespace(namespace);
					return () => responder.namespaceDone(namespace);
				}
				// draft-14 announces with PUBLISH_NAMESPACE requests of its own.
				const published = session.publishNamespace(namespace).catch(() => undefined);
				return () => void published.then((p) => p?.withdraw());
			},
		};
		this.#watchers.add(watcher);
		void responder.done.then(() => this.#watchers.delete(watcher));
		for (const entry of this.#announced) {
			if (hasPrefix(entry.namespace, prefix)) this.#withdrawals.get(entry)?.push(watcher.announce(entry.namespace));
		}
	}

	#publisherOf(namespace: TrackNamespace): ClientSession | undefined {
		for (const entry of this.#announced) if (sameNamespace(entry.namespace, namespace)) return entry.publisher;
		return undefined;
	}

	async #subscribe(session: ClientSession, request: IncomingSubscribe): Promise<void> {
		const { trackNamespace: namespace, trackName: name } = request.message;
		const publisher = this.#publisherOf(namespace);
		if (publisher === undefined) {
			const { code, reason } = defaultRejection(session.draft, "subscribe");
			request.reject(code, reason);
			return;
		}
		const key = `${namespaceText(namespace)}\u0000${new TextDecoder().decode(name)}`;
		let relayed = this.#tracks.get(key);
		if (relayed === undefined) {
			const created: Relayed = { upstream: publisher.subscribe(namespace, name), downstream: new Set() };
			relayed = created;
			this.#tracks.set(key, created);
			void this.#forward(created).finally(() => this.#tracks.delete(key));
		}
		try {
			await relayed.upstream;
		} catch (error) {
			const { code } = defaultRejection(session.draft, "subscribe");
			request.reject(code, (error as Error).message);
			return;
		}
		const track = session.track(namespace, name, { cache: { groups: 4 } });
		relayed.downstream.add(track);
		void session.closed.then(() => relayed.downstream.delete(track));
		track.accept(request);
	}

	// Writes what the upstream subscription delivers to every downstream track.
	async #forward(relayed: Relayed): Promise<void> {
		let subscription: ClientSubscription;
		try {
			subscription = await relayed.upstream;
		} catch {
			return;
		}
		let newest: bigint | undefined;
		for await (const o of subscription) {
			for (const track of relayed.downstream) {
				if (newest !== undefined && o.group > newest) await track.group(newest).end();
				if (o.subgroup === undefined) {
					track.datagram(o.payload, { group: o.group, object: o.object, properties: o.properties });
				} else {
					await track.write({ ...o, payload: o.payload, properties: o.properties });
				}
			}
			if (newest === undefined || o.group > newest) newest = o.group;
		}
		for (const track of relayed.downstream) await track.end();
	}

	async #fetch(session: ClientSession, request: IncomingFetch): Promise<void> {
		const type = request.message.fetchType;
		const publisher = "trackNamespace" in type ? this.#publisherOf(type.trackNamespace) : undefined;
		if (publisher === undefined || !("trackNamespace" in type)) {
			const { code, reason } = defaultRejection(session.draft, "fetch");
			request.reject(code, reason);
			return;
		}
		const upstream = await publisher.raw.fetch(type.trackNamespace, type.trackName, {
			start: type.startLocation,
			end: type.endLocation,
		});
		const accepted = await upstream.response;
		const responder = request.accept({ endLocation: accepted.endLocation, endOfTrack: accepted.endOfTrack });
		for await (const item of upstream) {
			if ("endOfRange" in item) continue;
			await responder.write({
				groupId: item.groupId,
				...(item.subgroupId !== undefined && { subgroupId: item.subgroupId }),
				objectId: item.objectId,
				...(item.publisherPriority !== undefined && { publisherPriority: item.publisherPriority }),
				payload: item.payload,
				properties: item.properties,
			});
		}
		await responder.finish();
	}

	async #trackStatus(session: ClientSession, request: IncomingTrackStatus): Promise<void> {
		const { trackNamespace: namespace, trackName: name } = request.message;
		const publisher = this.#publisherOf(namespace);
		if (publisher === undefined) {
			const { code, reason } = defaultRejection(session.draft, "track-status");
			request.reject(code, reason);
			return;
		}
		const status = await publisher.trackStatus(namespace, name);
		request.accept({ parameters: status.result?.parameters ?? {} });
	}
}
