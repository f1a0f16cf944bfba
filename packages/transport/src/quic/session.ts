/**
 * The session type of the raw QUIC adapter: a {@link TransportSession} whose streams carry their
 * QUIC stream IDs (RFC 9000 §2.1) and whose `protocol` is the ALPN (RFC 9001 §8.1). HTTP/3
 * (RFC 9114) can run on it unchanged: it needs raw streams with IDs, datagrams and the ALPN.
 *
 * @module
 */

import type { TransportSession } from "../types.js";

/** A raw QUIC connection as a {@link TransportSession}. */
export interface QuicSession extends TransportSession {
	readonly kind: "quic";
	/** The peer's address, `host:port` (IPv6 in brackets). */
	readonly remoteAddress: string;
}
