/**
 * The transport session a MoQT session runs on, stated structurally: every `TransportSession` of
 * `@moqt/transport` (raw QUIC, WebTransport over HTTP/3 or HTTP/2, the browser's WebTransport, the
 * in-memory pair) fits {@link MoqtTransport}, and the tests check it against the in-memory pair.
 *
 * Why not import `TransportSession` itself: the entry of `@moqt/transport` also declares the W3C
 * WebTransport adapter, whose types need the DOM library, and `@moqt/session` compiles against
 * ES2022 alone so that it stays platform-neutral (the data plane's `transport.ts` does the same).
 *
 * @module
 */

/** Options when opening a stream: higher `sendOrder` is sent first (W3C WebTransport). */
export interface StreamOpenOptions {
	readonly sendOrder?: number;
}

/** The sending half of a stream (`SendStream` of `@moqt/transport`). */
export interface TransportSendStream {
	sendOrder: number;
	/** Queues bytes; resolves when the stream can take more (backpressure). */
	write(chunk: Uint8Array): Promise<void>;
	/** FIN after everything queued. */
	finish(): Promise<void>;
	/** RESET_STREAM with an application error code. Idempotent. */
	reset(code: number): void;
	/** Resolves after the FIN was delivered; rejects on reset, STOP_SENDING or session end. */
	readonly closed: Promise<void>;
}

/** The receiving half of a stream (`ReceiveStream` of `@moqt/transport`). */
export interface TransportReceiveStream {
	/** The next chunk, or undefined at FIN; rejects on reset or session end. */
	read(): Promise<Uint8Array | undefined>;
	/** STOP_SENDING with an application error code. Idempotent. */
	stopSending(code: number): void;
}

/** A bidirectional stream. */
export interface TransportBidiStream {
	readonly readable: TransportReceiveStream;
	readonly writable: TransportSendStream;
}

/** How the transport session ended. */
export interface TransportClosed {
	readonly code: number;
	readonly reason: string;
	/** True when the peer closed it or the connection vanished. */
	readonly remote: boolean;
	/** Set when the connection ended without an application close ("idle-timeout", ...). */
	readonly transportError?: string;
}

/** The transport session a {@link MoqtSession} drives (`TransportSession` of `@moqt/transport`). */
export interface MoqtTransport {
	/** Which adapter: "quic" carries PATH and AUTHORITY in SETUP; the others are WebTransport-like. */
	readonly kind: string;
	/** The negotiated ALPN / WT-Protocol, which names the draft (`moqt-16`, or `moq-00` for draft-14). */
	readonly protocol: string | undefined;
	openBidi(options?: StreamOpenOptions): Promise<TransportBidiStream>;
	openUni(options?: StreamOpenOptions): Promise<TransportSendStream>;
	/** Streams the peer opens; the iteration ends when the session closes. */
	readonly incomingBidi: AsyncIterable<TransportBidiStream>;
	readonly incomingUni: AsyncIterable<TransportReceiveStream>;
	readonly datagrams: {
		readonly maxSize: number;
		send(payload: Uint8Array): boolean;
		readonly incoming: AsyncIterable<Uint8Array>;
	};
	close(info?: { readonly code?: number; readonly reason?: string }): void;
	readonly closed: Promise<TransportClosed>;
}
