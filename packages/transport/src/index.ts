/**
 * `@moqt/transport`: WebTransport-shaped sessions for MoQT, and their adapters.
 *
 * @packageDocumentation
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
