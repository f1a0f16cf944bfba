/**
 * The bounded queue of objects waiting to be sent to one subscriber session, and the decisions
 * about what to drop when the subscriber is too slow (draft-ietf-moq-transport-19 §8 "Delivery
 * Timeouts and Data Reliability", §7.2 "Scheduling Algorithm", §11.4.3 "Closing Subgroup
 * Streams", §3.3.4 "Stream Reset Error Codes"; -14 §9.2.1.2 DELIVERY TIMEOUT, §7.2, §10.4.3).
 *
 * - **Never blocks.** `push` always returns at once; when the queue would exceed its byte or
 *   object bound it drops whole groups: "If a subscriber fails to consume Objects at a sufficient
 *   rate, causing the publisher to exceed its resource limits" the publisher may give up on them.
 *   The victim is the least important queued group: the subscription with the largest subscriber
 *   priority number, then the group whose best publisher priority is the largest number, then the
 *   oldest (smallest Group ID). Objects are never split: an object is queued or dropped whole.
 * - **Resets.** Subgroup streams of a dropped group that already carried an object must be reset
 *   (§11.4.3: "If a sender closes the stream before delivering all such objects ... it MUST reset
 *   the stream"). Each {@link QueueDrop} lists them with the draft's code: TOO_FAR_BEHIND (0x5,
 *   draft-18 on) for a full queue; drafts 14 and 16 have no such stream code, so DELIVERY_TIMEOUT.
 *   Later objects of a dropped group are dropped on arrival, so a subscriber never gets a group
 *   with a hole in the middle of a subgroup.
 * - **Delivery timeout.** With a timeout set, an object whose first byte arrived longer ago than
 *   that is not sent: for a subgroup the stream is reset with DELIVERY_TIMEOUT and the rest of the
 *   subgroup is dropped (no new stream is opened for it); a datagram is just dropped (§8).
 * - **Order.** {@link SubscriberQueue.shift} returns the next object by the Scheduling Algorithm:
 *   subscriber priority, then publisher priority, then the subscription's group order, then the
 *   lowest Subgroup ID (datagrams first, lowest Object ID). Objects of one subgroup leave in the
 *   order they came ("A relay MUST NOT reorder ... objects received on a multi-object stream").
 *   Ties between subscriptions rotate, so every subscription gets to send.
 *
 * Pure: no timers and no I/O; time comes from the injected clock.
 *
 * @module
 */

import type { ForwardingPreference } from "@moqt/wire";
import { type Draft, GroupOrder, StreamResetCode } from "@moqt/wire";

/** The fields of an object the queue looks at (a `CachedObject` has them all). */
export interface QueueableObject {
	readonly groupId: bigint;
	/** `undefined` for a datagram. */
	readonly subgroupId?: bigint;
	readonly objectId: bigint;
	/** `undefined` inherits the subscription's default (DEFAULT_PUBLISHER_PRIORITY, 128). */
	readonly publisherPriority?: number;
	readonly forwardingPreference?: ForwardingPreference;
	readonly payload: Uint8Array;
	/** When the object's first byte arrived (ms, the queue's clock): delivery timeouts count from it. */
	readonly receivedAt: number;
}

/** How one subscription's objects are scheduled. */
export interface QueueSubscriptionOptions {
	/** SUBSCRIBER_PRIORITY, 0–255, lower is more urgent. */
	readonly subscriberPriority: number;
	/** The subscription's group order. */
	readonly groupOrder: typeof GroupOrder.ASCENDING | typeof GroupOrder.DESCENDING;
	/** The priority of objects that carry none (the track's DEFAULT_PUBLISHER_PRIORITY; 128 when absent). */
	readonly defaultPublisherPriority?: number;
	/** The delivery timeout in ms; 0 or absent for none. */
	readonly deliveryTimeout?: number;
}

/** Why objects were dropped. */
export type DropCause =
	/** The queue was over its bounds: a whole group went. */
	| "queue-full"
	/** An object waited longer than the delivery timeout: its subgroup (or the datagram) went. */
	| "delivery-timeout"
	/** The object belongs to a group or subgroup dropped before. */
	| "already-dropped";

/** Objects the queue dropped, and the stream resets that follow. */
export interface QueueDrop<K> {
	readonly subscription: K;
	readonly cause: DropCause;
	readonly groupId: bigint;
	/** Set when only one subgroup went (a delivery timeout). */
	readonly subgroupId?: bigint;
	/** Subgroup streams that carried objects of what was dropped and must be reset now. */
	readonly resetSubgroups: readonly bigint[];
	/** The draft's stream reset code for them (see the module doc) and its name. */
	readonly resetCode: number;
	readonly resetName: "TOO_FAR_BEHIND" | "DELIVERY_TIMEOUT";
	/** Objects and bytes dropped, the incoming object included when it was dropped too. */
	readonly objects: number;
	readonly bytes: number;
}

/** An object leaving the queue. */
export interface QueueItem<K, T> {
	readonly subscription: K;
	readonly object: T;
}

/** The result of {@link SubscriberQueue.shift}: the next object, and drops made on the way. */
export interface Shifted<K, T> {
	readonly item: QueueItem<K, T> | undefined;
	readonly drops: readonly QueueDrop<K>[];
}

/** Options of a {@link SubscriberQueue}. */
export interface SubscriberQueueOptions<T> {
	/** The subscriber session's draft: it picks the stream reset codes. */
	readonly draft: Draft;
	/** The most bytes (by `sizeOf`) queued at once. */
	readonly maxBytes: number;
	/** The most objects queued at once. */
	readonly maxObjects: number;
	/** The clock, in milliseconds; `Date.now` by default. */
	readonly now?: () => number;
	/** What an object counts against `maxBytes`; its payload length by default. */
	readonly sizeOf?: (object: T) => number;
}

/** The default publisher priority (draft-19 §12.4 DEFAULT PUBLISHER PRIORITY: "If omitted ... 128"). */
export const DEFAULT_PUBLISHER_PRIORITY = 128;

// Markers of dropped groups / subgroups kept per subscription, and empty groups kept to remember
// which of their subgroups have started; the oldest go first.
const MAX_DROPPED_MARKERS = 256;
const MAX_IDLE_GROUPS = 16;
const NO_DROPS: readonly never[] = [];

interface Entry<T> {
	readonly object: T;
	readonly size: number;
	readonly priority: number;
}

/** The objects of one subgroup (or the datagrams of one group), first in first out. */
interface Lane<T> {
	readonly subgroupId: bigint | undefined;
	readonly entries: Entry<T>[];
	head: number;
}

interface GroupState<T> {
	readonly id: bigint;
	/** Keyed by Subgroup ID; datagrams under "d". */
	readonly lanes: Map<LaneKey, Lane<T>>;
	/** Subgroups that have had an object shifted: their streams are open. */
	readonly started: Set<bigint>;
	objects: number;
	bytes: number;
}

interface SubscriptionState<K, T> {
	readonly key: K;
	options: QueueSubscriptionOptions;
	readonly groups: Map<bigint, GroupState<T>>;
	readonly droppedGroups: Set<bigint>;
	readonly droppedSubgroups: Set<string>;
}

/** A lane's key: the Subgroup ID itself (Maps compare bigints by value), or "d" for datagrams. */
type LaneKey = bigint | "d";

function laneKey(subgroupId: bigint | undefined): LaneKey {
	return subgroupId ?? "d";
}

function remember<V>(set: Set<V>, value: V): void {
	set.add(value);
	// Sets iterate in insertion order: the first value is the oldest marker.
	if (set.size > MAX_DROPPED_MARKERS) set.delete(set.values().next().value as V);
}

function checkPriority(p: number, what: string): void {
	if (!Number.isInteger(p) || p < 0 || p > 255) throw new RangeError(`${what} ${p} is outside 0-255`);
}

/** A subscriber session's bounded send queue. `K` names a subscription, `T` is the object type. */
export class SubscriberQueue<K, T extends QueueableObject> {
	readonly #subs = new Map<K, SubscriptionState<K, T>>();
	readonly #order: SubscriptionState<K, T>[] = [];
	readonly #draft: Draft;
	readonly #maxBytes: number;
	readonly #maxObjects: number;
	readonly #now: () => number;
	readonly #sizeOf: (object: T) => number;
	#bytes = 0;
	#objects = 0;
	#turn = 0;

	constructor(options: SubscriberQueueOptions<T>) {
		if (!(options.maxBytes > 0) || !(options.maxObjects > 0)) throw new RangeError("queue bounds must be positive");
		this.#draft = options.draft;
		this.#maxBytes = options.maxBytes;
		this.#maxObjects = options.maxObjects;
		this.#now = options.now ?? Date.now;
		this.#sizeOf = options.sizeOf ?? ((o) => o.payload.byteLength);
	}

	/** Bytes queued. */
	get bytes(): number {
		return this.#bytes;
	}

	/** Objects queued. */
	get size(): number {
		return this.#objects;
	}

	/** Subscriptions known to the queue. */
	get subscriptionCount(): number {
		return this.#subs.size;
	}

	/** Starts queueing for a subscription. */
	addSubscription(key: K, options: QueueSubscriptionOptions): void {
		if (this.#subs.has(key)) throw new Error("the subscription is already in the queue");
		checkPriority(options.subscriberPriority, "subscriber priority");
		const state: SubscriptionState<K, T> = {
			key,
			options,
			groups: new Map(),
			droppedGroups: new Set(),
			droppedSubgroups: new Set(),
		};
		this.#subs.set(key, state);
		this.#order.push(state);
	}

	/** Changes a subscription's priority or delivery timeout (REQUEST_UPDATE); group order is fixed. */
	updateSubscription(
		key: K,
		update: Partial<Pick<QueueSubscriptionOptions, "subscriberPriority" | "deliveryTimeout">>,
	): void {
		const state = this.#state(key);
		if (update.subscriberPriority !== undefined) checkPriority(update.subscriberPriority, "subscriber priority");
		state.options = { ...state.options, ...update };
	}

	/** Forgets a subscription and discards what it had queued; returns how much. */
	removeSubscription(key: K): { readonly objects: number; readonly bytes: number } {
		const state = this.#subs.get(key);
		if (state === undefined) return { objects: 0, bytes: 0 };
		let objects = 0;
		let bytes = 0;
		for (const group of state.groups.values()) {
			objects += group.objects;
			bytes += group.bytes;
		}
		this.#objects -= objects;
		this.#bytes -= bytes;
		this.#subs.delete(key);
		this.#order.splice(this.#order.indexOf(state), 1);
		return { objects, bytes };
	}

	/**
	 * Queues an object of subscription `key`. Returns what was dropped to stay within bounds,
	 * which may include this object (its group was the least important, or was dropped before).
	 */
	push(key: K, object: T): readonly QueueDrop<K>[] {
		const state = this.#state(key);
		const size = this.#sizeOf(object);
		const priority = object.publisherPriority ?? state.options.defaultPublisherPriority ?? DEFAULT_PUBLISHER_PRIORITY;
		checkPriority(priority, "publisher priority");
		// The marker key is built only when some subgroup was dropped: most pushes allocate nothing here.
		if (
			state.droppedGroups.has(object.groupId) ||
			(state.droppedSubgroups.size > 0 && state.droppedSubgroups.has(`${object.groupId}:${object.subgroupId ?? "d"}`))
		) {
			return [this.#lateDrop(state, object, size)];
		}
		let group = state.groups.get(object.groupId);
		if (group === undefined) {
			this.#retireIdleGroups(state);
			group = { id: object.groupId, lanes: new Map(), started: new Set(), objects: 0, bytes: 0 };
			state.groups.set(object.groupId, group);
		}
		const lk = laneKey(object.subgroupId);
		let lane = group.lanes.get(lk);
		if (lane === undefined) {
			lane = { subgroupId: object.subgroupId, entries: [], head: 0 };
			group.lanes.set(lk, lane);
		}
		lane.entries.push({ object, size, priority });
		group.objects++;
		group.bytes += size;
		this.#objects++;
		this.#bytes += size;
		let drops: QueueDrop<K>[] | undefined;
		while (this.#bytes > this.#maxBytes || this.#objects > this.#maxObjects) {
			const victim = this.#victim();
			if (victim === undefined) break;
			drops ??= [];
			drops.push(this.#dropGroup(victim.state, victim.group, "queue-full"));
		}
		return drops ?? NO_DROPS;
	}

	/**
	 * The next object to send, by the Scheduling Algorithm. Objects past their delivery timeout
	 * are dropped first and reported in `drops`.
	 */
	shift(): Shifted<K, T> {
		const now = this.#now();
		let drops: QueueDrop<K>[] | undefined;
		// The best lane so far and its schedule key, kept in locals: no allocation per lane.
		let bestState: SubscriptionState<K, T> | undefined;
		let bestGroup: GroupState<T> | undefined;
		let bestLane: Lane<T> | undefined;
		let bestSub = 0;
		let bestPub = 0;
		let bestOrder = 0n;
		let bestDatagram = false;
		let bestId = 0n;
		const n = this.#order.length;
		for (let i = 0; i < n; i++) {
			const state = this.#order[(this.#turn + i) % n]!;
			const timeout = state.options.deliveryTimeout ?? 0;
			const sub = state.options.subscriberPriority;
			const descending = state.options.groupOrder === GroupOrder.DESCENDING;
			// Timing out empties lanes but never removes a lane or a group, so iterating in place is safe.
			for (const group of state.groups.values()) {
				// Empty groups are kept only to remember their started subgroups.
				if (group.objects === 0) continue;
				const order = descending ? -group.id : group.id;
				for (const lane of group.lanes.values()) {
					let head = lane.entries[lane.head];
					while (head !== undefined && timeout > 0 && now - head.object.receivedAt >= timeout) {
						drops ??= [];
						drops.push(this.#timeOut(state, group, lane));
						head = lane.entries[lane.head];
					}
					if (head === undefined) continue;
					// Lower sorts first: subscriber priority, publisher priority, group order, datagrams, then ID.
					const datagram = lane.subgroupId === undefined;
					const id = datagram ? head.object.objectId : lane.subgroupId!;
					if (
						bestLane === undefined ||
						sub < bestSub ||
						(sub === bestSub &&
							(head.priority < bestPub ||
								(head.priority === bestPub &&
									(order < bestOrder ||
										(order === bestOrder &&
											((datagram && !bestDatagram) || (datagram === bestDatagram && id < bestId)))))))
					) {
						bestState = state;
						bestGroup = group;
						bestLane = lane;
						bestSub = sub;
						bestPub = head.priority;
						bestOrder = order;
						bestDatagram = datagram;
						bestId = id;
					}
				}
			}
		}
		if (n > 0) this.#turn = (this.#turn + 1) % n;
		if (bestLane === undefined) return { item: undefined, drops: drops ?? NO_DROPS };
		const entry = this.#take(bestGroup!, bestLane);
		if (bestLane.subgroupId !== undefined) bestGroup!.started.add(bestLane.subgroupId);
		return { item: { subscription: bestState!.key, object: entry.object }, drops: drops ?? NO_DROPS };
	}

	/**
	 * Tells the queue that a subgroup stream was reset for another reason (STOP_SENDING from the
	 * subscriber): its queued objects are discarded and later ones dropped on arrival.
	 */
	dropSubgroup(key: K, groupId: bigint, subgroupId: bigint): { readonly objects: number; readonly bytes: number } {
		const state = this.#state(key);
		remember(state.droppedSubgroups, `${groupId}:${subgroupId}`);
		const group = state.groups.get(groupId);
		const lane = group?.lanes.get(laneKey(subgroupId));
		if (group === undefined || lane === undefined) return { objects: 0, bytes: 0 };
		return this.#discardLane(group, lane);
	}

	#state(key: K): SubscriptionState<K, T> {
		const state = this.#subs.get(key);
		if (state === undefined) throw new Error("unknown subscription");
		return state;
	}

	// The least important queued group: largest subscriber priority number, then largest best
	// publisher priority number, then the smallest Group ID.
	#victim(): { state: SubscriptionState<K, T>; group: GroupState<T> } | undefined {
		let victim: { state: SubscriptionState<K, T>; group: GroupState<T> } | undefined;
		let victimKey: readonly [number, number, bigint] | undefined;
		for (const state of this.#order) {
			for (const group of state.groups.values()) {
				if (group.objects === 0) continue;
				let best = 256;
				for (const lane of group.lanes.values()) {
					for (let i = lane.head; i < lane.entries.length; i++) best = Math.min(best, lane.entries[i]!.priority);
				}
				const key = [-state.options.subscriberPriority, -best, group.id] as const;
				if (victimKey === undefined || compareKeys(key, victimKey) < 0) {
					victim = { state, group };
					victimKey = key;
				}
			}
		}
		return victim;
	}

	#resetCode(cause: DropCause): { resetCode: number; resetName: QueueDrop<K>["resetName"] } {
		const table = StreamResetCode[this.#draft];
		if (cause === "queue-full" && "TOO_FAR_BEHIND" in table) {
			return { resetCode: table.TOO_FAR_BEHIND, resetName: "TOO_FAR_BEHIND" };
		}
		return { resetCode: table.DELIVERY_TIMEOUT, resetName: "DELIVERY_TIMEOUT" };
	}

	#dropGroup(state: SubscriptionState<K, T>, group: GroupState<T>, cause: DropCause): QueueDrop<K> {
		const { objects, bytes } = group;
		this.#objects -= objects;
		this.#bytes -= bytes;
		state.groups.delete(group.id);
		remember(state.droppedGroups, group.id);
		return {
			subscription: state.key,
			cause,
			groupId: group.id,
			resetSubgroups: [...group.started],
			...this.#resetCode(cause),
			objects,
			bytes,
		};
	}

	#timeOut(state: SubscriptionState<K, T>, group: GroupState<T>, lane: Lane<T>): QueueDrop<K> {
		const base = {
			subscription: state.key,
			cause: "delivery-timeout" as const,
			groupId: group.id,
			...this.#resetCode("delivery-timeout"),
		};
		if (lane.subgroupId === undefined) {
			const entry = this.#take(group, lane);
			return { ...base, resetSubgroups: [], objects: 1, bytes: entry.size };
		}
		remember(state.droppedSubgroups, `${group.id}:${lane.subgroupId}`);
		const started = group.started.has(lane.subgroupId);
		const { objects, bytes } = this.#discardLane(group, lane);
		return { ...base, subgroupId: lane.subgroupId, resetSubgroups: started ? [lane.subgroupId] : [], objects, bytes };
	}

	#lateDrop(state: SubscriptionState<K, T>, object: T, size: number): QueueDrop<K> {
		return {
			subscription: state.key,
			cause: "already-dropped",
			groupId: object.groupId,
			...(object.subgroupId === undefined ? {} : { subgroupId: object.subgroupId }),
			resetSubgroups: [],
			...this.#resetCode("queue-full"),
			objects: 1,
			bytes: size,
		};
	}

	#take(group: GroupState<T>, lane: Lane<T>): Entry<T> {
		const entry = lane.entries[lane.head]!;
		lane.head++;
		// Compact now and then instead of shifting the array on every take.
		if (lane.head === lane.entries.length) {
			lane.entries.length = 0;
			lane.head = 0;
		} else if (lane.head > 32 && lane.head * 2 > lane.entries.length) {
			lane.entries.splice(0, lane.head);
			lane.head = 0;
		}
		group.objects--;
		group.bytes -= entry.size;
		this.#objects--;
		this.#bytes -= entry.size;
		return entry;
	}

	#discardLane(group: GroupState<T>, lane: Lane<T>): { objects: number; bytes: number } {
		let objects = 0;
		let bytes = 0;
		for (let i = lane.head; i < lane.entries.length; i++) {
			objects++;
			bytes += lane.entries[i]!.size;
		}
		lane.entries.length = 0;
		lane.head = 0;
		group.objects -= objects;
		group.bytes -= bytes;
		this.#objects -= objects;
		this.#bytes -= bytes;
		return { objects, bytes };
	}

	// Keeps at most MAX_IDLE_GROUPS empty groups per subscription (they only remember started
	// subgroups); the smallest Group IDs go first.
	#retireIdleGroups(state: SubscriptionState<K, T>): void {
		const idle = [...state.groups.values()].filter((g) => g.objects === 0);
		if (idle.length < MAX_IDLE_GROUPS) return;
		idle.sort((a, b) => (a.id < b.id ? -1 : 1));
		for (const g of idle.slice(0, idle.length - MAX_IDLE_GROUPS + 1)) state.groups.delete(g.id);
	}
}

function compareKeys(a: readonly (number | bigint)[], b: readonly (number | bigint)[]): number {
	for (let i = 0; i < a.length; i++) {
		if (a[i]! < b[i]!) return -1;
		if (a[i]! > b[i]!) return 1;
	}
	return 0;
}
