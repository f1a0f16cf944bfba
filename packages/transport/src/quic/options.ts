/**
 * Options of the raw QUIC adapter: transport parameters (RFC 9000 §18.2), datagram support
 * (RFC 9221 §3), and the adapter's own buffering limits, with their defaults.
 *
 * @module
 */

/** Options both ends take. */
export interface QuicTransportOptions {
	/** Idle timeout in milliseconds (max_idle_timeout, RFC 9000 §10.1); it also bounds the handshake. Default 30 000. */
	readonly idleTimeout?: number;
	/** Bidirectional streams the peer may have open at once (initial_max_streams_bidi). Default 100. */
	readonly maxIncomingBidiStreams?: number;
	/** Unidirectional streams the peer may have open at once (initial_max_streams_uni). Default 1000. */
	readonly maxIncomingUniStreams?: number;
	/** Initial receive window of each stream (initial_max_stream_data_*). Default 1 MiB. */
	readonly streamWindow?: number;
	/** Initial receive window of the connection (initial_max_data). Default 4 MiB. */
	readonly connectionWindow?: number;
	/** The stream window quiche may grow to while the application keeps up. Default 16 MiB (quiche's cap). */
	readonly maxStreamWindow?: number;
	/** The connection window quiche may grow to. Default 24 MiB (quiche's cap). */
	readonly maxConnectionWindow?: number;
	/** Largest UDP payload sent or accepted (max_udp_payload_size). Default 1350. */
	readonly maxUdpPayloadSize?: number;
	/** Offer datagrams (max_datagram_frame_size, RFC 9221 §3). Default true. */
	readonly datagrams?: boolean;
	/** Datagrams held by quiche each way before more are dropped. Default 1024. */
	readonly datagramQueueLength?: number;
	/** Bytes read ahead from one stream before the application reads them. Default 1 MiB. */
	readonly streamReadBuffer?: number;
	/** Bytes read ahead across all streams of a connection. Default 16 MiB. */
	readonly connectionReadBuffer?: number;
	/** Bytes one stream buffers beyond what quiche accepted before `write()` waits. Default 256 KiB. */
	readonly streamWriteBuffer?: number;
	/** Bytes all streams of a connection buffer beyond what quiche accepted before writes wait. Default 1 MiB. */
	readonly connectionWriteBuffer?: number;
	/** SO_RCVBUF and SO_SNDBUF of the UDP socket, in bytes; the OS may cap them. Default 4 MiB. */
	readonly socketBufferSize?: number;
	/** Congestion control: "cubic" (default), "reno", "bbr" or "bbr2". */
	readonly congestionControl?: "cubic" | "reno" | "bbr" | "bbr2";
}

/** {@link QuicTransportOptions} with every default applied. */
export type ResolvedTransportOptions = Required<QuicTransportOptions>;

const MiB = 1024 * 1024;

/** Applies the defaults and checks ranges; throws a RangeError on a bad value. */
export function resolveTransportOptions(options: QuicTransportOptions): ResolvedTransportOptions {
	const resolved: ResolvedTransportOptions = {
		idleTimeout: options.idleTimeout ?? 30_000,
		maxIncomingBidiStreams: options.maxIncomingBidiStreams ?? 100,
		maxIncomingUniStreams: options.maxIncomingUniStreams ?? 1000,
		streamWindow: options.streamWindow ?? MiB,
		connectionWindow: options.connectionWindow ?? 4 * MiB,
		maxStreamWindow: options.maxStreamWindow ?? 16 * MiB,
		maxConnectionWindow: options.maxConnectionWindow ?? 24 * MiB,
		maxUdpPayloadSize: options.maxUdpPayloadSize ?? 1350,
		datagrams: options.datagrams ?? true,
		datagramQueueLength: options.datagramQueueLength ?? 1024,
		streamReadBuffer: options.streamReadBuffer ?? MiB,
		connectionReadBuffer: options.connectionReadBuffer ?? 16 * MiB,
		streamWriteBuffer: options.streamWriteBuffer ?? 256 * 1024,
		connectionWriteBuffer: options.connectionWriteBuffer ?? MiB,
		socketBufferSize: options.socketBufferSize ?? 4 * MiB,
		congestionControl: options.congestionControl ?? "cubic",
	};
	for (const [name, value] of Object.entries(resolved)) {
		if (typeof value === "number" && (!Number.isSafeInteger(value) || value < 0)) {
			throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
		}
	}
	// RFC 9000 §18.2: max_udp_payload_size values below 1200 are invalid.
	if (resolved.maxUdpPayloadSize < 1200 || resolved.maxUdpPayloadSize > 65527) {
		throw new RangeError(`maxUdpPayloadSize must be in [1200, 65527], got ${resolved.maxUdpPayloadSize}`);
	}
	return resolved;
}

/** Checks an ALPN list (RFC 7301 §3.1: 1 to 255 bytes each); throws a RangeError. */
export function checkAlpn(alpn: readonly string[]): void {
	if (alpn.length === 0) throw new RangeError("alpn must name at least one protocol");
	for (const protocol of alpn) {
		const length = Buffer.byteLength(protocol);
		if (length === 0 || length > 255) throw new RangeError(`ALPN ${JSON.stringify(protocol)} must be 1 to 255 bytes`);
	}
}
