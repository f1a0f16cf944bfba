/**
 * The first bytes of HTTP/3 streams.
 *
 * Unidirectional streams start with a stream type (RFC 9114 §6.2): control 0x00 (§6.2.1), push
 * 0x01 (§6.2.2), QPACK encoder 0x02 and decoder 0x03 (RFC 9204 §4.2), WebTransport 0x54
 * followed by the session ID (draft-ietf-webtrans-http3 §"Unidirectional streams"); other
 * types, reserved ones (0x1f * N + 0x21) included, are unknown and the stream is ignored
 * (§6.2.3, §9).
 *
 * Bidirectional WebTransport streams start with the signal 0x41 (WT_STREAM) and the session ID
 * (draft-ietf-webtrans-http3 §"Bidirectional Streams"); any other client bidirectional stream
 * is an HTTP/3 request stream whose first bytes are a frame.
 *
 * A session ID is the ID of the CONNECT stream, so it must be a client-initiated bidirectional
 * stream ID (a multiple of 4); anything else is H3_ID_ERROR (draft-ietf-webtrans-http3
 * §"WebTransport Features").
 *
 * @module
 */

import { H3Error } from "./errors.js";
import { ByteReader, ByteWriter, SHORT } from "./varint.js";

/** Unidirectional stream types. */
export const StreamType = {
	CONTROL: 0x00,
	PUSH: 0x01,
	QPACK_ENCODER: 0x02,
	QPACK_DECODER: 0x03,
	WEBTRANSPORT: 0x54,
} as const;

/** The signal value that opens a bidirectional WebTransport stream. */
export const WT_BIDI_SIGNAL = 0x41;

/** What a unidirectional stream carries. */
export type UniStreamHeader =
	| { readonly kind: "control" }
	| { readonly kind: "push" }
	| { readonly kind: "qpack-encoder" }
	| { readonly kind: "qpack-decoder" }
	| { readonly kind: "webtransport"; readonly sessionId: bigint }
	| { readonly kind: "unknown"; readonly streamType: number };

/** What a bidirectional stream carries. */
export type BidiStreamStart =
	| { readonly kind: "webtransport"; readonly sessionId: bigint }
	/** An HTTP/3 request stream: its frames start at byte 0. */
	| { readonly kind: "request" };

/** A parsed stream start and the bytes it took. */
export interface ParsedStart<T> {
	readonly start: T;
	readonly consumed: number;
}

/**
 * Parses the start of a unidirectional stream from its first bytes; undefined when more bytes
 * are needed. Throws H3_ID_ERROR for an impossible session ID.
 */
export function parseUniStreamHeader(bytes: Uint8Array): ParsedStart<UniStreamHeader> | undefined {
	const r = new ByteReader(bytes);
	try {
		const type = r.varint();
		let start: UniStreamHeader;
		switch (type) {
			case StreamType.CONTROL:
				start = { kind: "control" };
				break;
			case StreamType.PUSH:
				start = { kind: "push" };
				break;
			case StreamType.QPACK_ENCODER:
				start = { kind: "qpack-encoder" };
				break;
			case StreamType.QPACK_DECODER:
				start = { kind: "qpack-decoder" };
				break;
			case StreamType.WEBTRANSPORT:
				start = { kind: "webtransport", sessionId: readSessionId(r) };
				break;
			default:
				start = { kind: "unknown", streamType: type };
		}
		return { start, consumed: r.pos };
	} catch (e) {
		if (e === SHORT) return undefined;
		throw e;
	}
}

/**
 * Parses the start of a bidirectional stream; undefined when more bytes are needed. A request
 * stream consumes nothing (its first varint is a frame type). Throws H3_ID_ERROR for an
 * impossible session ID.
 */
export function parseBidiStreamStart(bytes: Uint8Array): ParsedStart<BidiStreamStart> | undefined {
	const r = new ByteReader(bytes);
	try {
		if (r.varint() !== WT_BIDI_SIGNAL) return { start: { kind: "request" }, consumed: 0 };
		const sessionId = readSessionId(r);
		return { start: { kind: "webtransport", sessionId }, consumed: r.pos };
	} catch (e) {
		if (e === SHORT) return undefined;
		throw e;
	}
}

/** The first bytes of a unidirectional stream of a type without further header (control, QPACK). */
export function encodeUniStreamType(type: number): Uint8Array {
	return new ByteWriter(8).varint(type).finish();
}

/** The header of a unidirectional WebTransport stream: 0x54 and the session ID. */
export function encodeWebTransportUniHeader(sessionId: bigint): Uint8Array {
	assertSessionId(sessionId);
	return new ByteWriter(16).varint(StreamType.WEBTRANSPORT).varint(sessionId).finish();
}

/** The header of a bidirectional WebTransport stream: 0x41 and the session ID. */
export function encodeWebTransportBidiHeader(sessionId: bigint): Uint8Array {
	assertSessionId(sessionId);
	return new ByteWriter(16).varint(WT_BIDI_SIGNAL).varint(sessionId).finish();
}

/** True for a client-initiated bidirectional stream ID, the only kind a session ID can be. */
export function isClientBidiStream(streamId: bigint): boolean {
	return (streamId & 3n) === 0n;
}

function readSessionId(r: ByteReader): bigint {
	const id = r.varintBig();
	if (!isClientBidiStream(id)) {
		throw new H3Error("H3_ID_ERROR", `session ID ${id} is not a client-initiated bidirectional stream`);
	}
	return id;
}

function assertSessionId(id: bigint): void {
	if (!isClientBidiStream(id)) throw new RangeError(`session ID ${id} is not a client-initiated bidirectional stream`);
}
