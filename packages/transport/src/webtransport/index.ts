/**
 * The W3C WebTransport adapter: any `WebTransport` session as a {@link TransportSession}, and a
 * connect function for the platform's `WebTransport`. Platform-neutral.
 *
 * @module
 */

export { type ConnectWebTransportOptions, connectWebTransport } from "./connect.js";
export { type FromWebTransportOptions, fromWebTransport } from "./session.js";
export type {
	WebTransportBidirectionalStreamLike,
	WebTransportCloseInfoLike,
	WebTransportConstructor,
	WebTransportDatagramsLike,
	WebTransportLike,
	WebTransportSendStreamLike,
	WebTransportStreamOptionsLike,
} from "./types.js";
