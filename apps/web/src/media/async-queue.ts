/**
 * A push-to-pull queue: a producer driven by callbacks (the WebCodecs encoder's output) feeds a
 * consumer that iterates with `for await`, the house style for sequences of media objects
 * (draft-ietf-moq-loc §4.2: the publisher hands each encoded frame, in order, to its track).
 *
 * One consumer; unbounded, since the producer is paced by the frame rate and a consumer that
 * stops early cancels the producer through `onCancel`.
 *
 * @module
 */

/** A single-consumer async queue. */
export class AsyncQueue<T> implements AsyncIterable<T> {
	private readonly items: T[] = [];
	private waiting: { resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void } | undefined;
	private done = false;
	private error: { reason: unknown } | undefined;
	private readonly onCancel: (() => void) | undefined;

	/** `onCancel` runs when the consumer stops iterating before the queue ends. */
	constructor(onCancel?: () => void) {
		this.onCancel = onCancel;
	}

	/** Adds an item; ignored once the queue has ended. */
	push(item: T): void {
		if (this.done) return;
		const w = this.waiting;
		if (w === undefined) this.items.push(item);
		else {
			this.waiting = undefined;
			w.resolve({ value: item, done: false });
		}
	}

	/** Ends the queue after the items already pushed. */
	end(): void {
		this.finish(undefined);
	}

	/** Ends the queue with an error, thrown to the consumer after the items already pushed. */
	fail(reason: unknown): void {
		this.finish({ reason });
	}

	[Symbol.asyncIterator](): AsyncIterator<T> {
		return {
			next: () => this.next(),
			return: async () => {
				if (!this.done) {
					this.finish(undefined);
					this.onCancel?.();
				}
				this.items.length = 0;
				return { value: undefined, done: true };
			},
		};
	}

	private next(): Promise<IteratorResult<T>> {
		if (this.items.length > 0) return Promise.resolve({ value: this.items.shift() as T, done: false });
		if (this.error !== undefined) return Promise.reject(this.error.reason);
		if (this.done) return Promise.resolve({ value: undefined, done: true });
		return new Promise((resolve, reject) => {
			this.waiting = { resolve, reject };
		});
	}

	private finish(error: { reason: unknown } | undefined): void {
		if (this.done) return;
		this.done = true;
		this.error = error;
		const w = this.waiting;
		this.waiting = undefined;
		if (w === undefined) return;
		if (error !== undefined) w.reject(error.reason);
		else w.resolve({ value: undefined, done: true });
	}
}
