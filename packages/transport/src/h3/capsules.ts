/**
 * Capsules on the CONNECT stream of a WebTransport session (RFC 9297 §3.2 Capsule Protocol:
 * `Type (i), Length (i), Value (..)`, carried in the DATA frames of the stream, §3.1), and the
 * WebTransport capsules of draft-ietf-webtrans-http3:
 *
 * - DATAGRAM 0x00 (RFC 9297 §3.5): a datagram sent reliably on the stream.
 * - WT_CLOSE_SESSION 0x2843 (§"Session Termination"): 32-bit code + UTF-8 reason ≤ 1024 bytes;
 *   a longer or invalid reason is H3_MESSAGE_ERROR.
 * - WT_DRAIN_SESSION 0x78ae (§"Interaction with the HTTP/3 GOAWAY frame"), empty.
 * - WT_MAX_DATA 0x190B4D3D, WT_MAX_STREAMS 0x190B4D3F (bidi) / 0x190B4D40 (uni),
 *   WT_DATA_BLOCKED 0x190B4D41, WT_STREAMS_BLOCKED 0x190B4D43 (bidi) / 0x190B4D44 (uni)
 *   (§"Flow Control Capsules"): decoded, for a connection that does not enable flow control to
 *   ignore.
 * - WT_MAX_STREAM_DATA 0x190B4D3E and WT_STREAM_DATA_BLOCKED 0x190B4D42 belong to WebTransport
 *   over HTTP/2 and are prohibited over HTTP/3 (§"Data Limits"): a session error.
 * - Any other type is skipped (RFC 9297 §3.2), without buffering its value.
 *
 * Errors are {@link H3Error}s of scope "stream" with H3_MESSAGE_ERROR: they end the session
 * (the CONNECT stream), not the connection.
 *
 * @module
 */

import { ChunkBuffer } from "./chunk-buffer.js";
import { H3Error } from "./errors.js";
import { ByteReader, ByteWriter, SHORT } from "./varint.js";

/** Capsule types. */
export const CapsuleType = {
	DATAGRAM: 0x00,
	WT_CLOSE_SESSION: 0x2843,
	WT_DRAIN_SESSION: 0x78ae,
	WT_MAX_DATA: 0x190b4d3d,
	/** WebTransport over HTTP/2 only; prohibited over HTTP/3. */
	WT_MAX_STREAM_DATA: 0x190b4d3e,
	WT_MAX_STREAMS_BIDI: 0x190b4d3f,
	WT_MAX_STREAMS_UNI: 0x190b4d40,
	WT_DATA_BLOCKED: 0x190b4d41,
	/** WebTransport over HTTP/2 only; prohibited over HTTP/3. */
	WT_STREAM_DATA_BLOCKED: 0x190b4d42,
	WT_STREAMS_BLOCKED_BIDI: 0x190b4d43,
	WT_STREAMS_BLOCKED_UNI: 0x190b4d44,
} as const;

/** The longest WT_CLOSE_SESSION reason, in bytes of UTF-8. */
export const MAX_CLOSE_REASON_BYTES = 1024;

/** A decoded capsule. */
export type Capsule =
	| { readonly type: "datagram"; readonly payload: Uint8Array }
	| { readonly type: "close-session"; readonly code: number; readonly reason: string }
	| { readonly type: "drain-session" }
	| { readonly type: "max-data"; readonly maximum: bigint }
	| { readonly type: "max-streams"; readonly bidi: boolean; readonly maximum: bigint }
	| { readonly type: "data-blocked"; readonly maximum: bigint }
	| { readonly type: "streams-blocked"; readonly bidi: boolean; readonly maximum: bigint };

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Encodes a capsule. A close reason longer than 1024 bytes is cut at a UTF-8 character boundary. */
export function encodeCapsule(capsule: Capsule): Uint8Array {
	const value = new ByteWriter(16);
	let type: number;
	switch (capsule.type) {
		case "datagram":
			type = CapsuleType.DATAGRAM;
			value.bytes(capsule.payload);
			break;
		case "close-session":
			type = CapsuleType.WT_CLOSE_SESSION;
			if (!Number.isInteger(capsule.code) || capsule.code < 0 || capsule.code > 0xffffffff) {
				throw new RangeError(`WT_CLOSE_SESSION code must be 32-bit, got ${capsule.code}`);
			}
			value.u32(capsule.code).bytes(truncateUtf8(capsule.reason, MAX_CLOSE_REASON_BYTES));
			break;
		case "drain-session":
			type = CapsuleType.WT_DRAIN_SESSION;
			break;
		case "max-data":
			type = CapsuleType.WT_MAX_DATA;
			value.varint(capsule.maximum);
			break;
		case "max-streams":
			type = capsule.bidi ? CapsuleType.WT_MAX_STREAMS_BIDI : CapsuleType.WT_MAX_STREAMS_UNI;
			value.varint(capsule.maximum);
			break;
		case "data-blocked":
			type = CapsuleType.WT_DATA_BLOCKED;
			value.varint(capsule.maximum);
			break;
		case "streams-blocked":
			type = capsule.bidi ? CapsuleType.WT_STREAMS_BLOCKED_BIDI : CapsuleType.WT_STREAMS_BLOCKED_UNI;
			value.varint(capsule.maximum);
			break;
	}
	const body = value.finish();
	return new ByteWriter(body.length + 16).varint(type).varint(body.length).bytes(body).finish();
}

/** `text` as UTF-8, cut to at most `maxBytes` without splitting a character. */
export function truncateUtf8(text: string, maxBytes: number): Uint8Array {
	const bytes = utf8Encoder.encode(text);
	if (bytes.length <= maxBytes) return bytes;
	let end = maxBytes;
	// Back up over continuation bytes (10xxxxxx) to the start of the character that does not fit.
	while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
	return bytes.subarray(0, end);
}

/** Options of a {@link CapsuleDecoder}. */
export interface CapsuleDecoderOptions {
	/** The largest capsule value buffered (DATAGRAM payloads); beyond it H3_MESSAGE_ERROR. Default 65536. */
	readonly maxCapsuleSize?: number;
}

type State =
	| { readonly kind: "header" }
	| { readonly kind: "skip"; remaining: number }
	| { readonly kind: "value"; readonly type: number; remaining: number };

const MAX_HEADER = 16;

/**
 * A push decoder for the capsule stream (the concatenated DATA payloads of a CONNECT stream).
 * Values are copies, so callers may reuse their chunks.
 */
export class CapsuleDecoder {
	private readonly maxCapsuleSize: number;
	private readonly header = new ChunkBuffer();
	private readonly value = new ChunkBuffer();
	private state: State = { kind: "header" };

	constructor(options?: CapsuleDecoderOptions) {
		this.maxCapsuleSize = options?.maxCapsuleSize ?? 65536;
	}

	/** True when the capsule stream is between capsules (where it may end). */
	get atBoundary(): boolean {
		return this.state.kind === "header" && this.header.length === 0;
	}

	/** Adds capsule-stream bytes and returns the capsules they complete. */
	push(chunk: Uint8Array): Capsule[] {
		const out: Capsule[] = [];
		let pos = 0;
		while (pos < chunk.length) {
			const state = this.state;
			if (state.kind === "header") {
				const held = this.header.length;
				const take = Math.min(MAX_HEADER - held, chunk.length - pos);
				this.header.push(chunk.subarray(pos, pos + take));
				const r = new ByteReader(this.header.view());
				let type: number;
				let length: number;
				try {
					type = r.varint();
					length = r.varint();
				} catch (e) {
					if (e !== SHORT) throw e;
					return out;
				}
				pos += r.pos - held;
				this.header.consume(this.header.length);
				this.begin(type, length, out);
				continue;
			}
			const n = Math.min(state.remaining, chunk.length - pos);
			if (state.kind === "value") this.value.push(chunk.subarray(pos, pos + n));
			pos += n;
			state.remaining -= n;
			if (state.remaining === 0) this.complete(out);
		}
		return out;
	}

	/** The capsule stream ended. Throws H3_MESSAGE_ERROR when it ended inside a capsule (RFC 9297 §3.3). */
	end(): void {
		if (!this.atBoundary) malformed("stream ended inside a capsule");
	}

	private begin(type: number, length: number, out: Capsule[]): void {
		if (type === CapsuleType.WT_MAX_STREAM_DATA || type === CapsuleType.WT_STREAM_DATA_BLOCKED) {
			malformed(`capsule 0x${type.toString(16)} is prohibited over HTTP/3`);
		}
		if (!isKnownCapsule(type)) {
			this.state = { kind: "skip", remaining: length };
		} else {
			const limit = type === CapsuleType.WT_CLOSE_SESSION ? 4 + MAX_CLOSE_REASON_BYTES : this.maxCapsuleSize;
			if (length > limit) malformed(`capsule 0x${type.toString(16)} of ${length} bytes exceeds ${limit}`);
			this.state = { kind: "value", type, remaining: length };
		}
		if (length === 0) this.complete(out);
	}

	private complete(out: Capsule[]): void {
		const state = this.state;
		this.state = { kind: "header" };
		if (state.kind === "value") out.push(parseValue(state.type, this.value.take()));
	}
}

function isKnownCapsule(type: number): boolean {
	return (
		type === CapsuleType.DATAGRAM ||
		type === CapsuleType.WT_CLOSE_SESSION ||
		type === CapsuleType.WT_DRAIN_SESSION ||
		(type >= CapsuleType.WT_MAX_DATA && type <= CapsuleType.WT_STREAMS_BLOCKED_UNI)
	);
}

function parseValue(type: number, value: Uint8Array): Capsule {
	const r = new ByteReader(value);
	try {
		switch (type) {
			case CapsuleType.DATAGRAM:
				return { type: "datagram", payload: value };
			case CapsuleType.WT_CLOSE_SESSION: {
				const code = r.u32();
				let reason: string;
				try {
					reason = utf8Decoder.decode(value.subarray(4));
				} catch {
					return malformed("WT_CLOSE_SESSION reason is not UTF-8");
				}
				return { type: "close-session", code, reason };
			}
			case CapsuleType.WT_DRAIN_SESSION:
				if (value.length !== 0) malformed("WT_DRAIN_SESSION must be empty");
				return { type: "drain-session" };
			default: {
				const maximum = r.varintBig();
				if (r.remaining !== 0) malformed(`capsule 0x${type.toString(16)} has trailing bytes`);
				if (type === CapsuleType.WT_MAX_DATA) return { type: "max-data", maximum };
				if (type === CapsuleType.WT_DATA_BLOCKED) return { type: "data-blocked", maximum };
				const bidi = type === CapsuleType.WT_MAX_STREAMS_BIDI || type === CapsuleType.WT_STREAMS_BLOCKED_BIDI;
				if (type === CapsuleType.WT_MAX_STREAMS_BIDI || type === CapsuleType.WT_MAX_STREAMS_UNI) {
					return { type: "max-streams", bidi, maximum };
				}
				return { type: "streams-blocked", bidi, maximum };
			}
		}
	} catch (e) {
		if (e === SHORT) malformed(`capsule 0x${type.toString(16)} is truncated`);
		throw e;
	}
}

function malformed(message: string): never {
	throw new H3Error("H3_MESSAGE_ERROR", message, "stream");
}
