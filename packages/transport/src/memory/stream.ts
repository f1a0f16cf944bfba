/**
 * The two halves of one in-memory stream direction, with QUIC stream semantics (RFC 9000 §3):
 * FIN, RESET_STREAM, STOP_SENDING answered by RESET_STREAM (§3.5), and a per-stream limit on
 * bytes written but not yet read, standing in for flow control (§4.1).
 *
 * @module
 */

import { StreamError } from "../errors.js";
import { readChunks } from "../read-chunks.js";
import type { ReceiveStream, SendStream } from "../types.js";

/** What a stream half needs from the session it belongs to. */
export interface HalfOwner {
	/** Runs `deliver` at the other end of the connection, in order, after the link latency. */
	post(deliver: () => void): void;
	/** Called once when the half can do nothing more (for stream credit and bookkeeping). */
	halfDone(half: StreamHalf): void;
}

/** A stream half as its session sees it: something to fail when the session ends. */
export interface StreamHalf {
	/** Ends the half with `error` unless it already ended. */
	fail(error: StreamError): void;
}

interface Waiter {
	resolve(): void;
	reject(error: unknown): void;
}

function ignore(): void {}

/** The sending half: buffers nothing itself, every write is posted to the receiving half at once. */
export class MemorySendStream implements SendStream, StreamHalf {
	readonly id: bigint;
	/** Kept for the interface; the memory link has no bandwidth limit, so order has no effect. */
	sendOrder: number;
	readonly closed: Promise<void>;
	readonly #owner: HalfOwner;
	readonly #limit: number;
	#peer: MemoryReceiveStream | undefined;
	#unread = 0;
	#finished = false;
	#finAcked = false;
	#done = false;
	#error: StreamError | undefined;
	#waiters: Waiter[] = [];
	#settle!: Waiter;

	constructor(id: bigint, owner: HalfOwner, limit: number, sendOrder: number) {
		this.id = id;
		this.#owner = owner;
		this.#limit = limit;
		this.sendOrder = sendOrder;
		this.closed = new Promise<void>((resolve, reject) => {
			this.#settle = { resolve, reject };
		});
		// The rejection is part of the API, but nobody has to listen to it.
		this.closed.catch(ignore);
	}

	/** Connects this half to the receiving half at the other end. */
	connect(peer: MemoryReceiveStream): void {
		this.#peer = peer;
	}

	write(chunk: Uint8Array): Promise<void> {
		if (this.#error) return Promise.reject(this.#error);
		if (this.#finished) return Promise.reject(new StreamError("local", undefined, "write after finish"));
		if (chunk.byteLength > 0) {
			// The copy is what lets the caller reuse `chunk` as soon as this returns.
			const copy = chunk.slice();
			this.#unread += copy.byteLength;
			const peer = this.#peer;
			this.#owner.post(() => peer?.onData(copy));
		}
		if (this.#unread <= this.#limit) return Promise.resolve();
		return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }));
	}

	finish(): Promise<void> {
		if (this.#error) return Promise.reject(this.#error);
		if (!this.#finished) {
			this.#finished = true;
			const peer = this.#peer;
			this.#owner.post(() => peer?.onFin());
		}
		return Promise.resolve();
	}

	reset(code: number): void {
		if (this.#done) return;
		this.#end(new StreamError("local", code));
		const peer = this.#peer;
		this.#owner.post(() => peer?.onReset(code));
	}

	/** The receiver read `bytes`: credit for more writes. */
	onConsumed(bytes: number): void {
		this.#unread -= bytes;
		if (this.#unread <= this.#limit) for (const waiter of this.#waiters.splice(0)) waiter.resolve();
		this.#maybeComplete();
	}

	/** The receiver has the FIN (and so every byte before it). */
	onFinAcked(): void {
		this.#finAcked = true;
		this.#maybeComplete();
	}

	/** The receiver sent STOP_SENDING: fail, and answer with RESET_STREAM (RFC 9000 §3.5). */
	onStopSending(code: number): void {
		if (this.#done) return;
		this.#end(new StreamError("stop-sending", code));
		const peer = this.#peer;
		this.#owner.post(() => peer?.onReset(code));
	}

	fail(error: StreamError): void {
		if (!this.#done) this.#end(error);
	}

	// Complete once the FIN arrived and no write is left waiting for credit.
	#maybeComplete(): void {
		if (this.#done || !this.#finAcked || this.#unread > this.#limit) return;
		this.#done = true;
		this.#settle.resolve();
		this.#owner.halfDone(this);
	}

	#end(error: StreamError): void {
		this.#done = true;
		this.#error = error;
		for (const waiter of this.#waiters.splice(0)) waiter.reject(error);
		this.#settle.reject(error);
		this.#owner.halfDone(this);
	}
}

interface Reader {
	resolve(chunk: Uint8Array | undefined): void;
	reject(error: unknown): void;
}

/** The receiving half: holds delivered chunks until the application reads them. */
export class MemoryReceiveStream implements ReceiveStream, StreamHalf {
	readonly id: bigint;
	readonly #owner: HalfOwner;
	#peer: MemorySendStream | undefined;
	#chunks: Uint8Array[] = [];
	#readers: Reader[] = [];
	#fin = false;
	#finRead = false;
	#error: StreamError | undefined;

	constructor(id: bigint, owner: HalfOwner) {
		this.id = id;
		this.#owner = owner;
	}

	/** Connects this half to the sending half at the other end. */
	connect(peer: MemorySendStream): void {
		this.#peer = peer;
	}

	get #done(): boolean {
		return this.#finRead || this.#error !== undefined;
	}

	read(): Promise<Uint8Array | undefined> {
		if (this.#error) return Promise.reject(this.#error);
		const chunk = this.#chunks.shift();
		if (chunk) {
			this.#consumed(chunk.byteLength);
			return Promise.resolve(chunk);
		}
		if (this.#fin) {
			this.#readFin();
			return Promise.resolve(undefined);
		}
		return new Promise((resolve, reject) => this.#readers.push({ resolve, reject }));
	}

	stopSending(code: number): void {
		if (this.#done) return;
		this.#end(new StreamError("local", code));
		const peer = this.#peer;
		this.#owner.post(() => peer?.onStopSending(code));
	}

	/** Reads to FIN; leaving the loop early sends STOP_SENDING with code 0 (see readChunks). */
	[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
		return readChunks(this);
	}

	/** Stream data arrived. */
	onData(chunk: Uint8Array): void {
		if (this.#done) return;
		const reader = this.#readers.shift();
		if (reader) {
			this.#consumed(chunk.byteLength);
			reader.resolve(chunk);
		} else {
			this.#chunks.push(chunk);
		}
	}

	/** The FIN arrived: acknowledge it, and end waiting reads if nothing is buffered. */
	onFin(): void {
		if (this.#done) return;
		this.#fin = true;
		const peer = this.#peer;
		this.#owner.post(() => peer?.onFinAcked());
		if (this.#readers.length > 0) {
			this.#readFin();
			for (const reader of this.#readers.splice(0)) reader.resolve(undefined);
		}
	}

	/** RESET_STREAM arrived: unread data is discarded (RFC 9000 §3.2). */
	onReset(code: number): void {
		if (!this.#done) this.#end(new StreamError("reset", code));
	}

	fail(error: StreamError): void {
		if (!this.#done) this.#end(error);
	}

	#consumed(bytes: number): void {
		const peer = this.#peer;
		this.#owner.post(() => peer?.onConsumed(bytes));
	}

	#readFin(): void {
		if (this.#finRead) return;
		this.#finRead = true;
		this.#owner.halfDone(this);
	}

	#end(error: StreamError): void {
		this.#error = error;
		this.#chunks = [];
		for (const reader of this.#readers.splice(0)) reader.reject(error);
		this.#owner.halfDone(this);
	}
}
