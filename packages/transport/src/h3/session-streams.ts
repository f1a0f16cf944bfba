/**
 * The streams of a WebTransport session over HTTP/3 as the application sees them
 * (draft-ietf-webtrans-http3 §"Unidirectional streams", §"Bidirectional Streams"): QUIC streams
 * after their WebTransport header, with their QUIC stream IDs, QUIC's flow control as
 * backpressure, and 32-bit application error codes carried in the HTTP/3 error code range
 * (§"Resetting Data Streams"). A reset or STOP_SENDING with WT_SESSION_GONE means the session
 * ended (§"Session Termination") and is reported as such.
 *
 * @module
 */

import { StreamError } from "../errors.js";
import { readChunks } from "../read-chunks.js";
import type { ReceiveStream, SendStream } from "../types.js";
import { httpCodeToWebTransport } from "./error-mapping.js";
import { H3ErrorCode } from "./errors.js";
import type { StreamReader } from "./link-reader.js";

/** What the streams ask of the driver: resets and STOP_SENDING go through the HTTP/3 layer. */
export interface StreamControl {
	/** Resets our side of stream `id` with a WebTransport application code. */
	resetStream(id: bigint, code: number): void;
	/** Sends STOP_SENDING on stream `id` with a WebTransport application code. */
	stopSending(id: bigint, code: number): void;
}

function ignore(): void {}

/** Throws a RangeError unless `code` is a WebTransport application error code (32-bit). */
function checkCode(code: number): void {
	if (!Number.isInteger(code) || code < 0 || code > 0xffffffff) {
		throw new RangeError(`a WebTransport stream error code is 32-bit, got ${code}`);
	}
}

/**
 * The error an application sees for a failure of the QUIC stream underneath: HTTP/3 codes become
 * WebTransport codes (undefined when outside the application range), WT_SESSION_GONE the end of
 * the session.
 */
export function streamErrorFromQuic(error: unknown): unknown {
	if (!StreamError.isInstance(error) || (error.kind !== "reset" && error.kind !== "stop-sending")) return error;
	if (error.errorCode === H3ErrorCode.WT_SESSION_GONE) return new StreamError("session-closed");
	const code = error.errorCode === undefined ? undefined : httpCodeToWebTransport(error.errorCode);
	return new StreamError(error.kind, code);
}

/** The sending half of a WebTransport stream. */
export class H3SendStream implements SendStream {
	readonly id: bigint;
	readonly closed: Promise<void>;
	readonly #quic: SendStream;
	readonly #control: StreamControl;
	#error: unknown;

	constructor(quic: SendStream, control: StreamControl) {
		this.id = quic.id as bigint;
		this.#quic = quic;
		this.#control = control;
		this.closed = quic.closed.then(undefined, this.#rethrow);
		// The rejection is part of the API, but nobody has to listen to it.
		this.closed.catch(ignore);
	}

	get sendOrder(): number {
		return this.#quic.sendOrder;
	}

	set sendOrder(value: number) {
		this.#quic.sendOrder = value;
	}

	write(chunk: Uint8Array): Promise<void> {
		if (this.#error !== undefined) return Promise.reject(this.#error);
		return this.#quic.write(chunk).then(undefined, this.#rethrow);
	}

	finish(): Promise<void> {
		if (this.#error !== undefined) return Promise.reject(this.#error);
		return this.#quic.finish().then(undefined, this.#rethrow);
	}

	reset(code: number): void {
		checkCode(code);
		if (this.#error !== undefined) return;
		this.#error = new StreamError("local", code);
		this.#control.resetStream(this.id, code);
	}

	/** Ends the half with `error` (the session ended, or the peer sent STOP_SENDING) unless it already ended. */
	fail(error: StreamError): void {
		this.#error ??= error;
	}

	// The first failure stands: ours (reset, session end) or the QUIC stream's, translated.
	readonly #rethrow = (error: unknown): never => {
		this.#error ??= streamErrorFromQuic(error);
		throw this.#error;
	};
}

/** The receiving half of a WebTransport stream, read from QUIC as the application reads. */
export class H3ReceiveStream implements ReceiveStream {
	readonly id: bigint;
	readonly #reader: StreamReader;
	readonly #control: StreamControl;
	#chunks: Uint8Array[] = [];
	#fin = false;
	#finRead = false;
	#error: StreamError | undefined;

	constructor(id: bigint, reader: StreamReader, control: StreamControl) {
		this.id = id;
		this.#reader = reader;
		this.#control = control;
	}

	async read(): Promise<Uint8Array | undefined> {
		for (;;) {
			if (this.#error) throw this.#error;
			const chunk = this.#chunks.shift();
			if (chunk) return chunk;
			if (this.#fin) {
				this.#finRead = true;
				return undefined;
			}
			// The reader ends at FIN (delivered above) or on a failure the driver reports here;
			// anything else means the stream went with its session.
			if (this.#reader.done) this.fail(new StreamError("session-closed"));
			else await this.#reader.pull();
		}
	}

	stopSending(code: number): void {
		checkCode(code);
		if (this.#error || this.#finRead) return;
		this.fail(new StreamError("local", code));
		this.#control.stopSending(this.id, code);
	}

	/** Reads to FIN; leaving the loop early sends STOP_SENDING with code 0 (see readChunks). */
	[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
		return readChunks(this);
	}

	/** Bytes (after the WebTransport header) arrived; `fin` when the peer finished the stream. */
	deliver(data: Uint8Array, fin: boolean): void {
		if (this.#error) return;
		if (data.byteLength > 0) this.#chunks.push(data);
		if (fin) this.#fin = true;
	}

	/** Ends the half with `error` (reset, session end) unless it already ended. */
	fail(error: StreamError): void {
		if (this.#error || this.#finRead) return;
		this.#error = error;
		this.#chunks = [];
	}
}
