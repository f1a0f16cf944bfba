/**
 * A push decoder for an incoming unidirectional data stream: subgroup streams
 * (draft-ietf-moq-transport-14 §10.4.2, -16 §10.4.2, -18/-19 §11.4.2 "Subgroup Header"), fetch
 * streams (-14/-16 §10.4.4, -18/-19 §11.4.4 "Fetch Header") and, from -17, padding streams
 * (-18/-19 §11.5.1, discarded).
 *
 * One class for every kind: it reads the stream type first and then the matching header and
 * objects, because a receiver learns what a stream is only from that type. A -17+ control stream
 * (type SETUP) is not a data stream; detect it first with `detectStreamType` and hand it to the
 * `ControlStreamDecoder`.
 *
 * Chunks may split the stream anywhere. Costs stay linear however the input is split:
 *
 * - Objects wholly inside a chunk are decoded in place; their payloads (and byte properties) are
 *   views into the chunk.
 * - A payload that spans chunks is assembled, its bytes copied once: payloads up to 8 KiB into
 *   views of a shared 64 KiB slab (so `payload.buffer` may hold other payloads too, as with
 *   Node's Buffer pool; `slice()` one to own it), larger ones into a buffer of their own, which
 *   above 64 KiB grows as bytes arrive so that a peer cannot make the decoder reserve memory it
 *   never sends.
 * - Header bytes cut by a chunk boundary are kept in a small pending buffer; the decoder retries
 *   only when enough bytes arrived to get past the field that was cut (a properties block is
 *   waited for whole), so a peer dribbling bytes one at a time costs no re-parsing per byte.
 *
 * Once `push` returns, the caller may reuse its chunk's memory only if it no longer needs the views
 * in the objects returned: the decoder itself keeps no reference to a chunk.
 *
 * @module
 */

import { type Codec, type CodecOptions, codecFor } from "../codec.js";
import { WireError } from "../errors.js";
import { Reader, SHORT } from "../reader.js";
import type { GroupOrder } from "../types.js";
import type { Draft } from "../version.js";
import { BLOCKED, type FetchHeader, type FetchItem, FetchObjectReader } from "./fetch.js";
import { EMPTY_PAYLOAD, type MoqtObject } from "./object.js";
import { streamKind } from "./stream-type.js";
import { readSubgroupHeaderBody, type SubgroupHeader } from "./subgroup-header.js";
import { SubgroupObjectReader } from "./subgroup-object.js";

/** The header of a padding stream (-17+); the rest of the stream is discarded. */
export interface PaddingStreamHeader {
	readonly type: "PADDING";
}

/** The header a data stream starts with. */
export type DataStreamHeader = SubgroupHeader | FetchHeader | PaddingStreamHeader;

/** What a data stream carries after its header: objects, and End of Range markers on fetch streams. */
export type DataStreamItem = MoqtObject | FetchItem;

/** What one {@link DataStreamDecoder.push} produced. */
export interface DataStreamOutput {
	/** The stream's header, once it has been read (in this push or an earlier one). */
	readonly header: DataStreamHeader | undefined;
	/** The items completed by this push, in stream order (a shared empty array when none). */
	readonly objects: readonly DataStreamItem[];
}

/** Options of a {@link DataStreamDecoder}. */
export interface DataStreamDecoderOptions extends CodecOptions {
	/**
	 * The group order of the fetch this stream answers (from FETCH_OK). From -17 a fetch stream's
	 * Group ID Deltas mean nothing without it: when it is not given, decoding stops at the first
	 * delta that needs it until {@link DataStreamDecoder.setGroupOrder} is called.
	 */
	readonly groupOrder?: GroupOrder;
}

/** The one head parser interface of subgroup and fetch streams. */
interface HeadReader {
	need: number;
	payloadLength: number;
	readHead(r: Reader): void;
	make(payload: Uint8Array): DataStreamItem;
}

const HEADER = 0; // reading the stream type and header
const OBJECTS = 1; // at an object boundary (or with a partial object head pending)
const PAYLOAD = 2; // assembling a payload that spans chunks
const DISCARD = 3; // padding stream
const DONE = 4; // end() was called, or an error was thrown

const PROBE = 32; // bytes taken from a new chunk to complete a pending head, before the hint knows better
const PREALLOCATE = 64 * 1024; // payloads up to this size get their whole buffer at once
const EMPTY: Uint8Array = new Uint8Array(0);

// Assembled payloads up to POOLED bytes are carved out of a shared slab, as Node's Buffer pool
// does: one allocation per SLAB bytes instead of one per payload (allocating a typed array costs
// about as much as decoding a dozen objects). The slab is never written twice, so the views are
// independent; a retained payload keeps its slab alive, the price of the pool.
const SLAB = 64 * 1024;
const POOLED = 8 * 1024;
let slab = EMPTY;
let slabUsed = 0;

function pooled(n: number): Uint8Array {
	if (slabUsed + n > slab.length) {
		slab = new Uint8Array(SLAB);
		slabUsed = 0;
	}
	const view = slab.subarray(slabUsed, slabUsed + n);
	slabUsed += n;
	return view;
}
const NONE: readonly DataStreamItem[] = Object.freeze([]);

/**
 * Decodes one incoming unidirectional data stream. Every method throws the {@link WireError} that
 * should close the session (PROTOCOL_VIOLATION unless `terminationCode` says otherwise); after an
 * error every later call throws it again.
 */
export class DataStreamDecoder {
	private readonly c: Codec;
	private readonly r: Reader;
	private phase = HEADER;
	private failed: WireError | undefined;
	private streamHeader: DataStreamHeader | undefined;
	private reader: HeadReader | undefined;
	private fetchReader: FetchObjectReader | undefined;
	private groupOrder: GroupOrder | undefined;
	private blocked = false;
	// Stream offsets: of the next byte to arrive, of the chunk being decoded, and of the buffer the
	// reader is on (so that error offsets count from the start of the stream).
	private received = 0;
	private chunkStart = 0;
	private base = 0;
	// Bytes of a head cut by a chunk boundary: pending[0, pendingLen), from stream offset
	// pendingStart; retry once pendingLen >= needed.
	private pending = EMPTY;
	private pendingStart = 0;
	private pendingLen = 0;
	private needed = 0;
	// A payload spanning chunks: payload[0, filled) of payloadLength bytes.
	private payload = EMPTY;
	private filled = 0;
	private payloadLength = 0;
	// Items completed by the current call, and the answer to a push that completes none.
	private items: DataStreamItem[] = [];
	private idle: DataStreamOutput = { header: undefined, objects: NONE };

	constructor(draft: Draft, options?: DataStreamDecoderOptions) {
		this.c = codecFor(draft, options);
		this.r = new Reader(EMPTY, this.c.moqtVarint);
		this.groupOrder = options?.groupOrder;
	}

	/** The stream's header, once read. */
	get header(): DataStreamHeader | undefined {
		return this.streamHeader;
	}

	/** Bytes held back waiting for the rest of an object. */
	get buffered(): number {
		return this.pendingLen + this.filled;
	}

	/**
	 * True while a -17+ fetch stream waits for {@link setGroupOrder} before it can decode on
	 * (pushed bytes are kept meanwhile).
	 */
	get awaitingGroupOrder(): boolean {
		return this.blocked;
	}

	/** Adds a chunk of the stream and returns the header and the items it completed. */
	push(chunk: Uint8Array): DataStreamOutput {
		if (this.failed !== undefined) throw this.failed;
		if (this.phase === DONE) throw this.fail(new WireError("malformed", "data pushed after the end of the stream"));
		try {
			this.chunkStart = this.received;
			this.received += chunk.length;
			this.feed(chunk);
		} catch (e) {
			throw this.fail(e, true);
		}
		// A push that completes nothing (a peer dribbling bytes) allocates nothing.
		if (this.items.length === 0) {
			if (this.idle.header !== this.streamHeader) this.idle = { header: this.streamHeader, objects: NONE };
			return this.idle;
		}
		return { header: this.streamHeader, objects: this.take() };
	}

	/**
	 * Gives a -17+ fetch stream its group order (from FETCH_OK) and returns the items that were
	 * waiting for it.
	 */
	setGroupOrder(order: GroupOrder): DataStreamItem[] {
		if (this.failed !== undefined) throw this.failed;
		this.groupOrder = order;
		if (this.fetchReader === undefined) return [];
		this.fetchReader.groupOrder = order;
		if (!this.blocked) return [];
		this.blocked = false;
		const held = this.pending.subarray(0, this.pendingLen);
		this.pending = EMPTY;
		this.pendingLen = 0;
		this.needed = 0;
		try {
			this.run(held, 0, this.pendingStart);
		} catch (e) {
			throw this.fail(e, true);
		}
		return this.take();
	}

	/**
	 * Reports the end of the stream (FIN). Throws "malformed" when it cuts a header or an object,
	 * and when a -17+ fetch stream still waits for its group order. A stream that carried no byte
	 * at all is accepted.
	 */
	end(): void {
		if (this.failed !== undefined) throw this.failed;
		const phase = this.phase;
		this.phase = DONE;
		if (this.blocked) {
			throw this.fail(new WireError("malformed", "the fetch stream ended while its group order is unknown"));
		}
		if (phase === PAYLOAD || this.pendingLen > 0 || (phase === HEADER && this.received > 0)) {
			const what = phase === HEADER ? "its header" : "an object";
			throw this.fail(new WireError("malformed", `the stream ended (FIN) inside ${what}`, { offset: this.received }));
		}
	}

	// Records the error every later call throws; `decoding` errors get stream offsets.
	private take(): DataStreamItem[] {
		const items = this.items;
		this.items = [];
		return items;
	}

	private fail(e: unknown, decoding = false): WireError {
		this.phase = DONE;
		if (!(e instanceof WireError)) {
			this.failed = new WireError("malformed", `data stream decoder failure: ${String(e)}`, { cause: e });
		} else if (decoding && e.offset >= 0) {
			const { terminationCode, cause } = e;
			this.failed = new WireError(e.code, e.message, { offset: this.base + e.offset, terminationCode, cause });
		} else {
			this.failed = e;
		}
		return this.failed;
	}

	private feed(chunk: Uint8Array): void {
		let off = 0;
		if (this.phase === DISCARD) return;
		if (this.blocked) {
			this.append(chunk, 0, chunk.length);
			return;
		}
		if (this.phase === PAYLOAD) {
			off = this.fill(chunk);
			if (this.phase === PAYLOAD) return;
		} else if (this.pendingLen > 0) {
			off = this.resume(chunk);
			if (off < 0) return;
		}
		this.run(chunk, off, this.chunkStart);
	}

	// Decodes heads and payloads in place from buf[off..]; buf[0] is at stream offset `base`.
	private run(buf: Uint8Array, off: number, base: number): void {
		this.base = base;
		const r = this.r;
		r.buf = buf;
		r.pos = off;
		r.end = buf.length;
		while (r.pos < r.end) {
			if (this.phase === DISCARD) return;
			const start = r.pos;
			this.setNeed(0);
			let object: boolean;
			try {
				object = this.readHead(r);
			} catch (e) {
				if (e === SHORT || e === BLOCKED) {
					this.blocked = e === BLOCKED;
					const need = this.reader?.need ?? 0;
					this.pendingLen = 0;
					this.pendingStart = base + start;
					this.append(buf, start, r.end - start);
					this.needed = need > 0 ? need - start : this.pendingLen + 1;
					return;
				}
				throw e;
			}
			if (object && !this.afterHead(r)) return;
		}
	}

	private setNeed(n: number): void {
		if (this.reader !== undefined) this.reader.need = n;
	}

	// Reads an object head (true) or the stream header (false).
	private readHead(r: Reader): boolean {
		if (this.phase === OBJECTS) {
			this.reader!.readHead(r);
			return true;
		}
		this.readStreamHeader(r);
		return false;
	}

	private readStreamHeader(r: Reader): void {
		const at = r.pos;
		const type = r.varintSaturated();
		const kind = streamKind(type, this.c, at);
		if (kind === "control") {
			throw new WireError("unknown-message", "a control stream (SETUP) is not a data stream", { offset: at });
		}
		if (kind === "padding") {
			this.streamHeader = { type: "PADDING" };
			this.phase = DISCARD;
			return;
		}
		if (kind === "fetch") {
			const requestId = r.varintBig();
			this.streamHeader = { type: "FETCH_HEADER", requestId };
			this.reader = this.fetchReader = new FetchObjectReader(this.c, this.groupOrder);
		} else {
			const h = readSubgroupHeaderBody(r, type);
			this.streamHeader = h;
			this.reader = new SubgroupObjectReader(this.c, h);
		}
		this.phase = OBJECTS;
	}

	// After an object head: take the payload in place, or start assembling it. False when the
	// chunk is used up.
	private afterHead(r: Reader): boolean {
		const reader = this.reader!;
		const length = reader.payloadLength;
		if (length <= 0) {
			this.items.push(reader.make(EMPTY_PAYLOAD));
			return true;
		}
		const pos = r.pos;
		const avail = r.end - pos;
		if (length <= avail) {
			r.pos = pos + length;
			this.items.push(reader.make(r.buf.subarray(pos, pos + length)));
			return true;
		}
		this.payloadLength = length;
		this.payload =
			length <= POOLED
				? pooled(length)
				: new Uint8Array(length <= PREALLOCATE ? length : Math.min(length, Math.max(PREALLOCATE, 2 * avail)));
		this.payload.set(r.buf.subarray(pos, r.end));
		this.filled = avail;
		this.phase = PAYLOAD;
		r.pos = r.end;
		return false;
	}

	// Adds chunk bytes to a payload being assembled; returns the offset after them.
	private fill(chunk: Uint8Array): number {
		const take = Math.min(this.payloadLength - this.filled, chunk.length);
		const need = this.filled + take;
		if (need > this.payload.length) {
			const next = new Uint8Array(Math.min(this.payloadLength, Math.max(need, 2 * this.payload.length)));
			next.set(this.payload.subarray(0, this.filled));
			this.payload = next;
		}
		this.payload.set(take === chunk.length ? chunk : chunk.subarray(0, take), this.filled);
		this.filled = need;
		if (need === this.payloadLength) {
			this.items.push(this.reader!.make(this.payload));
			this.payload = EMPTY;
			this.filled = 0;
			this.phase = OBJECTS;
		}
		return take;
	}

	/**
	 * Completes a head cut by the last chunk boundary, taking from `chunk` only what it needs.
	 * Returns the offset in `chunk` to go on from, or -1 when the chunk is used up.
	 */
	private resume(chunk: Uint8Array): number {
		let taken = 0;
		for (;;) {
			const want = Math.max(this.needed - this.pendingLen, PROBE);
			const take = Math.min(chunk.length - taken, want);
			this.append(chunk, taken, take);
			taken += take;
			if (this.pendingLen >= this.needed) {
				const r = this.r;
				r.buf = this.pending;
				r.pos = 0;
				r.end = this.pendingLen;
				this.base = this.pendingStart;
				this.setNeed(0);
				let object: boolean;
				try {
					object = this.readHead(r);
				} catch (e) {
					if (e !== SHORT && e !== BLOCKED) throw e;
					if (e === BLOCKED) {
						// Keep everything until the group order is known.
						this.blocked = true;
						this.append(chunk, taken, chunk.length - taken);
						return -1;
					}
					const need = this.reader?.need ?? 0;
					this.needed = need > 0 ? need : this.pendingLen + 1;
					if (taken === chunk.length) return -1;
					continue;
				}
				// The head ended inside the bytes just taken: go on in the chunk right after it.
				const off = taken - (this.pendingLen - r.pos);
				// Views in the head (byte properties) point into `pending`: never write to it again.
				this.pending = EMPTY;
				this.pendingLen = 0;
				this.needed = 0;
				r.buf = chunk;
				r.pos = off;
				r.end = chunk.length;
				this.base = this.chunkStart;
				if (this.phase === DISCARD) return -1;
				if (!object) return off;
				return this.afterHead(r) ? r.pos : -1;
			}
			if (taken === chunk.length) return -1;
		}
	}

	private append(src: Uint8Array, from: number, n: number): void {
		if (n === 0) return;
		const len = this.pendingLen;
		if (len + n > this.pending.length) {
			const next = new Uint8Array(Math.max(64, 2 * this.pending.length, len + n));
			next.set(this.pending.subarray(0, len));
			this.pending = next;
		}
		this.pending.set(from === 0 && n === src.length ? src : src.subarray(from, from + n), len);
		this.pendingLen = len + n;
	}
}
