/**
 * The parts of the W3C WebTransport API (https://www.w3.org/TR/webtransport/) the adapter uses,
 * written structurally so that a browser's `WebTransport`, the client and server sessions of
 * `@fails-components/webtransport`, or a test double all fit. Newer members that not every
 * implementation has (`protocol`, `reliability`, `createWritable`, `waitUntilAvailable`) are
 * optional.
 *
 * @module
 */

/** `WebTransportCloseInfo`. */
export interface WebTransportCloseInfoLike {
	readonly closeCode?: number;
	readonly reason?: string;
}

/** Options of `createBidirectionalStream()` / `createUnidirectionalStream()`. */
export interface WebTransportStreamOptionsLike {
	sendOrder?: number;
	/** Wait for stream credit instead of failing (newer W3C drafts; fails-components needs it past 100 streams). */
	waitUntilAvailable?: boolean;
}

/** `WebTransportSendStream`: a byte writable with a settable send order. */
export type WebTransportSendStreamLike = WritableStream<Uint8Array> & { sendOrder?: number };

/** `WebTransportBidirectionalStream`. */
export interface WebTransportBidirectionalStreamLike {
	readonly readable: ReadableStream<Uint8Array>;
	readonly writable: WebTransportSendStreamLike;
}

/** `WebTransportDatagramDuplexStream`. */
export interface WebTransportDatagramsLike {
	readonly readable: ReadableStream<Uint8Array>;
	/** Deprecated in favour of `createWritable()`, which not every implementation has yet. */
	readonly writable?: WritableStream<Uint8Array>;
	createWritable?(options?: { sendOrder?: number }): WritableStream<Uint8Array>;
	readonly maxDatagramSize: number;
}

/** A `WebTransport` session. */
export interface WebTransportLike {
	readonly ready: Promise<unknown>;
	readonly closed: Promise<WebTransportCloseInfoLike | undefined>;
	readonly datagrams: WebTransportDatagramsLike;
	readonly incomingBidirectionalStreams: ReadableStream<WebTransportBidirectionalStreamLike>;
	readonly incomingUnidirectionalStreams: ReadableStream<ReadableStream<Uint8Array>>;
	/** The WT-Protocol the server chose ("" when none). */
	readonly protocol?: string;
	/** "reliable-only" over HTTP/2, "supports-unreliable" over HTTP/3, "pending" before ready. */
	readonly reliability?: string;
	createBidirectionalStream(options?: WebTransportStreamOptionsLike): Promise<WebTransportBidirectionalStreamLike>;
	createUnidirectionalStream(options?: WebTransportStreamOptionsLike): Promise<WebTransportSendStreamLike>;
	close(info?: WebTransportCloseInfoLike): void;
}

/** A `WebTransport` constructor: the browser global, or a library's. */
export type WebTransportConstructor = new (url: string, options?: Record<string, unknown>) => WebTransportLike;
