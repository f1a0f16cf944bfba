/**
 * One channel of the session core on the transport: the stream halves that carry it and the
 * ordered queue of what the core asked to do with them.
 *
 * The core's transmits are synchronous but streams are not: a stream is opened asynchronously,
 * and a write resolves only when the stream can take more (backpressure). Each channel therefore
 * runs its operations one after another — open, write, write, FIN — so messages leave in the order
 * the core produced them (draft-ietf-moq-transport-19 §3.3: messages of a request travel in order
 * on its stream; -14 §3.3: likewise on the control stream). An abrupt end (RESET_STREAM,
 * STOP_SENDING) does not wait behind writes held by backpressure once the stream exists: that is
 * what abrupt means (RFC 9000 §3.5). Failures of queued writes are dropped here: the stream's own
 * end (reset, STOP_SENDING, session closed) reaches the core through the read pump and
 * {@link SendStream.closed}.
 *
 * @module
 */

import type { TransportReceiveStream as ReceiveStream, TransportSendStream as SendStream } from "./transport.js";

/** The stream halves of a channel, once they exist. */
export interface ChannelStreams {
	readonly send?: SendStream;
	readonly recv?: ReceiveStream;
}

function ignore(): void {}

/** The transport side of one channel. */
export class Channel {
	#send: SendStream | undefined;
	#recv: ReceiveStream | undefined;
	#queue: Promise<void>;
	#sendOpen = true;
	#recvOpen = true;
	readonly #onDone: () => void;

	/**
	 * @param streams Resolves with the halves (or rejects if the stream cannot be opened).
	 * @param onDone Called once both halves are finished with, so the owner can forget the channel.
	 */
	constructor(streams: Promise<ChannelStreams>, onDone: () => void) {
		this.#onDone = onDone;
		this.#queue = streams.then((s) => {
			this.#send = s.send;
			this.#recv = s.recv;
			if (s.send === undefined) this.#sendOpen = false;
		}, ignore);
	}

	/** The sending half, once opened. */
	get send(): SendStream | undefined {
		return this.#send;
	}

	/** A receiving half that arrives separately (the peer's draft-17+ control stream). */
	attachReceive(recv: ReceiveStream): void {
		this.#recv = recv;
	}

	/** Writes bytes after everything queued before. */
	write(bytes: Uint8Array): void {
		this.#then((send) => send.write(bytes));
	}

	/** FIN after everything queued before. */
	finish(): void {
		if (!this.#sendOpen) return;
		this.#then((send) => send.finish());
		this.#sendClosed();
	}

	/** RESET_STREAM on the sending half: at once if the stream is open, else as soon as it is. */
	reset(code: number): void {
		if (!this.#sendOpen) return;
		this.#sendClosed();
		if (this.#send !== undefined) this.#send.reset(code);
		else this.#then((send) => send.reset(code));
	}

	/** STOP_SENDING on the receiving half. */
	stopSending(code: number): void {
		if (!this.#recvOpen) return;
		this.#recvClosed();
		if (this.#recv !== undefined) this.#recv.stopSending(code);
		else this.#queue = this.#queue.then(() => this.#recv?.stopSending(code));
	}

	/** The receiving half ended (FIN read, reset by the peer, or the read failed). */
	received(): void {
		if (this.#recvOpen) this.#recvClosed();
	}

	/** The sending half ended at the peer's request (STOP_SENDING) or with the session. */
	sendFailed(): void {
		if (this.#sendOpen) this.#sendClosed();
	}

	#then(op: (send: SendStream) => Promise<void> | void): void {
		this.#queue = this.#queue.then(() => (this.#send === undefined ? undefined : op(this.#send))).catch(ignore);
	}

	#sendClosed(): void {
		this.#sendOpen = false;
		if (!this.#recvOpen) this.#onDone();
	}

	#recvClosed(): void {
		this.#recvOpen = false;
		if (!this.#sendOpen) this.#onDone();
	}
}
