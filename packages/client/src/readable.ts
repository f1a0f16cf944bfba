/**
 * Any async iterable as a WHATWG ReadableStream (Streams Standard §4 "Readable streams"), for
 * media pipelines built on streams (`pipeThrough` a decoder, `pipeTo` a sink). The stream pulls
 * from the iterable only when its queue has room, so the source's backpressure holds; cancelling
 * the stream leaves the iteration, which for a subscription unsubscribes and for a fetch cancels.
 *
 * @module
 */

/** Options of {@link toReadableStream}. */
export interface ReadableStreamOptions {
	/** Items the stream queues ahead of its reader; default 1. */
	readonly highWaterMark?: number;
}

/** A ReadableStream of the items of `source` (a subscription, a fetch, a namespace watch...). */
export function toReadableStream<T>(source: AsyncIterable<T>, options: ReadableStreamOptions = {}): ReadableStream<T> {
	let iterator: AsyncIterator<T> | undefined;
	return new ReadableStream<T>(
		{
			start() {
				iterator = source[Symbol.asyncIterator]();
			},
			async pull(controller) {
				const result = await (iterator as AsyncIterator<T>).next();
				if (result.done === true) controller.close();
				else controller.enqueue(result.value);
			},
			async cancel() {
				await iterator?.return?.();
			},
		},
		{ highWaterMark: options.highWaterMark ?? 1 },
	);
}
