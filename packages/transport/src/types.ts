/**
 * The transport interface every MoQT layer above runs on: a WebTransport-shaped session with
 * bidirectional and unidirectional streams, datagrams, stream resets and session close codes
 * (W3C WebTransport; draft-ietf-webtrans-http3 and -http2; RFC 9000 for raw QUIC).
 *
 * Adapters implement it for the browser's `WebTransport`, `@fails-components/webtransport`,
 * raw QUIC, HTTP/3 WebTransport and an in-memory pair. Nothing here depends on Node.js.
 *
 * @module
 */

/** How a session ended, or is to end. */
export interface CloseInfo {
	/** Application error code (a MoQT session termination code). 0 means no error. */
	readonly code: number;
	/** A human-readable reason (UTF-8, at most 1024 bytes are sent). */
	readonly reason: string;
}

/** How a session ended, as reported by {@link TransportSession.closed}. */
export interface SessionClosed extends CloseInfo {
	/** True when the peer closed the session (or vanished), false when we did. */
	readonly remote: boolean;
	/**
	 * Why the session ended without an application close: "idle-timeout", "transport-error" or
	 * "handshake-failed". Absent for an application close.
	 */
	readonly transportError?: string;
}

/** Options when opening a stream. */
export interface StreamOptions {
	/**
	 * Relative send order against the session's other streams: higher is sent first (the W3C
	 * WebTransport `sendOrder` convention). Default 0.
	 */
	readonly sendOrder?: number;
}

/** The sending half of a stream. */
export interface SendStream {
	/** The transport's stream ID, where it has one (QUIC, HTTP/3, HTTP/2). */
	readonly id: bigint | undefined;
	/** The stream's send order; see {@link StreamOptions.sendOrder}. Writable. */
	sendOrder: number;
	/**
	 * Queues bytes. The promise resolves when the stream can take more (backpressure), and after
	 * it resolves the caller may reuse `chunk`. Rejects with a {@link StreamError} when the peer
	 * sent STOP_SENDING (`code`), the stream was reset, or the session closed.
	 */
	write(chunk: Uint8Array): Promise<void>;
	/** Sends FIN after everything queued. Resolves when the FIN is queued. */
	finish(): Promise<void>;
	/** Abandons the stream with RESET_STREAM and an application error code. Idempotent. */
	reset(code: number): void;
	/**
	 * Settles when the sending half is done: resolves after FIN was sent and (where the
	 * transport can tell) acknowledged, rejects with a {@link StreamError} on reset or STOP_SENDING.
	 */
	readonly closed: Promise<void>;
}

/**
 * The receiving half of a stream: an async iterable of chunks, ending at FIN. Leaving a
 * `for await` loop early sends STOP_SENDING with code 0 (as cancelling a WHATWG stream does).
 */
export interface ReceiveStream extends AsyncIterable<Uint8Array> {
	/** The transport's stream ID, where it has one. */
	readonly id: bigint | undefined;
	/**
	 * The next chunk, or undefined at FIN. Rejects with a {@link StreamError} when the peer reset
	 * the stream (`code`) or the session closed. Chunks belong to the caller.
	 */
	read(): Promise<Uint8Array | undefined>;
	/** Asks the peer to stop sending (STOP_SENDING) with an application error code. Idempotent. */
	stopSending(code: number): void;
}

/** A bidirectional stream. */
export interface BidiStream {
	readonly id: bigint | undefined;
	readonly readable: ReceiveStream;
	readonly writable: SendStream;
}

/** Unreliable datagrams on the session. */
export interface Datagrams {
	/** The largest payload {@link Datagrams.send} takes now (it can change with the path MTU). */
	readonly maxSize: number;
	/**
	 * Sends one datagram; returns false when it was dropped (too large, or the send queue is
	 * full). Datagrams may be lost anyway. The caller may reuse `payload` as soon as this returns.
	 */
	send(payload: Uint8Array): boolean;
	/** Datagrams received, in arrival order; the iteration ends when the session closes. */
	readonly incoming: AsyncIterable<Uint8Array>;
}

/** One established session: QUIC connection, WebTransport session, or in-memory pair end. */
export interface TransportSession {
	/** Which adapter this session runs on. */
	readonly kind: TransportKind;
	/**
	 * The negotiated application protocol: the ALPN on raw QUIC, the `WT-Protocol` on
	 * WebTransport (undefined when none was negotiated).
	 */
	readonly protocol: string | undefined;
	/**
	 * Opens a bidirectional stream (waiting for stream credit if the peer's limit is reached).
	 * Rejects with a {@link TransportError} "closed" once the session has ended.
	 */
	openBidi(options?: StreamOptions): Promise<BidiStream>;
	/**
	 * Opens a unidirectional stream (waiting for stream credit if the peer's limit is reached).
	 * Rejects with a {@link TransportError} "closed" once the session has ended.
	 */
	openUni(options?: StreamOptions): Promise<SendStream>;
	/**
	 * Bidirectional streams the peer opens; the iteration ends when the session closes. All
	 * iterations share one queue: leaving a `for await` loop does not refuse streams, and a later
	 * loop continues where the last one stopped.
	 */
	readonly incomingBidi: AsyncIterable<BidiStream>;
	/** Unidirectional streams the peer opens; iterated like {@link TransportSession.incomingBidi}. */
	readonly incomingUni: AsyncIterable<ReceiveStream>;
	readonly datagrams: Datagrams;
	/** Closes the session with a code and reason (default 0, ""). Idempotent. */
	close(info?: Partial<CloseInfo>): void;
	/** Resolves (never rejects) when the session has ended, with how it ended. */
	readonly closed: Promise<SessionClosed>;
}

/** The adapters. */
export type TransportKind = "memory" | "quic" | "webtransport-h3" | "webtransport-h2" | "webtransport";

/** A session request a server received, before it is accepted. */
export interface SessionRequest {
	readonly kind: TransportKind;
	/** The URL the client asked for (`https://…` for WebTransport, `moqt://…` on raw QUIC). */
	readonly url: string;
	/** The path (and query) of that URL. */
	readonly path: string;
	/** The authority (host[:port]) the client asked for. */
	readonly authority: string;
	/** The request's `Origin` header (WebTransport from a browser). */
	readonly origin: string | undefined;
	/**
	 * The application protocols the client offers: WT-Available-Protocols on WebTransport; on
	 * raw QUIC, the ALPN already selected in the handshake (one entry).
	 */
	readonly protocols: readonly string[];
	/** The remote address, `host:port`, where known. */
	readonly remoteAddress: string | undefined;
	/**
	 * Accepts the session, answering with `protocol` (one of `protocols`) where the transport
	 * negotiates it after the handshake (WebTransport).
	 */
	accept(options?: { readonly protocol?: string }): Promise<TransportSession>;
	/** Refuses the session (HTTP status on WebTransport; a connection close on raw QUIC). */
	reject(status?: number, reason?: string): void;
}

/** A listening server. */
export interface TransportServer {
	/** Session requests, in arrival order; the iteration ends when the server closes. */
	readonly requests: AsyncIterable<SessionRequest>;
	/** The bound address. */
	readonly address: { readonly host: string; readonly port: number };
	/** Stops accepting and closes every session with the given info. */
	close(info?: Partial<CloseInfo>): Promise<void>;
}
