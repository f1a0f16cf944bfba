/**
 * {@link Datagrams} over W3C WebTransport's datagram streams (W3C WebTransport
 * §"WebTransportDatagramDuplexStream"; draft-ietf-webtrans-http3 §4.6, draft-ietf-webtrans-http2
 * §6.9 DATAGRAM capsule).
 *
 * @module
 */

import type { Datagrams } from "../types.js";
import type { SessionState } from "./streams.js";
import type { WebTransportDatagramsLike } from "./types.js";

/**
 * Datagrams written but not yet taken by the platform before `send()` starts dropping. The
 * writable's own high-water mark is too small to burst with (1 in fails-components).
 */
const MAX_QUEUED = 256;

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/** Iterates a ReadableStream with one shared reader, so a loop can be left and another started. */
export function iterate<T, U>(stream: ReadableStream<T>, map: (value: T) => U): AsyncIterable<U> {
	let reader: ReadableStreamDefaultReader<T> | undefined;
	let ended = false;
	const iterator: AsyncIterator<U, undefined> = {
		next: async () => {
			if (ended) return DONE;
			reader ??= stream.getReader();
			try {
				const result = await reader.read();
				if (!result.done) return { done: false, value: map(result.value) };
			} catch {
				// An errored stream of streams or datagrams just means the session ended.
			}
			ended = true;
			return DONE;
		},
		return: async () => DONE,
	};
	return { [Symbol.asyncIterator]: () => iterator };
}

/** A session's datagrams. */
export class WebTransportDatagrams implements Datagrams {
	readonly incoming: AsyncIterable<Uint8Array>;
	readonly #datagrams: WebTransportDatagramsLike;
	readonly #session: SessionState;
	#writer: WritableStreamDefaultWriter<Uint8Array> | undefined;
	#queued = 0;

	constructor(datagrams: WebTransportDatagramsLike, session: SessionState) {
		this.#datagrams = datagrams;
		this.#session = session;
		this.incoming = iterate(datagrams.readable, (datagram) => datagram);
	}

	get maxSize(): number {
		return this.#datagrams.maxDatagramSize;
	}

	send(payload: Uint8Array): boolean {
		if (this.#session.ended || payload.byteLength > this.maxSize || this.#queued >= MAX_QUEUED) return false;
		this.#writer ??= this.#openWriter();
		this.#queued++;
		const done = () => {
			this.#queued--;
		};
		// Copied: the writable holds the chunk until the platform takes it, and the caller may reuse its buffer.
		this.#writer.write(payload.slice()).then(done, done);
		return true;
	}

	#openWriter(): WritableStreamDefaultWriter<Uint8Array> {
		// `createWritable()` where the platform has it: the `writable` attribute is deprecated.
		const writable = this.#datagrams.createWritable?.() ?? this.#datagrams.writable;
		if (!writable) throw new TypeError("this WebTransport has no datagram writable");
		return writable.getWriter();
	}
}
