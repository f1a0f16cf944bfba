/**
 * {@link SendStream} and {@link ReceiveStream} over W3C WebTransport's WHATWG streams
 * (W3C WebTransport §"WebTransportSendStream", §"WebTransportReceiveStream"): `abort()` sends
 * RESET_STREAM and `cancel()` STOP_SENDING (draft-ietf-webtrans-http3 §4.4). WebTransport has no
 * stream IDs in its API, so `id` is always undefined.
 *
 * @module
 */

import { StreamError } from "../errors.js";
import { readChunks } from "../read-chunks.js";
import type { ReceiveStream, SendStream } from "../types.js";
import { abortReason, toStreamError } from "./errors.js";
import type { WebTransportSendStreamLike } from "./types.js";

/** What a stream needs to know about its session. */
export interface SessionState {
	/** True once the session is closing or closed. */
	readonly ended: boolean;
}

function ignore(): void {}

/** A WebTransport send stream as a {@link SendStream}. */
export class WebTransportSendStream implements SendStream {
	readonly id = undefined;
	readonly closed: Promise<void>;
	readonly #writable: WebTransportSendStreamLike;
	readonly #writer: WritableStreamDefaultWriter<Uint8Array>;
	readonly #session: SessionState;
	// Where the platform has no sendOrder property, the value is only remembered.
	#sendOrder: number;
	#finished = false;
	#error: StreamError | undefined;

	constructor(writable: WebTransportSendStreamLike, session: SessionState, sendOrder = 0) {
		this.#writable = writable;
		this.#writer = writable.getWriter();
		this.#session = session;
		this.#sendOrder = sendOrder;
		this.closed = this.#writer.closed.then(
			() => undefined,
			(error: unknown) => {
				throw this.#fail(error);
			},
		);
		this.closed.catch(ignore);
	}

	get sendOrder(): number {
		return this.#writable.sendOrder ?? this.#sendOrder;
	}

	set sendOrder(value: number) {
		this.#sendOrder = value;
		if ("sendOrder" in this.#writable) this.#writable.sendOrder = value;
	}

	async write(chunk: Uint8Array): Promise<void> {
		if (this.#error) throw this.#error;
		if (this.#finished) throw new StreamError("local", undefined, "write after finish");
		if (chunk.byteLength > 0) {
			// The writable keeps a reference until its sink takes the chunk, and fails-components
			// resolves writes before the bytes leave: copying is what lets the caller reuse `chunk`.
			this.#writer.write(chunk.slice()).catch((error: unknown) => this.#fail(error));
		}
		try {
			// `ready` waits while the writable's queue is over its high-water mark: backpressure.
			await this.#writer.ready;
		} catch (error) {
			throw this.#fail(error);
		}
	}

	async finish(): Promise<void> {
		if (this.#error) throw this.#error;
		if (this.#finished) return;
		this.#finished = true;
		// The close settles once the FIN went out; `closed` reports that.
		this.#writer.close().catch(ignore);
	}

	reset(code: number): void {
		if (this.#error) return;
		this.#error = new StreamError("local", code);
		this.#writer.abort(abortReason(code)).catch(ignore);
	}

	#fail(error: unknown): StreamError {
		this.#error ??= toStreamError(error, "write", this.#session.ended);
		return this.#error;
	}
}

/** A WebTransport receive stream as a {@link ReceiveStream}. */
export class WebTransportReceiveStream implements ReceiveStream {
	readonly id = undefined;
	readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
	readonly #session: SessionState;
	#done = false;
	#error: StreamError | undefined;

	constructor(readable: ReadableStream<Uint8Array>, session: SessionState) {
		this.#reader = readable.getReader();
		this.#session = session;
	}

	async read(): Promise<Uint8Array | undefined> {
		if (this.#error) throw this.#error;
		if (this.#done) return undefined;
		let result: ReadableStreamReadResult<Uint8Array>;
		try {
			result = await this.#reader.read();
		} catch (error) {
			this.#error ??= toStreamError(error, "read", this.#session.ended);
			throw this.#error;
		}
		// A read pending while stopSending() cancelled the stream resolves as done: report the stop.
		if (this.#error) throw this.#error;
		if (result.done) {
			this.#done = true;
			return undefined;
		}
		return result.value;
	}

	stopSending(code: number): void {
		if (this.#error || this.#done) return;
		this.#error = new StreamError("local", code);
		this.#reader.cancel(abortReason(code)).catch(ignore);
	}

	/** Reads to FIN; leaving the loop early sends STOP_SENDING with code 0 (see readChunks). */
	[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
		return readChunks(this);
	}
}
