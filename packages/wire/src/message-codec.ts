/**
 * The shape every control message codec has, so that the framing layer can dispatch on
 * (draft, message type) and message modules stay independent of each other.
 *
 * @module
 */

import type { Codec } from "./codec.js";
import type { Reader } from "./reader.js";
import type { Draft } from "./version.js";
import type { Writer } from "./writer.js";

/** Encoder and decoder of one control message's body (the bytes after Type and Length). */
export interface MessageCodec<M extends { readonly type: string }> {
	/** The message's name, as in the draft and in the message's `type` field. */
	readonly type: M["type"];
	/**
	 * The message type code in each draft that defines the message. Codes listed in `aliases`
	 * decode to this message too (draft-18 sends PUBLISH_OK as 0x1E or REQUEST_OK as 0x7).
	 */
	readonly codes: Partial<Record<Draft, number>>;
	readonly aliases?: Partial<Record<Draft, readonly number[]>>;
	/** Writes the body. The reader's and writer's integer encoding is already set for the draft. */
	encode(w: Writer, m: M, c: Codec): void;
	/**
	 * Reads the body from `r`, whose `end` is the end of the message. May stop short of `end`:
	 * the caller reports trailing bytes. Reading past `end` throws SHORT, reported as malformed.
	 */
	decode(r: Reader, c: Codec): M;
}

/** A message under construction in a decoder. */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };
