/**
 * Reading one QUIC stream into an {@link H3Connection} (RFC 9114 §6: every stream's bytes go
 * through the HTTP/3 layer first, which types it from its first bytes). Two modes share one
 * in-flight read:
 *
 * - pumping: the driver reads ahead on its own. HTTP/3's own streams (control, QPACK, request and
 *   CONNECT streams) are read this way for their whole life, and the peer's WebTransport streams
 *   until their header names an established session (draft-ietf-webtrans-http3 §"Buffering
 *   Incoming Streams and Datagrams": held streams are read into the connection's bounded buffer).
 * - pulled: once a WebTransport stream belongs to the application, the driver reads only when
 *   the application does, so the QUIC stream's flow control is the application's backpressure.
 *
 * @module
 */

import type { ReceiveStream } from "../types.js";

/** Where a reader's results go (the driver feeds them to the HTTP/3 state machine). */
export interface ReaderHost {
	/** Bytes arrived on stream `id` (never empty). */
	readData(id: bigint, chunk: Uint8Array): void;
	/** The stream ended with FIN. */
	readEnd(id: bigint): void;
	/** Reading failed: the peer reset the stream, we stopped it, or the connection ended. */
	readFailed(id: bigint, error: unknown): void;
}

function ignore(): void {}

/** The receiving half of one QUIC stream, as the driver reads it. */
export class StreamReader {
	readonly id: bigint;
	/** True once the stream ended (FIN, reset, STOP_SENDING sent, or the connection ended). */
	done = false;
	/** Settles when {@link StreamReader.done} becomes true. */
	readonly finished: Promise<void>;
	readonly #quic: ReceiveStream;
	readonly #host: ReaderHost;
	#pumping = false;
	#inflight: Promise<void> | undefined;
	#finish!: () => void;

	constructor(id: bigint, quic: ReceiveStream, host: ReaderHost) {
		this.id = id;
		this.#quic = quic;
		this.#host = host;
		this.finished = new Promise((resolve) => {
			this.#finish = resolve;
		});
	}

	/** Reads ahead until the stream ends or {@link StreamReader.stopPumping} is called. */
	pump(): void {
		if (this.#pumping) return;
		this.#pumping = true;
		void this.#pumpLoop().catch(ignore);
	}

	/** Hands the stream to the application: from now on it is read when the application reads. */
	stopPumping(): void {
		this.#pumping = false;
	}

	/** One read from QUIC, handed to the host; shares a read already in flight. */
	pull(): Promise<void> {
		if (this.done) return Promise.resolve();
		this.#inflight ??= this.#readOnce();
		return this.#inflight;
	}

	/** Sends STOP_SENDING with an HTTP/3 error code; nothing more is read. */
	stop(code: number): void {
		if (this.done) return;
		this.#end();
		this.#quic.stopSending(code);
	}

	async #pumpLoop(): Promise<void> {
		while (this.#pumping && !this.done) await this.pull();
	}

	async #readOnce(): Promise<void> {
		let chunk: Uint8Array | undefined;
		try {
			chunk = await this.#quic.read();
		} catch (error) {
			this.#inflight = undefined;
			if (this.done) return;
			this.#end();
			this.#host.readFailed(this.id, error);
			return;
		}
		this.#inflight = undefined;
		// Stopped while the read was under way: what it brought is not wanted.
		if (this.done) return;
		if (chunk === undefined) {
			this.#end();
			this.#host.readEnd(this.id);
		} else if (chunk.byteLength > 0) {
			this.#host.readData(this.id, chunk);
		}
	}

	#end(): void {
		this.done = true;
		this.#pumping = false;
		this.#finish();
	}
}
