/**
 * `@moqt/transport`: WebTransport-shaped sessions for MoQT, and their adapters. This entry is
 * platform-neutral (browsers, Node.js, workers): the interface, the in-memory pair and the W3C
 * WebTransport adapter. Node.js adapters live under `@moqt/transport/fails`, `/quic` and `/h3`.
 *
 * @packageDocumentation
 */

// The session interface and its errors: the same names as `@moqt/transport/interface`.
export * from "./interface.js";
export {
	type ConnectMemoryOptions,
	connectMemory,
	createMemoryPair,
	type MemoryPairOptions,
	MemoryServer,
	type MemoryServerOptions,
	type MemorySession,
} from "./memory/index.js";
export {
	type ConnectWebTransportOptions,
	connectWebTransport,
	type FromWebTransportOptions,
	fromWebTransport,
	type WebTransportBidirectionalStreamLike,
	type WebTransportCloseInfoLike,
	type WebTransportConstructor,
	type WebTransportDatagramsLike,
	type WebTransportLike,
	type WebTransportSendStreamLike,
	type WebTransportStreamOptionsLike,
} from "./webtransport/index.js";
