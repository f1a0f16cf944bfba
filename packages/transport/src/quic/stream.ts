/**
 * The two halves of a QUIC stream over quiche (RFC 9000 §2–§4): writes with a bounded JS-side
 * buffer and a FIN sent only after every byte was accepted, RESET_STREAM and STOP_SENDING with
 * application codes (§3.5, §19.4, §19.5), and reads buffered up to a high-water mark so that
 * quiche's flow control (§4.1) stops a peer the application does not keep up with.
 *
 * @module
 */

import { StreamError } from "../errors.js";
import { readChunks } from "../read-chunks.js";
import type { ReceiveStream, SendStream } from "../types.js";
import { type NativeConnection, quicheError, Shutdown } from "./native.js";
import { sendOrderToUrgency } from "./priority.js";

/** What the stream halves need from their connection. */
export interface StreamOwner {
	readonly quiche: NativeConnection;
	/** Bytes read from quiche and not yet by the application, over all streams. */
	readBuffered: number;
	/** Bytes written by the application and not yet taken by quiche, over all streams. */
	writeBuffered: number;
	/** How many bytes {@link StreamOwner.writeBuffered} may reach before writes wait. */
	readonly writeBufferLimit: number;
	/** Something was queued in quiche: flush this turn. */
	wake(): void;
	/** `stream` holds bytes or a FIN quiche did not take yet: retry at every flush. */
	blocked(stream: QuicSendStream): void;
	/** The application read from `stream` (its `buffered` went down). */
	consumed(stream: QuicReceiveStream): void;
	/** The half is finished; forget it. */
	sendDone(stream: QuicSendStream): void;
	recvDone(stream: QuicReceiveStream): void;
	/** Why stream operations fail once the session has ended, else undefined. */
	readonly endedError: StreamError | undefined;
}

interface Waiter {
	resolve(): void;
	reject(error: unknown): void;
}

const RESOLVED = Promise.resolve();
const EMPTY = new Uint8Array(0);

function ignore(): void {}

/** The error a send-side quiche failure means. */
function sendError(owner: StreamOwner, error: unknown): StreamError {
	const parsed = quicheError(error);
	if (parsed.name === "StreamStopped") return new StreamError("stop-sending", parsed.value);
	// quiche forgets a stream as soon as STOP_SENDING leaves nothing to do on it (a unidirectional
	// stream, or one whose receiving half is done), and with it the code the peer sent.
	if (parsed.name === "InvalidStreamState") return owner.endedError ?? new StreamError("stop-sending");
	return owner.endedError ?? new StreamError("local", undefined, `quiche refused the write: ${parsed.name}`);
}

/** The sending half. */
export class QuicSendStream implements SendStream {
	readonly id: bigint;
	/** The stream ID as quiche takes it. */
	readonly num: number;
	readonly closed: Promise<void>;
	readonly #owner: StreamOwner;
	readonly #highWater: number;
	#sendOrder: number;
	#pending: Uint8Array[] = [];
	#pendingBytes = 0;
	#finRequested = false;
	#finSent = false;
	#error: StreamError | undefined;
	#writeWaiters: Waiter[] = [];
	#finishWaiters: Waiter[] = [];
	#settle!: Waiter;

	constructor(num: number, owner: StreamOwner, sendOrder: number, highWater: number) {
		this.num = num;
		this.id = BigInt(num);
		this.#owner = owner;
		this.#highWater = highWater;
		this.#sendOrder = sendOrder;
		this.closed = new Promise<void>((resolve, reject) => {
			this.#settle = { resolve, reject };
		});
		// The rejection is part of the API, but nobody has to listen to it.
		this.closed.catch(ignore);
	}

	get sendOrder(): number {
		return this.#sendOrder;
	}

	set sendOrder(value: number) {
		this.#sendOrder = value;
		if (this.#finSent || this.#error) return;
		try {
			this.#owner.quiche.streamPriority(this.num, sendOrderToUrgency(value), false);
		} catch {
			// The stream is gone; the next write reports why.
		}
	}

	/** True while the stream is open with nothing queued: the peer's STOP_SENDING shows only when probed. */
	get idle(): boolean {
		return !this.#finRequested && this.#error === undefined && this.#pendingBytes === 0;
	}

	write(chunk: Uint8Array): Promise<void> {
		if (this.#error) return Promise.reject(this.#error);
		if (this.#finRequested) return Promise.reject(new StreamError("local", undefined, "write after finish"));
		if (chunk.byteLength === 0) return RESOLVED;
		let rest = chunk;
		if (this.#pendingBytes === 0) {
			const written = this.#send(chunk);
			if (written < 0) return Promise.reject(this.#error);
			this.#owner.wake();
			if (written === chunk.byteLength) return RESOLVED;
			rest = chunk.subarray(written);
			this.#owner.blocked(this);
		}
		// The copy is what lets the caller reuse `chunk` once the promise resolves.
		this.#pending.push(rest.slice());
		this.#pendingBytes += rest.byteLength;
		this.#owner.writeBuffered += rest.byteLength;
		if (this.#writable()) return RESOLVED;
		return new Promise((resolve, reject) => this.#writeWaiters.push({ resolve, reject }));
	}

	finish(): Promise<void> {
		if (this.#error) return Promise.reject(this.#error);
		if (this.#finSent) return RESOLVED;
		if (!this.#finRequested) {
			this.#finRequested = true;
			if (this.#pendingBytes === 0) {
				this.#sendFin();
				if (this.#error) return Promise.reject(this.#error);
				if (this.#finSent) return RESOLVED;
				this.#owner.blocked(this);
			}
		}
		return new Promise((resolve, reject) => this.#finishWaiters.push({ resolve, reject }));
	}

	reset(code: number): void {
		if (this.#error) return;
		try {
			this.#owner.quiche.streamShutdown(this.num, Shutdown.write, code);
		} catch {
			// Already reset, or the stream is gone: nothing left to abandon.
		}
		this.#owner.wake();
		this.fail(new StreamError("local", code));
	}

	/**
	 * Moves queued bytes (then the FIN) into quiche as far as it takes them; called at every
	 * flush while blocked. Returns true when nothing is left queued.
	 */
	drain(): boolean {
		while (this.#pending.length > 0) {
			const chunk = this.#pending[0] as Uint8Array;
			const written = this.#send(chunk);
			if (written < 0) return true;
			this.#pendingBytes -= written;
			this.#owner.writeBuffered -= written;
			if (written < chunk.byteLength) {
				this.#pending[0] = chunk.subarray(written);
				break;
			}
			this.#pending.shift();
		}
		if (this.#writeWaiters.length > 0 && (this.#pendingBytes === 0 || this.#writable())) {
			for (const waiter of this.#writeWaiters.splice(0)) waiter.resolve();
		}
		if (this.#pending.length > 0) return false;
		if (this.#finRequested && !this.#finSent) this.#sendFin();
		return this.#finSent || this.#error !== undefined || !this.#finRequested;
	}

	/** Asks quiche whether the peer stopped the stream (STOP_SENDING), and fails it if so. */
	probe(): void {
		try {
			this.#owner.quiche.streamCapacity(this.num);
		} catch (error) {
			this.fail(sendError(this.#owner, error));
		}
	}

	/** Ends the half with `error` unless it already ended. */
	fail(error: StreamError): void {
		if (this.#error) return;
		this.#error = error;
		this.#owner.writeBuffered -= this.#pendingBytes;
		this.#pending = [];
		this.#pendingBytes = 0;
		for (const waiter of this.#writeWaiters.splice(0)) waiter.reject(error);
		for (const waiter of this.#finishWaiters.splice(0)) waiter.reject(error);
		this.#settle.reject(error);
		this.#owner.sendDone(this);
	}

	/**
	 * Whether a write may resolve: this stream's buffer is under its high-water mark, and so is
	 * the connection's. Without the connection's bound, a writer spreading data over many streams
	 * (a relay: a stream per group, per subscriber) would buffer without limit behind a full
	 * congestion window, and never see the backpressure its own queue is meant to act on.
	 * A stream that holds nothing never waits on the others (see drain).
	 */
	#writable(): boolean {
		return this.#pendingBytes <= this.#highWater && this.#owner.writeBuffered <= this.#owner.writeBufferLimit;
	}

	// Hands bytes to quiche; returns how many it took, or -1 after failing the stream.
	#send(data: Uint8Array): number {
		let written: number | null;
		try {
			written = this.#owner.quiche.streamSend(this.num, data, false);
		} catch (error) {
			this.fail(sendError(this.#owner, error));
			return -1;
		}
		if (written !== null) return written;
		// Done: no flow-control credit, or quiche collected the stream after STOP_SENDING.
		this.probe();
		return this.#error ? -1 : 0;
	}

	// A partial write with FIN set drops the FIN, so the FIN goes alone once the bytes are in.
	#sendFin(): void {
		let accepted: number | null;
		try {
			accepted = this.#owner.quiche.streamSend(this.num, EMPTY, true);
		} catch (error) {
			this.fail(sendError(this.#owner, error));
			return;
		}
		if (accepted === null) {
			this.probe();
			return;
		}
		this.#finSent = true;
		this.#owner.wake();
		for (const waiter of this.#finishWaiters.splice(0)) waiter.resolve();
		// quiche's bindings do not report when the FIN is acknowledged; it is queued, in order.
		this.#settle.resolve();
		this.#owner.sendDone(this);
	}
}

interface Reader {
	resolve(chunk: Uint8Array | undefined): void;
	reject(error: unknown): void;
}

/** The receiving half. */
export class QuicReceiveStream implements ReceiveStream {
	readonly id: bigint;
	/** The stream ID as quiche takes it. */
	readonly num: number;
	/** Bytes read from quiche that the application has not read. */
	buffered = 0;
	/** Set by the connection when it stopped reading this stream at the high-water mark. */
	throttled = false;
	readonly #owner: StreamOwner;
	#chunks: Uint8Array[] = [];
	#readers: Reader[] = [];
	#fin = false;
	#finRead = false;
	#error: StreamError | undefined;

	constructor(num: number, owner: StreamOwner) {
		this.num = num;
		this.id = BigInt(num);
		this.#owner = owner;
	}

	get #done(): boolean {
		return this.#finRead || this.#error !== undefined;
	}

	read(): Promise<Uint8Array | undefined> {
		if (this.#error) return Promise.reject(this.#error);
		const chunk = this.#chunks.shift();
		if (chunk) {
			this.buffered -= chunk.byteLength;
			this.#owner.readBuffered -= chunk.byteLength;
			this.#owner.consumed(this);
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
		try {
			this.#owner.quiche.streamShutdown(this.num, Shutdown.read, code);
		} catch {
			// The stream already ended in quiche; the peer needs no STOP_SENDING.
		}
		this.#owner.wake();
		this.fail(new StreamError("local", code));
	}

	/** Reads to FIN; leaving the loop early sends STOP_SENDING with code 0 (see readChunks). */
	[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
		return readChunks(this);
	}

	/** Bytes arrived from quiche. */
	deliver(chunk: Uint8Array): void {
		const reader = this.#readers.shift();
		if (reader) {
			reader.resolve(chunk);
			return;
		}
		this.#chunks.push(chunk);
		this.buffered += chunk.byteLength;
		this.#owner.readBuffered += chunk.byteLength;
	}

	/** quiche delivered the FIN. */
	end(): void {
		this.#fin = true;
		if (this.#readers.length === 0) return;
		this.#readFin();
		for (const reader of this.#readers.splice(0)) reader.resolve(undefined);
	}

	/** Ends the half with `error` (RESET_STREAM, STOP_SENDING, session end) unless it already ended. */
	fail(error: StreamError): void {
		if (this.#done) return;
		this.#error = error;
		this.#owner.readBuffered -= this.buffered;
		this.buffered = 0;
		this.#chunks = [];
		for (const reader of this.#readers.splice(0)) reader.reject(error);
		this.#owner.recvDone(this);
	}

	#readFin(): void {
		if (this.#finRead) return;
		this.#finRead = true;
		this.#owner.recvDone(this);
	}
}
