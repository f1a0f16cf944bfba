/**
 * Everything the relay sends to one downstream session goes through one bounded queue and one
 * pump (draft-ietf-moq-transport-19 §7.2 "Scheduling Algorithm", §8 "Delivery Timeouts and Data
 * Reliability"; -14 §7.2):
 *
 * - Objects are pushed into the session's {@link SubscriberQueue} and never wait: a slow
 *   subscriber loses whole old groups (its started streams are reset with TOO_FAR_BEHIND, or
 *   DELIVERY_TIMEOUT in drafts 14 and 16), it never holds the publisher or other subscribers back,
 *   and the memory it can hold is the queue's bounds plus the send window.
 * - The pump hands objects to the session in the Scheduling Algorithm's order while less than a
 *   send window (bytes and objects) is waiting on the transport; each write's completion reopens
 *   the window. A stream stalled by flow control therefore fills the window, the queue grows, and
 *   the oldest groups are dropped, which resets the stalled streams and frees the window again.
 *
 * @module
 */

import type { Draft } from "@moqt/wire";
import type { RelayMetrics } from "../metrics/relay-metrics.js";
import { type QueueDrop, type QueueSubscriptionOptions, SubscriberQueue } from "../subscriber-queue.js";
import type { Downstream } from "./downstream.js";
import type { RelayObject } from "./relay-object.js";

/** Bounds of one session's send queue and window. */
export interface SessionSenderLimits {
	/** Bytes queued before whole groups are dropped. */
	readonly queueBytes: number;
	/** Objects queued before whole groups are dropped. */
	readonly queueObjects: number;
	/** Bytes handed to the session whose writes have not completed. */
	readonly windowBytes: number;
	/** Objects handed to the session whose writes have not completed. */
	readonly windowObjects: number;
}

/** Options of a {@link SessionSender}. */
export interface SessionSenderOptions extends SessionSenderLimits {
	readonly draft: Draft;
	readonly now: () => number;
	readonly metrics: RelayMetrics | undefined;
}

/** Stream reset code for a write the session refused (INTERNAL_ERROR in every draft's table). */
const INTERNAL_ERROR = 0;

/** One downstream session's send queue and pump. */
export class SessionSender {
	readonly #queue: SubscriberQueue<Downstream, RelayObject>;
	readonly #options: SessionSenderOptions;
	readonly #members = new Set<Downstream>();
	#inflightBytes = 0;
	#inflightObjects = 0;
	#scheduled = false;
	#closed = false;

	constructor(options: SessionSenderOptions) {
		this.#options = options;
		this.#queue = new SubscriberQueue({
			draft: options.draft,
			maxBytes: options.queueBytes,
			maxObjects: options.queueObjects,
			now: options.now,
		});
	}

	/** Objects and bytes queued, and what is in flight. */
	get stats(): {
		readonly queued: number;
		readonly bytes: number;
		readonly inflight: number;
		readonly subscriptions: number;
	} {
		return {
			queued: this.#queue.size,
			bytes: this.#queue.bytes,
			inflight: this.#inflightObjects,
			subscriptions: this.#queue.subscriptionCount,
		};
	}

	/** Starts queueing for a downstream subscription. */
	add(downstream: Downstream, options: QueueSubscriptionOptions): void {
		this.#queue.addSubscription(downstream, options);
		this.#members.add(downstream);
	}

	/** The subscriber changed its priority or delivery timeout. */
	update(
		downstream: Downstream,
		update: Partial<Pick<QueueSubscriptionOptions, "subscriberPriority" | "deliveryTimeout">>,
	): void {
		if (this.#members.has(downstream)) this.#queue.updateSubscription(downstream, update);
	}

	/** Forgets a subscription and what it had queued. */
	remove(downstream: Downstream): void {
		this.#members.delete(downstream);
		this.#queue.removeSubscription(downstream);
		downstream.queued = 0;
	}

	/** Queues an object (or marker) for a subscription; never waits. */
	push(downstream: Downstream, o: RelayObject): void {
		// A subscription removed (ended, or its queue discarded) takes nothing more.
		if (this.#closed || !this.#members.has(downstream)) return;
		downstream.queued++;
		const drops = this.#queue.push(downstream, o);
		if (drops.length > 0) this.#dropped(drops);
		this.#schedule();
	}

	/** The session is gone: nothing more is sent. */
	close(): void {
		this.#closed = true;
	}

	#schedule(): void {
		if (this.#scheduled || this.#closed) return;
		this.#scheduled = true;
		queueMicrotask(() => this.#run());
	}

	#run(): void {
		this.#scheduled = false;
		const { windowBytes, windowObjects, metrics } = this.#options;
		while (!this.#closed && this.#inflightBytes < windowBytes && this.#inflightObjects < windowObjects) {
			const { item, drops } = this.#queue.shift();
			if (drops.length > 0) this.#dropped(drops);
			if (item === undefined) return;
			const downstream = item.subscription;
			const o = item.object;
			downstream.queued--;
			let pending: Promise<void> | undefined;
			try {
				pending = downstream.write(o);
			} catch {
				downstream.failed(o, INTERNAL_ERROR);
			}
			if (o.kind === "object" || o.kind === "datagram") metrics?.objects("out", 1, o.payload.byteLength);
			if (pending !== undefined) this.#track(pending, downstream, o);
			if (downstream.queued === 0) downstream.drained();
		}
	}

	#track(pending: Promise<void>, downstream: Downstream, o: RelayObject): void {
		const size = o.payload.byteLength;
		this.#inflightBytes += size;
		this.#inflightObjects++;
		const settled = () => {
			this.#inflightBytes -= size;
			this.#inflightObjects--;
			if (this.#queue.size > 0) this.#schedule();
		};
		pending.then(settled, () => {
			downstream.failed(o, INTERNAL_ERROR);
			settled();
		});
	}

	#dropped(drops: readonly QueueDrop<Downstream>[]): void {
		for (const drop of drops) {
			const downstream = drop.subscription;
			downstream.queued -= drop.objects;
			for (const subgroupId of drop.resetSubgroups) downstream.resetSubgroup(drop.groupId, subgroupId, drop.resetCode);
			this.#options.metrics?.dropped(drop.cause, drop.objects, drop.bytes);
			if (downstream.queued === 0) downstream.drained();
		}
	}
}
