/**
 * A FIFO consumed as an async iterable, for the sequences the session hands to the application:
 * incoming requests, namespace announcements, skipped tracks. The producer pushes; a `for await`
 * loop (or several, one after another) takes. Ending it lets readers drain what is queued.
 *
 * @module
 */

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/** An unbounded queue read with `for await`; bounded by whoever pushes (the core's limits). */
export class AsyncQueue<T> implements AsyncIterable<T> {
	readonly #items: T[] = [];
	readonly #waiters: ((result: IteratorResult<T, undefined>) => void)[] = [];
	#ended = false;
	readonly #onReturn: (() => void) | undefined;

	/** @param onReturn Called when a reader leaves its `for await` loop early. */
	constructor(onReturn?: () => void) {
		this.#onReturn = onReturn;
	}

	/** True once {@link AsyncQueue.end} was called. */
	get ended(): boolean {
		return this.#ended;
	}

	/** Items waiting to be taken. */
	get size(): number {
		return this.#items.length;
	}

	/** Adds an item; false (dropped) once the queue has ended. */
	push(item: T): boolean {
		if (this.#ended) return false;
		const waiter = this.#waiters.shift();
		if (waiter !== undefined) waiter({ done: false, value: item });
		else this.#items.push(item);
		return true;
	}

	/** Refuses further items; readers get what is queued, then their loops end. */
	end(): void {
		if (this.#ended) return;
		this.#ended = true;
		// Readers wait only while nothing is queued, so they can all end now.
		for (const waiter of this.#waiters.splice(0)) waiter(DONE);
	}

	/** Removes and returns everything queued (for the owner to dispose of). */
	drain(): T[] {
		return this.#items.splice(0);
	}

	/** The next item, or done once the queue has ended and is empty. */
	next(): Promise<IteratorResult<T, undefined>> {
		if (this.#items.length > 0) return Promise.resolve({ done: false, value: this.#items.shift() as T });
		if (this.#ended) return Promise.resolve(DONE);
		return new Promise((resolve) => this.#waiters.push(resolve));
	}

	[Symbol.asyncIterator](): AsyncIterator<T, undefined> {
		return {
			next: () => this.next(),
			return: () => {
				this.#onReturn?.();
				return Promise.resolve(DONE);
			},
		};
	}
}
