/**
 * HTTP/3 datagrams (RFC 9297 §2.1): the payload of a QUIC DATAGRAM frame is
 * `Quarter Stream ID (i), HTTP Datagram Payload (..)`, where the Quarter Stream ID is the
 * CONNECT stream's ID divided by 4 (client-initiated bidirectional stream IDs are multiples of
 * 4). WebTransport sends its datagram payloads unchanged in the HTTP Datagram Payload
 * (draft-ietf-webtrans-http3 §"Datagrams").
 *
 * A datagram too short for its Quarter Stream ID, or one above 2^60 - 1, is an H3_DATAGRAM_ERROR
 * connection error (RFC 9297 §2.1).
 *
 * @module
 */

import { H3Error } from "./errors.js";
import { isClientBidiStream } from "./stream-types.js";
import { ByteReader, SHORT, varintLength, writeVarint } from "./varint.js";

/** The largest valid Quarter Stream ID, 2^60 - 1. */
export const MAX_QUARTER_STREAM_ID = (1n << 60n) - 1n;

/** The bytes the datagram header takes for a session (subtract from the QUIC datagram size). */
export function datagramHeaderLength(sessionId: bigint): number {
	return varintLength(sessionId / 4n);
}

/** Encodes an HTTP/3 datagram for a session (the CONNECT stream's ID). */
export function encodeDatagram(sessionId: bigint, payload: Uint8Array): Uint8Array {
	if (!isClientBidiStream(sessionId) || sessionId < 0n) {
		throw new RangeError(`session ID ${sessionId} is not a client-initiated bidirectional stream`);
	}
	const quarter = sessionId / 4n;
	const out = new Uint8Array(varintLength(quarter) + payload.length);
	out.set(payload, writeVarint(out, 0, quarter));
	return out;
}

/** A decoded HTTP/3 datagram. */
export interface H3Datagram {
	/** The session (CONNECT stream ID) it belongs to. */
	readonly sessionId: bigint;
	/** The payload, a view of the input. */
	readonly payload: Uint8Array;
}

/** Decodes an HTTP/3 datagram. Throws an {@link H3Error} H3_DATAGRAM_ERROR when malformed. */
export function decodeDatagram(datagram: Uint8Array): H3Datagram {
	const r = new ByteReader(datagram);
	let quarter: bigint;
	try {
		quarter = r.varintBig();
	} catch (e) {
		if (e === SHORT) throw new H3Error("H3_DATAGRAM_ERROR", "datagram too short for its Quarter Stream ID");
		throw e;
	}
	if (quarter > MAX_QUARTER_STREAM_ID) throw new H3Error("H3_DATAGRAM_ERROR", `Quarter Stream ID ${quarter} > 2^60-1`);
	return { sessionId: quarter * 4n, payload: datagram.subarray(r.pos) };
}
