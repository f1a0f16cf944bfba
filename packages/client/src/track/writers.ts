/**
 * Writing a track's groups: a {@link GroupWriter} per group, holding {@link SubgroupWriter}s;
 * each subgroup goes to every subscriber of the track on a stream of its own
 * (draft-ietf-moq-transport-19 §11.4 "Subgroup streams"; the session's SubgroupSender opens the
 * stream with the first object a subscriber takes). A subscriber that arrives while a subgroup is
 * being written gets the rest of it on a stream without the FIRST_OBJECT flag (-19 §11.4.2).
 *
 * Object IDs increase within a subgroup; by default each write takes the next one. Writes resolve
 * when every subscriber's stream took the object: the slowest subscriber sets the pace (delivery
 * timeouts, set by either side, bound how far one can fall behind).
 *
 * @module
 */

import type { SubgroupSender, TrackPublisher } from "@moqt/session";
import { codecFor, type Draft, type KeyValuePair, ObjectStatus, propertiesAllowed } from "@moqt/wire";
import { type PayloadLike, type PropertyLike, toPayload, toProperties } from "../objects.js";
import type { CachedObject } from "./cache.js";

/** Options of a write. */
export interface WriteOptions {
	/** Object properties (extension headers in drafts 14 and 16). */
	readonly properties?: readonly (PropertyLike | KeyValuePair)[];
	/** The Object ID; default the next one. */
	readonly object?: bigint | number;
	/** Object Status; default NORMAL. A status other than NORMAL has an empty payload. */
	readonly status?: ObjectStatus;
}

/** Options of a subgroup. */
export interface SubgroupWriterOptions {
	/** Publisher Priority of its objects, 0 (highest) to 255; default the track's. */
	readonly priority?: number;
}

/** @internal What writers need of their track. */
export interface TrackHost {
	readonly draft: Draft;
	/** Throws once the track has ended. */
	checkOpen(): void;
	/** The subscriptions the track is published on now. */
	subscribers(): ReadonlySet<TrackPublisher>;
	/** An object was written: cache it and move the largest location. */
	record(o: CachedObject): void;
	/** The group ended. */
	groupEnded(group: GroupWriter): void;
}

/** One subgroup of a group. */
export class SubgroupWriter {
	/** The Group ID. */
	readonly group: bigint;
	/** The Subgroup ID. */
	readonly id: bigint;
	readonly #host: TrackHost;
	readonly #priority: number | undefined;
	readonly #senders = new Map<TrackPublisher, SubgroupSender>();
	#last = -1n;
	#written = 0;
	#ended = false;
	#terminal = false;

	/** @internal */
	constructor(host: TrackHost, group: bigint, id: bigint, options: SubgroupWriterOptions | undefined) {
		const priority = options?.priority;
		if (priority !== undefined && (!Number.isInteger(priority) || priority < 0 || priority > 255)) {
			throw new RangeError(`priority ${priority} is not in 0–255`);
		}
		this.#host = host;
		this.group = group;
		this.id = id;
		this.#priority = priority;
	}

	/** The Object ID the next write takes by default. */
	get nextObject(): bigint {
		return this.#last + 1n;
	}

	/** True once ended. */
	get ended(): boolean {
		return this.#ended;
	}

	/**
	 * Writes an object to every subscriber; resolves with its Object ID once every stream took it.
	 * Throws a RangeError for an Object ID that does not increase, a payload with a status other
	 * than NORMAL, or anything after the subgroup or track ended or after End of Group / Track.
	 */
	async write(payload: PayloadLike, options: WriteOptions = {}): Promise<bigint> {
		this.#host.checkOpen();
		if (this.#ended) throw new RangeError(`subgroup ${this.group}/${this.id} has ended`);
		if (this.#terminal) throw new RangeError("an object after End of Group / End of Track");
		const object = options.object === undefined ? this.#last + 1n : BigInt(options.object);
		if (object <= this.#last) throw new RangeError(`Object ID ${object} does not follow ${this.#last}`);
		const status = options.status ?? ObjectStatus.NORMAL;
		const bytes = toPayload(payload);
		if (status !== ObjectStatus.NORMAL && bytes.length > 0) {
			throw new RangeError(`an object with status ${status} has no payload`);
		}
		const properties = toProperties(options.properties);
		if (properties.length > 0 && !propertiesAllowed(status, codecFor(this.#host.draft))) {
			throw new RangeError(`draft-${this.#host.draft} forbids properties on status ${status}`);
		}
		const first = this.#written === 0;
		this.#last = object;
		this.#written++;
		if (status === ObjectStatus.END_OF_GROUP || status === ObjectStatus.END_OF_TRACK) this.#terminal = true;
		this.#host.record({
			group: this.group,
			subgroup: this.id,
			object,
			status,
			priority: this.#priority,
			properties,
			payload: bytes,
		});
		const live = this.#host.subscribers();
		const writes: Promise<void>[] = [];
		for (const publisher of live) {
			let sender = this.#senders.get(publisher);
			if (sender === undefined) {
				sender = publisher.openSubgroup({
					groupId: this.group,
					subgroupId: this.id,
					...(this.#priority !== undefined && { publisherPriority: this.#priority }),
					firstObject: first,
				});
				this.#senders.set(publisher, sender);
			}
			writes.push(sender.writeObject({ objectId: object, payload: bytes, properties, status }));
		}
		// Subscriptions that ended since the last write leave with their senders.
		for (const publisher of this.#senders.keys()) if (!live.has(publisher)) this.#senders.delete(publisher);
		await Promise.all(writes);
		return object;
	}

	/** Ends the subgroup: FIN on every subscriber's stream once its objects are written. Idempotent. */
	async end(): Promise<void> {
		if (this.#ended) return;
		this.#ended = true;
		const senders = [...this.#senders.values()];
		this.#senders.clear();
		await Promise.all(senders.map((sender) => sender.end()));
	}
}

/** One group of a track: subgroup 0 by default, more with {@link GroupWriter.subgroup}. */
export class GroupWriter {
	/** The Group ID. */
	readonly id: bigint;
	readonly #host: TrackHost;
	readonly #options: SubgroupWriterOptions | undefined;
	readonly #subgroups = new Map<bigint, SubgroupWriter>();
	#ended = false;

	/** @internal */
	constructor(host: TrackHost, id: bigint, options: SubgroupWriterOptions | undefined) {
		this.#host = host;
		this.id = id;
		this.#options = options;
	}

	/** True once ended. */
	get ended(): boolean {
		return this.#ended;
	}

	/** The subgroup `id` (opened on first use), with its own priority if given. */
	subgroup(id: bigint | number = 0n, options: SubgroupWriterOptions | undefined = this.#options): SubgroupWriter {
		this.#host.checkOpen();
		if (this.#ended) throw new RangeError(`group ${this.id} has ended`);
		const key = BigInt(id);
		let subgroup = this.#subgroups.get(key);
		if (subgroup === undefined) {
			subgroup = new SubgroupWriter(this.#host, this.id, key, options);
			this.#subgroups.set(key, subgroup);
		}
		return subgroup;
	}

	/** Writes the next object of subgroup 0; resolves with its Object ID. See {@link SubgroupWriter.write}. */
	write(payload: PayloadLike, options?: WriteOptions): Promise<bigint> {
		return this.subgroup(0n).write(payload, options);
	}

	/** Ends every subgroup of the group (FIN). Idempotent. */
	async end(): Promise<void> {
		if (this.#ended) return;
		this.#ended = true;
		this.#host.groupEnded(this);
		await Promise.all([...this.#subgroups.values()].map((s) => s.end()));
	}
}
