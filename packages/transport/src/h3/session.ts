/**
 * One WebTransport session over HTTP/3 as a {@link TransportSession} (draft-ietf-webtrans-http3
 * §"WebTransport Features"): streams opened with the session's header, the peer's streams as
 * the HTTP/3 layer associates them, datagrams carrying the Quarter Stream ID (RFC 9297 §2.1;
 * §"Datagrams"), and the end of the session with WT_CLOSE_SESSION (§"Session Termination"),
 * after which every stream of the session fails.
 *
 * @module
 */

import { StreamError, TransportError } from "../errors.js";
import { AsyncQueue } from "../memory/async-queue.js";
import { truncateReason } from "../memory/close-reason.js";
import type {
	BidiStream,
	CloseInfo,
	Datagrams,
	ReceiveStream,
	SendStream,
	SessionClosed,
	StreamOptions,
	TransportSession,
} from "../types.js";
import { datagramHeaderLength } from "./datagram.js";
import type { StreamReader } from "./link-reader.js";
import { H3ReceiveStream, H3SendStream, type StreamControl } from "./session-streams.js";

/** What a session needs from the driver of its HTTP/3 connection. */
export interface SessionHost extends StreamControl {
	/** The peer's address, `host:port`. */
	readonly remoteAddress: string;
	/** The largest QUIC DATAGRAM payload that can be sent now (0 when none). */
	readonly datagramRoom: number;
	/**
	 * Opens a stream on the session; resolves with the QUIC stream once QUIC granted the credit
	 * and its header is queued. Rejects when the session or connection is gone.
	 */
	openStream(sessionId: bigint, bidi: boolean): Promise<{ send: SendStream; reader: StreamReader | undefined }>;
	/** Sends a datagram on the session; false when it was dropped. */
	sendDatagram(sessionId: bigint, payload: Uint8Array): boolean;
	/** Ends the session with WT_CLOSE_SESSION. */
	closeSession(sessionId: bigint, code: number, reason: string): void;
	/** A stream half of `session` was handed to the application: deliver its events to `stream`. */
	adopt(session: H3Session, stream: H3SendStream | H3ReceiveStream): void;
}

/** Options of a session. */
export interface H3SessionOptions {
	/** The session ID: the stream ID of its CONNECT stream. */
	readonly sessionId: bigint;
	/** The negotiated WT-Protocol. */
	readonly protocol: string | undefined;
	/** Received datagrams held while nobody reads; later ones are dropped. */
	readonly datagramQueueLength: number;
}

function closedError(): TransportError {
	return new TransportError("closed", "the session is closed");
}

/** A WebTransport session over HTTP/3. */
export class H3Session implements TransportSession {
	readonly kind = "webtransport-h3" as const;
	readonly protocol: string | undefined;
	/** The session ID: the QUIC stream ID of the CONNECT stream. */
	readonly sessionId: bigint;
	/** The peer's address, `host:port`. */
	readonly remoteAddress: string;
	readonly datagrams: H3Datagrams;
	readonly closed: Promise<SessionClosed>;
	readonly #host: SessionHost;
	readonly #incomingBidi = new AsyncQueue<BidiStream>();
	readonly #incomingUni = new AsyncQueue<ReceiveStream>();
	// Stream halves that fail when the session ends; each leaves when its QUIC half is done.
	readonly #streams = new Set<H3SendStream | H3ReceiveStream>();
	#ended = false;
	#resolveClosed!: (info: SessionClosed) => void;

	constructor(host: SessionHost, options: H3SessionOptions) {
		this.#host = host;
		this.sessionId = options.sessionId;
		this.protocol = options.protocol;
		this.remoteAddress = host.remoteAddress;
		this.datagrams = new H3Datagrams(this, host, options.datagramQueueLength);
		this.closed = new Promise((resolve) => {
			this.#resolveClosed = resolve;
		});
	}

	/** True once the session ended. */
	get ended(): boolean {
		return this.#ended;
	}

	get incomingBidi(): AsyncIterable<BidiStream> {
		return this.#incomingBidi;
	}

	get incomingUni(): AsyncIterable<ReceiveStream> {
		return this.#incomingUni;
	}

	async openBidi(options?: StreamOptions): Promise<BidiStream> {
		const { send, reader } = await this.#open(true);
		const writable = this.#sender(send, options);
		const readable = this.#receiver(send.id as bigint, reader as StreamReader);
		return { id: writable.id, readable, writable };
	}

	async openUni(options?: StreamOptions): Promise<SendStream> {
		const { send } = await this.#open(false);
		return this.#sender(send, options);
	}

	close(info?: Partial<CloseInfo>): void {
		if (this.#ended) return;
		const code = info?.code ?? 0;
		// WT_CLOSE_SESSION carries a 32-bit code (draft-ietf-webtrans-http3 §"Session Termination").
		if (!Number.isInteger(code) || code < 0 || code > 0xffffffff) throw new RangeError(`invalid close code ${code}`);
		this.#host.closeSession(this.sessionId, code, truncateReason(info?.reason ?? ""));
	}

	/** The peer opened a stream on the session (its header already read). */
	incoming(id: bigint, reader: StreamReader, send: SendStream | undefined): void {
		const readable = this.#receiver(id, reader);
		if (send === undefined) {
			this.#incomingUni.push(readable);
			return;
		}
		const writable = this.#sender(send, undefined);
		this.#incomingBidi.push({ id, readable, writable });
	}

	/** A stream half is done with: it no longer needs failing at the end. */
	release(stream: H3SendStream | H3ReceiveStream): void {
		this.#streams.delete(stream);
	}

	/** A datagram for the session arrived. */
	receiveDatagram(payload: Uint8Array): void {
		this.datagrams.receive(payload);
	}

	/** The session ended: every stream half fails, and no more streams or datagrams arrive. */
	end(info: SessionClosed): void {
		if (this.#ended) return;
		this.#ended = true;
		const error = new StreamError("session-closed");
		for (const stream of this.#streams) stream.fail(error);
		this.#streams.clear();
		this.#incomingBidi.close();
		this.#incomingUni.close();
		this.datagrams.close();
		this.#resolveClosed(info);
	}

	async #open(bidi: boolean): Promise<{ send: SendStream; reader: StreamReader | undefined }> {
		if (this.#ended) throw closedError();
		let opened: { send: SendStream; reader: StreamReader | undefined };
		try {
			opened = await this.#host.openStream(this.sessionId, bidi);
		} catch (cause) {
			throw new TransportError("closed", "the session is closed", { cause });
		}
		// The session may have ended while QUIC stream credit was awaited: the HTTP/3 layer
		// already reset the stream.
		if (this.#ended) throw closedError();
		return opened;
	}

	#sender(send: SendStream, options: StreamOptions | undefined): H3SendStream {
		const stream = new H3SendStream(send, this.#host);
		if (options?.sendOrder !== undefined) stream.sendOrder = options.sendOrder;
		this.#track(stream);
		return stream;
	}

	#receiver(id: bigint, reader: StreamReader): H3ReceiveStream {
		const stream = new H3ReceiveStream(id, reader, this.#host);
		this.#track(stream);
		return stream;
	}

	#track(stream: H3SendStream | H3ReceiveStream): void {
		this.#streams.add(stream);
		this.#host.adopt(this, stream);
	}
}

/** The datagrams of one session: QUIC DATAGRAM frames prefixed with the Quarter Stream ID. */
export class H3Datagrams implements Datagrams {
	readonly #session: H3Session;
	readonly #host: SessionHost;
	readonly #incoming: AsyncQueue<Uint8Array>;
	readonly #headerLength: number;

	constructor(session: H3Session, host: SessionHost, queueLength: number) {
		this.#session = session;
		this.#host = host;
		this.#incoming = new AsyncQueue(queueLength);
		this.#headerLength = datagramHeaderLength(session.sessionId);
	}

	get maxSize(): number {
		if (this.#session.ended) return 0;
		return Math.max(0, this.#host.datagramRoom - this.#headerLength);
	}

	get incoming(): AsyncIterable<Uint8Array> {
		return this.#incoming;
	}

	send(payload: Uint8Array): boolean {
		if (payload.byteLength > this.maxSize) return false;
		return this.#host.sendDatagram(this.#session.sessionId, payload);
	}

	/** A datagram arrived (dropped when the queue is full). */
	receive(payload: Uint8Array): void {
		this.#incoming.push(payload);
	}

	/** The session ended. */
	close(): void {
		this.#incoming.close();
	}
}
