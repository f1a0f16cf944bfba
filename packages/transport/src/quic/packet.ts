/**
 * The cleartext parts of a QUIC packet that an endpoint routes by (RFC 9000 §17.2 long header,
 * §17.3 short header, §5.2 matching packets to connections) and Version Negotiation (§6,
 * §17.2.1).
 *
 * @module
 */

import { native } from "./native.js";
import { readVarint } from "./varint.js";

/** The length of the connection IDs this adapter issues (RFC 9000 §5.1; at most 20). */
export const CID_LENGTH = 16;

/** The smallest UDP payload carrying a client's Initial packet (RFC 9000 §14.1). */
export const MIN_INITIAL_DATAGRAM = 1200;

/** QUIC version 1 (RFC 9000 §15). */
export const QUIC_V1 = 1;

/** Long header packet types of version 1 (RFC 9000 §17.2, Table 5). */
export const LongType = { initial: 0, zeroRtt: 1, handshake: 2, retry: 3 } as const;

/** The invariant fields of a long header (RFC 8999 §5.1) and, for version 1, the packet type. */
export interface LongHeader {
	readonly version: number;
	/** {@link LongType} for version 1; meaningless for other versions. */
	readonly type: number;
	readonly dcid: Uint8Array;
	readonly scid: Uint8Array;
}

/** True when `packet` starts with a long header (RFC 8999 §5.1). */
export function isLongHeader(packet: Uint8Array): boolean {
	return ((packet[0] ?? 0) & 0x80) !== 0;
}

/** Parses the invariant fields of a long header; undefined when truncated or malformed. */
export function parseLongHeader(packet: Uint8Array): LongHeader | undefined {
	const first = packet[0];
	if (first === undefined || (first & 0x80) === 0 || packet.length < 7) return undefined;
	const version = new DataView(packet.buffer, packet.byteOffset, packet.byteLength).getUint32(1);
	const dcidLength = packet[5] ?? 0;
	const scidAt = 6 + dcidLength;
	const scidLength = packet[scidAt];
	// Version 1 limits connection IDs to 20 bytes; other versions may not, but only route by v1.
	if (scidLength === undefined || dcidLength > 20 || scidLength > 20) return undefined;
	if (scidAt + 1 + scidLength > packet.length) return undefined;
	return {
		version,
		type: (first & 0x30) >> 4,
		dcid: packet.subarray(6, 6 + dcidLength),
		scid: packet.subarray(scidAt + 1, scidAt + 1 + scidLength),
	};
}

/**
 * Where the packet that starts at `offset` ends (RFC 9000 §12.2 coalescing; Length field of
 * §17.2). A short header packet, a Retry, or anything unparsable runs to the end of the datagram.
 */
export function packetEnd(datagram: Uint8Array, offset: number): number {
	const first = datagram[offset] ?? 0;
	if ((first & 0x80) === 0 || datagram.length < offset + 7) return datagram.length;
	const view = new DataView(datagram.buffer, datagram.byteOffset, datagram.byteLength);
	const type = (first & 0x30) >> 4;
	if (view.getUint32(offset + 1) !== QUIC_V1 || type === LongType.retry) return datagram.length;
	let at = offset + 6 + (datagram[offset + 5] ?? 0);
	at += 1 + (datagram[at] ?? 0);
	if (type === LongType.initial) {
		const token = readVarint(datagram, at);
		if (!token) return datagram.length;
		at += token.size + token.value;
	}
	const length = readVarint(datagram, at);
	if (!length) return datagram.length;
	return Math.min(at + length.size + length.value, datagram.length);
}

/** The map key of a connection ID: one string character per byte. */
export function cidKey(cid: Uint8Array): string {
	return Buffer.from(cid.buffer, cid.byteOffset, cid.byteLength).toString("latin1");
}

/**
 * The key of a short header packet's Destination Connection ID, which has the length this
 * endpoint issues (RFC 9000 §17.3); undefined when the packet is too short to hold one.
 */
export function shortHeaderKey(packet: Buffer): string | undefined {
	return packet.length > CID_LENGTH ? packet.toString("latin1", 1, 1 + CID_LENGTH) : undefined;
}

/**
 * A Version Negotiation packet answering `header` (RFC 9000 §6.1, §17.2.1), or undefined when
 * none may be sent: a server answers only datagrams large enough to be a client's first flight,
 * so that it cannot amplify (RFC 9000 §5.2.2), and never answers Version Negotiation itself.
 */
export function versionNegotiation(header: LongHeader, datagramLength: number): Uint8Array | undefined {
	if (header.version === 0 || datagramLength < MIN_INITIAL_DATAGRAM) return undefined;
	const out = new Uint8Array(64);
	const length = native.negotiateVersion(header.scid, header.dcid, out);
	return out.subarray(0, length);
}
