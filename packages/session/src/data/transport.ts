/**
 * The part of the `@moqt/transport` interface the data plane uses, stated structurally: every
 * `TransportSession`, `SendStream` and `ReceiveStream` of `@moqt/transport` satisfies these
 * interfaces (a type test checks it), and tests can hand in smaller fakes.
 *
 * Why not import the types from `@moqt/transport`: its entry also declares the W3C WebTransport
 * adapter, whose types need the DOM library, and `@moqt/session` compiles against ES2022 alone
 * (it is platform-neutral). Stream errors are recognised by shape for the same reason.
 *
 * @module
 */

/** The sending half of a unidirectional stream (`SendStream` of `@moqt/transport`). */
export interface DataSendStream {
	/** Relative send order against the session's other streams: higher is sent first. */
	sendOrder: number;
	/** Queues bytes; resolves when the stream can take more (backpressure). */
	write(chunk: Uint8Array): Promise<void>;
	/** Sends FIN after everything queued. */
	finish(): Promise<void>;
	/** RESET_STREAM with an application error code. Idempotent. */
	reset(code: number): void;
	/** Resolves once FIN was sent and acknowledged; rejects on reset or STOP_SENDING. */
	readonly closed: Promise<void>;
}

/** The receiving half of a unidirectional stream (`ReceiveStream` of `@moqt/transport`). */
export interface DataReceiveStream {
	/** The next chunk, or undefined at FIN; rejects when the stream was reset or the session ended. */
	read(): Promise<Uint8Array | undefined>;
	/** STOP_SENDING with an application error code. Idempotent. */
	stopSending(code: number): void;
}

/** What a publisher needs from a session: unidirectional streams and datagrams. */
export interface DataTransport {
	/** Opens a unidirectional stream, waiting for stream credit. */
	openUni(options?: { readonly sendOrder?: number }): Promise<DataSendStream>;
	readonly datagrams: {
		/** The largest datagram `send` takes now. */
		readonly maxSize: number;
		/** Sends one datagram; false when it was dropped. */
		send(payload: Uint8Array): boolean;
	};
}

/** What a failed stream operation reports: the `StreamError` of `@moqt/transport`, by shape. */
export interface StreamFailure {
	/** "reset", "stop-sending", "local" or "session-closed". */
	readonly kind: string;
	/** The application error code, for "reset", "stop-sending" and "local". */
	readonly code: number | undefined;
}

/** The kind and code of a `StreamError` from `@moqt/transport` (any copy); undefined for other errors. */
export function streamFailure(error: unknown): StreamFailure | undefined {
	if (!(error instanceof Error) || error.name !== "StreamError") return undefined;
	const e = error as Error & { kind?: unknown; errorCode?: unknown };
	if (typeof e.kind !== "string") return undefined;
	return { kind: e.kind, code: typeof e.errorCode === "number" ? e.errorCode : undefined };
}
