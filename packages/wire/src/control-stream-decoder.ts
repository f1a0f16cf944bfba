/**
 * A push decoder for a control stream (or, from draft-17, a request stream): feed it chunks as
 * they arrive, split anywhere, and it returns the complete messages they finish.
 *
 * @module
 */

import { type Codec, type CodecOptions, codecFor } from "./codec.js";
import { decodeFramed } from "./control.js";
import type { WireError } from "./errors.js";
import type { ControlMessage } from "./messages/index.js";
import { Reader } from "./reader.js";
import type { Draft } from "./version.js";

/**
 * Decodes a stream of framed control messages. Byte fields of the messages are views into the
 * chunks pushed (or into the decoder's own buffer when a message spans chunks); copy them to keep
 * them past the chunk's lifetime if the caller reuses its buffers.
 */
export class ControlStreamDecoder {
	private readonly codec: Codec;
	// Unconsumed bytes live in buf[0, len); the buffer grows geometrically so that a peer
	// dribbling a message byte by byte costs linear, not quadratic, copying.
	private buf: Uint8Array = new Uint8Array(0);
	private len = 0;
	private failed: WireError | undefined;

	constructor(draft: Draft, options?: CodecOptions) {
		this.codec = codecFor(draft, options);
	}

	/** Bytes received that do not yet form a whole message. */
	get buffered(): number {
		return this.len;
	}

	/**
	 * Adds a chunk and returns the messages completed by it. Throws the {@link WireError} that
	 * should close the session; after an error every later call throws it again.
	 */
	push(chunk: Uint8Array): ControlMessage[] {
		if (this.failed !== undefined) throw this.failed;
		let input = chunk;
		const wasBuffering = this.len > 0;
		if (wasBuffering) {
			this.append(chunk);
			input = this.buf.subarray(0, this.len);
		}
		const r = new Reader(input, this.codec.moqtVarint);
		const out: ControlMessage[] = [];
		while (r.pos < r.end) {
			const result = decodeFramed(r, this.codec);
			if (result.kind === "ok") {
				out.push(result.message);
				continue;
			}
			if (result.kind === "error") {
				this.failed = result.error;
				throw result.error;
			}
			break;
		}
		// Keep the unfinished tail (copied, so the caller may reuse its chunk). Messages already
		// returned may view the old buffer, so the tail goes into a fresh one.
		// Nothing consumed from our own buffer: keep it as it is (no copy).
		if (wasBuffering && r.pos === 0) return out;
		const tail = input.subarray(r.pos);
		this.len = 0;
		if (tail.length > 0) {
			this.buf = new Uint8Array(Math.max(64, tail.length * 2));
			this.append(tail);
		}
		return out;
	}

	private append(bytes: Uint8Array): void {
		if (this.len + bytes.length > this.buf.length) {
			const next = new Uint8Array(Math.max(this.buf.length * 2, this.len + bytes.length));
			next.set(this.buf.subarray(0, this.len));
			this.buf = next;
		}
		this.buf.set(bytes, this.len);
		this.len += bytes.length;
	}
}
