/**
 * A track this session publishes, written once and delivered to every subscriber: the peer's
 * SUBSCRIBEs for it are accepted (SUBSCRIBE_OK with the largest object written so far, -19
 * §10.8), our PUBLISHes of it are fed too, its recent groups answer FETCHes and Joining FETCHes,
 * and TRACK_STATUS is answered with its largest object (-19 §10.14).
 *
 * Ending it (`end()`) finishes every stream and ends every subscription with PUBLISH_DONE
 * TRACK_ENDED (0x2 in every draft). An ended track takes no new subscription, but its cache
 * still answers FETCH (with End of Track) and TRACK_STATUS until the session makes a new track
 * of the same name.
 *
 * @module
 */

import type {
	IncomingFetch,
	IncomingSubscribe,
	IncomingTrackStatus,
	PublisherOptions,
	TrackPublisher,
} from "@moqt/session";
import {
	type Draft,
	type KeyValuePair,
	type Location,
	ObjectStatus,
	PublishDoneCode,
	type TrackNamespace,
} from "@moqt/wire";
import { type PayloadLike, type PropertyLike, toPayload, toProperties } from "../objects.js";
import { type CachedObject, GroupCache } from "./cache.js";
import { answerFetch } from "./fetch-answer.js";
import { GroupWriter, type SubgroupWriterOptions, type TrackHost, type WriteOptions } from "./writers.js";

/** Options of `session.track`. */
export interface TrackOptions {
	/** Publisher Priority of the track's objects, 0 (highest) to 255; default 128. */
	readonly priority?: number;
	/** ms after which an object is no longer worth sending (the publisher's delivery timeout). */
	readonly deliveryTimeout?: number;
	/** How many of the newest groups are kept to answer FETCHes; default 2, 0 for none. */
	readonly cache?: { readonly groups?: number };
}

/** An object written with {@link Track.write}: where it goes, and what it is. */
export interface TrackWrite extends WriteOptions, SubgroupWriterOptions {
	readonly group: bigint | number;
	/** Default 0. */
	readonly subgroup?: bigint | number;
	readonly payload?: PayloadLike;
}

/** Options of {@link Track.datagram}. */
export interface DatagramOptions {
	readonly group: bigint | number;
	readonly object: bigint | number;
	readonly properties?: readonly (PropertyLike | KeyValuePair)[];
	/** Publisher Priority; default the track's. */
	readonly priority?: number;
	/** No later object of the group exists. */
	readonly endOfGroup?: boolean;
}

/** @internal What a track is made with. */
export interface TrackInit {
	readonly draft: Draft;
	readonly namespace: TrackNamespace;
	readonly name: Uint8Array;
	readonly options: TrackOptions | undefined;
}

/** A track we publish; made by `session.track(namespace, name)`. */
export class Track {
	readonly namespace: TrackNamespace;
	readonly name: Uint8Array;
	readonly #draft: Draft;
	readonly #options: TrackOptions;
	readonly #subscribers = new Set<TrackPublisher>();
	readonly #groups = new Map<bigint, GroupWriter>();
	readonly #cache: GroupCache;
	readonly #host: TrackHost;
	#largest: Location | undefined;
	#nextGroup = 0n;
	#ended = false;

	/** @internal */
	constructor(init: TrackInit) {
		this.namespace = init.namespace;
		this.name = init.name;
		this.#draft = init.draft;
		this.#options = init.options ?? {};
		this.#cache = new GroupCache(this.#options.cache?.groups ?? 2);
		this.#host = {
			draft: init.draft,
			checkOpen: () => this.#checkOpen(),
			subscribers: () => this.#subscribers,
			record: (o) => this.#record(o),
			groupEnded: (group) => {
				if (this.#groups.get(group.id) === group) this.#groups.delete(group.id);
			},
		};
	}

	/** The largest object written so far. */
	get largest(): Location | undefined {
		return this.#largest;
	}

	/** Subscriptions the track is delivered on now. */
	get subscribers(): number {
		return this.#subscribers.size;
	}

	/** True once `end()` was called. */
	get ended(): boolean {
		return this.#ended;
	}

	/**
	 * The group `id` (default: the one after the newest group opened or written), opened on first
	 * use; an open group is returned as it is.
	 */
	group(id?: bigint | number, options?: SubgroupWriterOptions): GroupWriter {
		this.#checkOpen();
		const key = id === undefined ? this.#nextGroup : BigInt(id);
		let group = this.#groups.get(key);
		if (group === undefined) {
			group = new GroupWriter(this.#host, key, options);
			this.#groups.set(key, group);
		}
		if (key >= this.#nextGroup) this.#nextGroup = key + 1n;
		return group;
	}

	/** Writes one object where it says (for relays and generators that number objects themselves). */
	write(o: TrackWrite): Promise<bigint> {
		const subgroup = this.group(o.group).subgroup(
			o.subgroup ?? 0n,
			o.priority === undefined ? undefined : { priority: o.priority },
		);
		return subgroup.write(o.payload ?? new Uint8Array(0), o);
	}

	/**
	 * Sends one object as a datagram to every subscriber (RFC 9221; lost datagrams are not
	 * retransmitted). Returns how many subscribers it was sent to: Forward State 0, filters,
	 * a full send queue or a payload too large for a datagram leave some out.
	 */
	datagram(payload: PayloadLike, options: DatagramOptions): number {
		this.#checkOpen();
		const bytes = toPayload(payload);
		const properties = toProperties(options.properties);
		const groupId = BigInt(options.group);
		const objectId = BigInt(options.object);
		this.#record({
			group: groupId,
			subgroup: undefined,
			object: objectId,
			status: ObjectStatus.NORMAL,
			priority: options.priority,
			properties,
			payload: bytes,
		});
		if (groupId >= this.#nextGroup) this.#nextGroup = groupId + 1n;
		let sent = 0;
		for (const publisher of this.#subscribers) {
			const ok = publisher.sendDatagram({
				groupId,
				objectId,
				payload: bytes,
				properties,
				...(options.priority !== undefined && { publisherPriority: options.priority }),
				...(options.endOfGroup !== undefined && { endOfGroup: options.endOfGroup }),
			});
			if (ok) sent++;
		}
		return sent;
	}

	/**
	 * Ends the track: every open group is finished and every subscription ends with PUBLISH_DONE
	 * (TRACK_ENDED); FETCHes are still answered from the cache. Idempotent.
	 */
	async end(): Promise<void> {
		if (this.#ended) return;
		this.#ended = true;
		const groups = [...this.#groups.values()];
		await Promise.all(groups.map((group) => group.end()));
		for (const publisher of [...this.#subscribers]) publisher.close(PublishDoneCode[this.#draft].TRACK_ENDED, "");
		this.#subscribers.clear();
	}

	/**
	 * Accepts the peer's SUBSCRIBE for this track (SUBSCRIBE_OK with the largest object written):
	 * the track is delivered on it from now on. The session does this for tracks it knows; a
	 * handler serving tracks under other names (a relay) calls it itself.
	 */
	accept(request: IncomingSubscribe): TrackPublisher {
		this.#checkOpen();
		const publisher = request.accept({
			...this.publisherOptions(),
			parameters: this.#largest === undefined ? {} : { largestObject: this.#largest },
		});
		this.attach(publisher);
		return publisher;
	}

	/** @internal Delivers the track on a subscription we publish (an accepted SUBSCRIBE, our PUBLISH). */
	attach(publisher: TrackPublisher): void {
		this.#subscribers.add(publisher);
		void publisher.done.then(() => this.#subscribers.delete(publisher));
	}

	/** @internal Answers a FETCH (standalone, or joining one of this track's subscriptions). */
	answerFetch(request: IncomingFetch): Promise<void> {
		const largest = this.#largest;
		return answerFetch(request, {
			draft: this.#draft,
			largest,
			ended: this.#ended,
			cache: this.#cache,
			groupComplete: (group) => !this.#groups.has(group) && largest !== undefined && group <= largest.group,
		});
	}

	/** @internal Answers TRACK_STATUS with the largest object written. */
	answerStatus(request: IncomingTrackStatus): void {
		request.accept({ parameters: this.#largest === undefined ? {} : { largestObject: this.#largest } });
	}

	/** @internal How our PUBLISH of the track sends its objects. */
	publisherOptions(): PublisherOptions {
		const timeout = this.#options.deliveryTimeout;
		return {
			...(this.#options.priority !== undefined && { publisherPriority: this.#options.priority }),
			...(timeout !== undefined && { publisherDeliveryTimeout: { object: timeout } }),
		};
	}

	#checkOpen(): void {
		if (this.#ended) throw new RangeError("the track has ended");
	}

	#record(o: CachedObject): void {
		this.#cache.add(o);
		const largest = this.#largest;
		if (largest === undefined || o.group > largest.group || (o.group === largest.group && o.object > largest.object)) {
			this.#largest = { group: o.group, object: o.object };
		}
	}
}
