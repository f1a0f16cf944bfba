/**
 * The application's end of a subscription or fetch: a bounded queue of received objects consumed
 * with `for await`, that tells the data-stream router when to stop reading (it implements
 * {@link ObjectSink}). Memory stays bounded: once the queue holds `maxObjects` items or
 * `maxBytes` payload bytes it reports itself full, the router stops reading the streams that feed
 * it, and QUIC flow control holds the publisher back (draft-ietf-moq-transport-19 §11.4.2: "The
 * endpoint MAY withhold stream flow control"). Since the router pushes only while the queue is
 * not full, it never holds more than its limits plus one object.
 *
 * Ending: `end()` lets the consumer take what is queued and then finishes the iteration; `end({
 * error })` does the same and then throws the error from the iterator. The consumer leaving the
 * loop early (or calling `cancel()`) drops what is queued, makes the queue `closed` so the router
 * stops its streams, and calls `onCancel`.
 *
 * @module
 */

import type { ObjectSink, ReceivedObject, SinkEnd, SubgroupStreamEnd } from "./types.js";

/** Options of an {@link ObjectQueue}. */
export interface ObjectQueueOptions {
	/** Items held before the queue reports itself full. Default 256. */
	readonly maxObjects?: number;
	/** Payload bytes held before the queue reports itself full. Default 4 MiB. */
	readonly maxBytes?: number;
	/** The priority objects inherit when their header carries none (see ReceivedObject). */
	readonly defaultPublisherPriority?: number;
	/** Called once when the consumer leaves early or `cancel()` is called. */
	readonly onCancel?: (reason: unknown) => void;
	/** Called for each subgroup stream that fed the queue and ended (for stream accounting). */
	readonly onStreamEnd?: (info: SubgroupStreamEnd) => void;
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

function sizeOf(item: unknown): number {
	return (item as { payload?: Uint8Array }).payload?.byteLength ?? 0;
}

/** A bounded async queue of received items: an {@link ObjectSink} for the router, an AsyncIterable for the application. */
export class ObjectQueue<T = ReceivedObject> implements ObjectSink<T>, AsyncIterable<T> {
	readonly defaultPublisherPriority: number | undefined;
	private readonly maxObjects: number;
	private readonly maxBytes: number;
	private readonly options: ObjectQueueOptions;
	private items: T[] = [];
	private head = 0;
	private byteCount = 0;
	private readers: ((result: IteratorResult<T, undefined>) => void)[] = [];
	private failers: ((error: unknown) => void)[] = [];
	private waiters: (() => void)[] = [];
	private ended: SinkEnd | undefined;
	private cancelled = false;

	constructor(options: ObjectQueueOptions = {}) {
		this.options = options;
		this.maxObjects = Math.max(1, options.maxObjects ?? 256);
		this.maxBytes = Math.max(1, options.maxBytes ?? 4 * 1024 * 1024);
		this.defaultPublisherPriority = options.defaultPublisherPriority;
	}

	/** Items waiting to be taken. */
	get size(): number {
		return this.items.length - this.head;
	}

	/** Payload bytes waiting to be taken. */
	get bytes(): number {
		return this.byteCount;
	}

	get full(): boolean {
		return this.size >= this.maxObjects || this.byteCount >= this.maxBytes;
	}

	get closed(): boolean {
		return this.ended !== undefined || this.cancelled;
	}

	/** True once the consumer left or `cancel()` was called. */
	get isCancelled(): boolean {
		return this.cancelled;
	}

	/** Adds an item (handed straight to a waiting consumer if there is one); false when now full or closed. */
	push(item: T): boolean {
		if (this.closed) return false;
		const reader = this.readers.shift();
		if (reader !== undefined) {
			this.failers.shift();
			reader({ done: false, value: item });
			return true;
		}
		this.items.push(item);
		this.byteCount += sizeOf(item);
		return !this.full;
	}

	ready(): Promise<void> {
		if (!this.full || this.closed) return Promise.resolve();
		return new Promise((resolve) => this.waiters.push(resolve));
	}

	/** No more items: the consumer takes what is queued, then the iteration ends (or throws `info.error`). */
	end(info: SinkEnd = {}): void {
		if (this.closed) return;
		this.ended = info;
		this.wake();
		if (this.size > 0) return;
		this.settleReaders();
	}

	streamEnded(info: SubgroupStreamEnd): void {
		this.options.onStreamEnd?.(info);
	}

	/** The consumer is gone: drops what is queued, ends the iteration, and stops the router feeding it. */
	cancel(reason?: unknown): void {
		if (this.cancelled) return;
		const wasEnded = this.ended !== undefined;
		this.cancelled = true;
		this.items = [];
		this.head = 0;
		this.byteCount = 0;
		for (const reader of this.readers.splice(0)) reader(DONE);
		this.failers = [];
		this.wake();
		if (!wasEnded) this.options.onCancel?.(reason);
	}

	/** The next item; done once ended and drained (rejects with the end's error, if any). */
	next(): Promise<IteratorResult<T, undefined>> {
		if (this.size > 0) {
			const item = this.items[this.head] as T;
			this.items[this.head] = undefined as T;
			this.head++;
			this.byteCount -= sizeOf(item);
			if (this.head === this.items.length) {
				this.items = [];
				this.head = 0;
			} else if (this.head >= 1024 && this.head * 2 >= this.items.length) {
				// Compact now and then so the array does not keep taken slots forever.
				this.items = this.items.slice(this.head);
				this.head = 0;
			}
			if (!this.full) this.wake();
			return Promise.resolve({ done: false, value: item });
		}
		if (this.cancelled) return Promise.resolve(DONE);
		if (this.ended !== undefined) {
			const error = this.ended.error;
			return error === undefined ? Promise.resolve(DONE) : Promise.reject(error);
		}
		return new Promise((resolve, reject) => {
			this.readers.push(resolve);
			this.failers.push(reject);
		});
	}

	[Symbol.asyncIterator](): AsyncIterator<T, undefined> {
		return {
			next: () => this.next(),
			// Leaving a for-await early: the consumer is gone.
			return: () => {
				if (!(this.ended !== undefined && this.size === 0)) this.cancel();
				return Promise.resolve(DONE);
			},
		};
	}

	// Readers wait only while nothing is queued: once ended, they finish (or fail) at once.
	private settleReaders(): void {
		const error = this.ended?.error;
		const readers = this.readers.splice(0);
		const failers = this.failers.splice(0);
		if (error === undefined) for (const reader of readers) reader(DONE);
		else for (const fail of failers) fail(error);
	}

	private wake(): void {
		for (const waiter of this.waiters.splice(0)) waiter();
	}
}
