/**
 * A FIFO read with `for await`: the announcements of a namespace subscription. The producer
 * pushes and ends; leaving a loop early calls the owner back (which ends the request).
 *
 * @module
 */

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/** @internal An unbounded queue; its producers are bounded by the session's limits. */
export class AsyncQueue<T> implements AsyncIterable<T> {
	readonly #items: T[] = [];
	readonly #waiters: ((result: IteratorResult<T, undefined>) => void)[] = [];
	readonly #onReturn: () => void;
	#ended = false;

	constructor(onReturn: () => void) {
		this.#onReturn = onReturn;
	}

	/** Adds an item; false once the queue has ended. */
	push(item: T): boolean {
		if (this.#ended) return false;
		const waiter = this.#waiters.shift();
		if (waiter !== undefined) waiter({ done: false, value: item });
		else this.#items.push(item);
		return true;
	}

	/** No more items: readers take what is queued, then their loops end. */
	end(): void {
		if (this.#ended) return;
		this.#ended = true;
		for (const waiter of this.#waiters.splice(0)) waiter(DONE);
	}

	[Symbol.asyncIterator](): AsyncIterator<T, undefined> {
		return {
			next: () => {
				if (this.#items.length > 0) return Promise.resolve({ done: false, value: this.#items.shift() as T });
				if (this.#ended) return Promise.resolve(DONE);
				return new Promise((resolve) => this.#waiters.push(resolve));
			},
			return: () => {
				this.#onReturn();
				return Promise.resolve(DONE);
			},
		};
	}
}
