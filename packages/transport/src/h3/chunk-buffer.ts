/**
 * The input buffer the HTTP/3 push decoders share: bytes pushed in chunks, split anywhere, kept
 * until a whole unit (frame header, capsule, instruction) can be decoded.
 *
 * @module
 */

/** Unconsumed input of a push decoder. Chunks are copied, so callers may reuse theirs. */
export class ChunkBuffer {
	// Unconsumed bytes live in buf[start, end); the buffer grows geometrically so that a peer
	// dribbling a unit byte by byte costs linear, not quadratic, copying.
	private buf = new Uint8Array(0);
	private start = 0;
	private end = 0;

	/** Bytes held. */
	get length(): number {
		return this.end - this.start;
	}

	/** Appends a chunk. */
	push(chunk: Uint8Array): void {
		if (chunk.length === 0) return;
		if (this.end + chunk.length > this.buf.length) {
			const held = this.end - this.start;
			if (held + chunk.length <= this.buf.length) {
				// Enough room once the consumed front is reclaimed.
				this.buf.copyWithin(0, this.start, this.end);
			} else {
				const next = new Uint8Array(Math.max(64, this.buf.length * 2, held + chunk.length));
				next.set(this.buf.subarray(this.start, this.end));
				this.buf = next;
			}
			this.start = 0;
			this.end = held;
		}
		this.buf.set(chunk, this.end);
		this.end += chunk.length;
	}

	/** A view of the held bytes; valid until the next push. */
	view(): Uint8Array {
		return this.buf.subarray(this.start, this.end);
	}

	/** Drops `n` bytes from the front. */
	consume(n: number): void {
		this.start += n;
		if (this.start >= this.end) {
			this.start = 0;
			this.end = 0;
		}
	}

	/** Removes and returns (as a copy) every held byte. */
	take(): Uint8Array {
		const out = this.buf.slice(this.start, this.end);
		this.start = 0;
		this.end = 0;
		return out;
	}
}
