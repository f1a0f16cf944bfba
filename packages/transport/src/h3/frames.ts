/**
 * HTTP/3 frames (RFC 9114 §7): the frame layout `Type (i), Length (i), Frame Payload (..)`, the
 * encoders we need, and a push decoder for control and request streams with the per-stream
 * rules of §7.2 and §6.2.1:
 *
 * - Frame types HTTP/2 used without an HTTP/3 counterpart (0x02, 0x06, 0x08, 0x09) are
 *   H3_FRAME_UNEXPECTED anywhere (§7.2.8).
 * - Control stream: the first frame must be SETTINGS (else H3_MISSING_SETTINGS), a second
 *   SETTINGS and any DATA, HEADERS or PUSH_PROMISE are H3_FRAME_UNEXPECTED.
 * - Request stream: SETTINGS, GOAWAY, MAX_PUSH_ID and CANCEL_PUSH are H3_FRAME_UNEXPECTED.
 * - WT_STREAM (0x41) is only valid as the first bytes of a stream, which the connection checks
 *   before frames start; seen as a frame it is H3_FRAME_ERROR (draft-ietf-webtrans-http3
 *   §"Bidirectional Streams").
 * - Unknown and reserved (0x1f * N + 0x21) types are skipped without buffering (§9).
 * - A payload with bytes missing or left over is H3_FRAME_ERROR (§7.1), and so is a stream that
 *   ends inside a frame.
 *
 * DATA payloads are not buffered: they come out as fragments as the bytes arrive, since the
 * CONNECT stream carries an unbounded capsule stream in them (RFC 9297 §3.1).
 *
 * @module
 */

import { ChunkBuffer } from "./chunk-buffer.js";
import { H3Error } from "./errors.js";
import { decodeSettingsPayload, encodeSettingsPayload, type Settings } from "./settings.js";
import { ByteReader, ByteWriter, SHORT } from "./varint.js";

/** HTTP/3 frame types (RFC 9114 §7.2, §11.2.1) and the WebTransport stream signal. */
export const FrameType = {
	DATA: 0x00,
	HEADERS: 0x01,
	CANCEL_PUSH: 0x03,
	SETTINGS: 0x04,
	PUSH_PROMISE: 0x05,
	GOAWAY: 0x07,
	MAX_PUSH_ID: 0x0d,
	/** Not a real frame: the WebTransport bidirectional stream signal (draft-ietf-webtrans-http3). */
	WT_STREAM: 0x41,
} as const;

/** HTTP/2 frame types reserved in HTTP/3 (RFC 9114 §7.2.8). */
const HTTP2_RESERVED_FRAMES: ReadonlySet<number> = new Set([0x02, 0x06, 0x08, 0x09]);

/** A decoded frame, or a fragment of a DATA frame's payload. */
export type H3Frame =
	/** Part of a DATA payload (a frame can arrive as several fragments). */
	| { readonly type: "data"; readonly data: Uint8Array }
	/** A HEADERS frame: the encoded field section. */
	| { readonly type: "headers"; readonly block: Uint8Array }
	| { readonly type: "settings"; readonly settings: Settings }
	| { readonly type: "goaway"; readonly id: bigint }
	| { readonly type: "max-push-id"; readonly pushId: bigint }
	| { readonly type: "cancel-push"; readonly pushId: bigint }
	| { readonly type: "push-promise"; readonly pushId: bigint; readonly block: Uint8Array }
	/** An unknown or reserved frame type; its payload is skipped. */
	| { readonly type: "unknown"; readonly frameType: number };

/** Encodes a frame. */
export function encodeFrame(type: number | bigint, payload: Uint8Array): Uint8Array {
	return new ByteWriter(payload.length + 16).varint(type).varint(payload.length).bytes(payload).finish();
}

/** The header of a DATA frame of `length` bytes, to send before the payload without copying it. */
export function encodeDataFrameHeader(length: number): Uint8Array {
	return new ByteWriter(16).varint(FrameType.DATA).varint(length).finish();
}

/** A HEADERS frame carrying an encoded field section. */
export function encodeHeadersFrame(block: Uint8Array): Uint8Array {
	return encodeFrame(FrameType.HEADERS, block);
}

/** A SETTINGS frame. */
export function encodeSettingsFrame(settings: Settings): Uint8Array {
	return encodeFrame(FrameType.SETTINGS, encodeSettingsPayload(settings));
}

/** A GOAWAY frame with a stream ID (from a server) or push ID (from a client). */
export function encodeGoawayFrame(id: bigint): Uint8Array {
	return encodeFrame(FrameType.GOAWAY, new ByteWriter(8).varint(id).finish());
}

/** A MAX_PUSH_ID frame. */
export function encodeMaxPushIdFrame(pushId: bigint): Uint8Array {
	return encodeFrame(FrameType.MAX_PUSH_ID, new ByteWriter(8).varint(pushId).finish());
}

/** A CANCEL_PUSH frame. */
export function encodeCancelPushFrame(pushId: bigint): Uint8Array {
	return encodeFrame(FrameType.CANCEL_PUSH, new ByteWriter(8).varint(pushId).finish());
}

/** The stream a {@link FrameDecoder} reads, which decides the frames allowed. */
export type FrameStreamKind = "control" | "request";

/** Options of a {@link FrameDecoder}. */
export interface FrameDecoderOptions {
	readonly kind: FrameStreamKind;
	/**
	 * The largest payload of a buffered frame (all but DATA and unknown types, which are not
	 * buffered); beyond it the frame is H3_EXCESSIVE_LOAD. Default 64 KiB.
	 */
	readonly maxFrameSize?: number;
}

type State =
	| { readonly kind: "header" }
	| { readonly kind: "data"; remaining: number }
	| { readonly kind: "skip"; remaining: number }
	| { readonly kind: "payload"; readonly type: number; remaining: number };

// Two varints take at most 16 bytes.
const MAX_HEADER = 16;

/**
 * A push decoder for the frames of one stream. Feed chunks split anywhere; each call returns
 * the frames (and DATA fragments) they complete. DATA fragments are views of the chunks pushed;
 * other payloads are copies. Errors are thrown as {@link H3Error}s; after one, the stream is dead.
 */
export class FrameDecoder {
	private readonly kind: FrameStreamKind;
	private readonly maxFrameSize: number;
	private readonly header = new ChunkBuffer();
	private readonly payload = new ChunkBuffer();
	private state: State = { kind: "header" };
	private frames = 0;

	constructor(options: FrameDecoderOptions) {
		this.kind = options.kind;
		this.maxFrameSize = options.maxFrameSize ?? 65536;
	}

	/** True when the stream is between frames (where it may end). */
	get atBoundary(): boolean {
		return this.state.kind === "header" && this.header.length === 0;
	}

	/** Adds a chunk and returns what it completes. */
	push(chunk: Uint8Array): H3Frame[] {
		const out: H3Frame[] = [];
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
				// The held bytes were all header (they did not suffice before); what the header did
				// not use of this chunk belongs to the payload.
				pos += r.pos - held;
				this.header.consume(this.header.length);
				this.begin(type, length, out);
				continue;
			}
			const n = Math.min(state.remaining, chunk.length - pos);
			if (state.kind === "data") out.push({ type: "data", data: chunk.subarray(pos, pos + n) });
			else if (state.kind === "payload") this.payload.push(chunk.subarray(pos, pos + n));
			pos += n;
			state.remaining -= n;
			if (state.remaining === 0) this.complete(out);
		}
		return out;
	}

	/** The stream ended (FIN). Throws H3_FRAME_ERROR when it ended inside a frame. */
	end(): void {
		if (!this.atBoundary) throw new H3Error("H3_FRAME_ERROR", "stream ended inside a frame");
	}

	private begin(type: number, length: number, out: H3Frame[]): void {
		const first = this.frames++ === 0;
		if (HTTP2_RESERVED_FRAMES.has(type)) {
			throw new H3Error("H3_FRAME_UNEXPECTED", `HTTP/2 frame type 0x${type.toString(16)}`);
		}
		if (type === FrameType.WT_STREAM) throw new H3Error("H3_FRAME_ERROR", "WT_STREAM after the start of a stream");
		if (this.kind === "control") {
			if (first && type !== FrameType.SETTINGS) {
				throw new H3Error("H3_MISSING_SETTINGS", "the control stream must start with SETTINGS");
			}
			if (!first && type === FrameType.SETTINGS) throw new H3Error("H3_FRAME_UNEXPECTED", "second SETTINGS frame");
			if (type === FrameType.DATA || type === FrameType.HEADERS || type === FrameType.PUSH_PROMISE) {
				throw new H3Error("H3_FRAME_UNEXPECTED", `frame type 0x${type.toString(16)} on the control stream`);
			}
		} else if (
			type === FrameType.SETTINGS ||
			type === FrameType.GOAWAY ||
			type === FrameType.MAX_PUSH_ID ||
			type === FrameType.CANCEL_PUSH
		) {
			throw new H3Error("H3_FRAME_UNEXPECTED", `frame type 0x${type.toString(16)} on a request stream`);
		}
		if (type === FrameType.DATA) {
			this.state = { kind: "data", remaining: length };
		} else if (!isKnownFrame(type)) {
			out.push({ type: "unknown", frameType: type });
			this.state = { kind: "skip", remaining: length };
		} else {
			if (length > this.maxFrameSize) {
				throw new H3Error("H3_EXCESSIVE_LOAD", `frame of ${length} bytes exceeds ${this.maxFrameSize}`);
			}
			this.state = { kind: "payload", type, remaining: length };
		}
		if (length === 0) this.complete(out);
	}

	private complete(out: H3Frame[]): void {
		const state = this.state;
		this.state = { kind: "header" };
		if (state.kind === "payload") out.push(parsePayload(state.type, this.payload.take()));
	}
}

function isKnownFrame(type: number): boolean {
	return (
		type === FrameType.HEADERS ||
		type === FrameType.SETTINGS ||
		type === FrameType.GOAWAY ||
		type === FrameType.MAX_PUSH_ID ||
		type === FrameType.CANCEL_PUSH ||
		type === FrameType.PUSH_PROMISE
	);
}

function parsePayload(type: number, payload: Uint8Array): H3Frame {
	switch (type) {
		case FrameType.HEADERS:
			return { type: "headers", block: payload };
		case FrameType.SETTINGS:
			return { type: "settings", settings: decodeSettingsPayload(payload) };
		case FrameType.PUSH_PROMISE: {
			const r = new ByteReader(payload);
			const pushId = readId(r, "PUSH_PROMISE", false);
			return { type: "push-promise", pushId, block: payload.subarray(r.pos) };
		}
		case FrameType.GOAWAY:
			return { type: "goaway", id: readId(new ByteReader(payload), "GOAWAY", true) };
		case FrameType.MAX_PUSH_ID:
			return { type: "max-push-id", pushId: readId(new ByteReader(payload), "MAX_PUSH_ID", true) };
		default:
			return { type: "cancel-push", pushId: readId(new ByteReader(payload), "CANCEL_PUSH", true) };
	}
}

// Reads the one varint of an ID frame; `whole` requires it to fill the payload exactly.
function readId(r: ByteReader, frame: string, whole: boolean): bigint {
	let id: bigint;
	try {
		id = r.varintBig();
	} catch (e) {
		if (e === SHORT) throw new H3Error("H3_FRAME_ERROR", `${frame} frame ends inside its ID`);
		throw e;
	}
	if (whole && r.remaining !== 0) throw new H3Error("H3_FRAME_ERROR", `${frame} frame has trailing bytes`);
	return id;
}
