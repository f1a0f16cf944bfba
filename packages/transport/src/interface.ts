/**
 * `@moqt/transport/interface`: the session interface and the transport errors alone, with no
 * adapter. Layers above (`@moqt/client`, `@moqt/relay`) type-check against this entry with only the ES2022
 * library: the W3C adapter in the main entry needs DOM stream types.
 *
 * @module
 */

export { StreamError, type StreamErrorKind, TransportError } from "./errors.js";
export type {
	BidiStream,
	CloseInfo,
	Datagrams,
	ReceiveStream,
	SendStream,
	SessionClosed,
	SessionRequest,
	StreamOptions,
	TransportKind,
	TransportServer,
	TransportSession,
} from "./types.js";
