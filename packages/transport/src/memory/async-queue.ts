/**
 * A FIFO consumed as an async iterable: incoming streams, datagrams and session requests.
 * Platform-neutral; used by the in-memory pair, the WebTransport adapters and servers.
 *
 * @module
 */

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * A queue whose items are taken by `next()` or `for await`. Every iterator pulls from the same
 * queue, and leaving a `for await` loop early does not close it, so a later loop picks up where
 * the last one stopped. {@link AsyncQueue.end} and {@link AsyncQueue.close} end all iterations.
 */
export class AsyncQueue<T> implements AsyncIterable<T> {
	readonly #items: T[] = [];
	readonly #waiters: ((result: IteratorResult<T, undefined>) => void)[] = [];
	readonly #capacity: number;
	#closed = false;

	/** @param capacity Items held while nobody waits; {@link AsyncQueue.push} drops beyond it. */
	constructor(capacity = Number.POSITIVE_INFINITY) {
		this.#capacity = capacity;
	}

	/** True once {@link AsyncQueue.end} or {@link AsyncQueue.close} was called. */
	get closed(): boolean {
		return this.#closed;
	}

	/** Items waiting to be taken. */
	get size(): number {
		return this.#items.length;
	}

	/** Adds an item; false when the queue is closed or full (the item was dropped). */
	push(item: T): boolean {
		if (this.#closed) return false;
		const waiter = this.#waiters.shift();
		if (waiter) {
			waiter({ done: false, value: item });
			return true;
		}
		if (this.#items.length >= this.#capacity) return false;
		this.#items.push(item);
		return true;
	}

	/** The next item, or `done` once the queue is closed. */
	next(): Promise<IteratorResult<T, undefined>> {
		if (this.#items.length > 0) return Promise.resolve({ done: false, value: this.#items.shift() as T });
		if (this.#closed) return Promise.resolve(DONE);
		return new Promise((resolve) => this.#waiters.push(resolve));
	}

	/** Refuses further items; readers still get the queued ones, then the iteration ends. */
	end(): void {
		if (this.#closed) return;
		this.#closed = true;
		// Waiters exist only while nothing is queued, so they can end now.
		for (const waiter of this.#waiters.splice(0)) waiter(DONE);
	}

	/** Ends every iteration now; returns the items nobody took, so the owner can dispose of them. */
	close(): T[] {
		this.end();
		return this.#items.splice(0);
	}

	[Symbol.asyncIterator](): AsyncIterator<T, undefined> {
		return { next: () => this.next(), return: () => Promise.resolve(DONE) };
	}
}
