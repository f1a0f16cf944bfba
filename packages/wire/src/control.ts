/**
 * Control message framing and dispatch (draft-ietf-moq-transport-14 §9, -16 §9, -18/-19 §9
 * "Control Messages"):
 *
 * ```
 * MOQT Control Message { Message Type (i | vi64), Message Length (16), Message Payload (..) }
 * ```
 *
 * The type is a QUIC varint up to draft-16 and a vi64 from -17; the length is 16 bits in every
 * supported draft. An unknown type, or a length that does not match the fields, closes the
 * session with PROTOCOL_VIOLATION. The same code means different messages in different drafts
 * (0x05, 0x07, 0x08, 0x0E, 0x0F), so dispatch is on (draft, code).
 *
 * @module
 */

import { type Codec, type CodecOptions, codecFor } from "./codec.js";
import { WireError } from "./errors.js";
import type { MessageCodec } from "./message-codec.js";
import { ALL_MESSAGES, type ControlMessage } from "./messages/index.js";
import { Reader, SHORT } from "./reader.js";
import { DRAFTS, type Draft } from "./version.js";
import { Writer } from "./writer.js";

// biome-ignore lint/suspicious/noExplicitAny: the registry holds codecs of every message type.
type AnyCodec = MessageCodec<any>;

const BY_CODE = new Map<Draft, Map<number, AnyCodec>>();
const BY_NAME = new Map<Draft, Map<string, AnyCodec>>();
for (const d of DRAFTS) {
	const byCode = new Map<number, AnyCodec>();
	const byName = new Map<string, AnyCodec>();
	for (const m of ALL_MESSAGES as readonly AnyCodec[]) {
		const code = m.codes[d];
		if (code === undefined) continue;
		for (const c of [code, ...(m.aliases?.[d] ?? [])]) {
			if (byCode.has(c)) throw new Error(`draft-${d}: message code ${c} registered twice`);
			byCode.set(c, m);
		}
		byName.set(m.type, m);
	}
	BY_CODE.set(d, byCode);
	BY_NAME.set(d, byName);
}

/** The message type code of a message in a draft, or undefined when the draft lacks it. */
export function messageTypeCode(type: ControlMessage["type"], draft: Draft): number | undefined {
	return BY_NAME.get(draft)?.get(type)?.codes[draft];
}

/** The names of the control messages a draft defines. */
export function messageTypes(draft: Draft): ControlMessage["type"][] {
	return [...(BY_NAME.get(draft)?.keys() ?? [])] as ControlMessage["type"][];
}

/** Options of {@link encodeControlMessage}. */
export interface EncodeOptions extends CodecOptions {
	/** A writer to append to (and reuse); a new one is made when absent. */
	readonly writer?: Writer;
}

/**
 * Encodes a framed control message and returns its bytes. With `options.writer` the message is
 * appended to that writer and the result is a view of it (valid until the writer is reused).
 * Throws {@link WireError} when the message cannot be encoded in this draft.
 */
export function encodeControlMessage(message: ControlMessage, draft: Draft, options?: EncodeOptions): Uint8Array {
	const c = codecFor(draft, options);
	const w = options?.writer ?? new Writer(128);
	const start = w.pos;
	writeControlMessage(w, message, c);
	return w.buf.subarray(start, w.pos);
}

/** Appends a framed control message to a writer, with a codec context already resolved. */
export function writeControlMessage(w: Writer, message: ControlMessage, c: Codec): void {
	const codec = BY_NAME.get(c.draft)!.get(message.type);
	if (codec === undefined) throw new WireError("unsupported", `draft-${c.draft} has no ${message.type} message`);
	w.moqtVarint = c.moqtVarint;
	const start = w.pos;
	try {
		w.varint(codec.codes[c.draft]!);
		const lengthAt = w.pos;
		w.u16(0);
		codec.encode(w, message, c);
		const length = w.pos - lengthAt - 2;
		if (length > c.limits.maxMessageLength) {
			throw new WireError(
				"too-large",
				`${message.type} body is ${length} bytes, over the ${c.limits.maxMessageLength}-byte limit`,
			);
		}
		w.u16At(lengthAt, length);
	} catch (e) {
		w.pos = start; // leave the writer as it was
		throw e;
	}
}

/** The outcome of decoding: a message, a need for more bytes, or an error. */
export type DecodeResult<T> =
	| { readonly kind: "ok"; readonly message: T; readonly consumed: number }
	| { readonly kind: "need-more"; readonly needed: number }
	| { readonly kind: "error"; readonly error: WireError };

/**
 * Decodes one framed control message from the start of `bytes`. Byte fields of the message are
 * views into `bytes`. Never throws.
 */
export function decodeControlMessage(
	bytes: Uint8Array,
	draft: Draft,
	options?: CodecOptions,
): DecodeResult<ControlMessage> {
	let c: Codec;
	try {
		c = codecFor(draft, options);
	} catch (e) {
		return { kind: "error", error: e as WireError };
	}
	return decodeFramed(new Reader(bytes, c.moqtVarint), c);
}

/** Decodes one framed control message at `r.pos`; on success `r.pos` moves past it. */
export function decodeFramed(r: Reader, c: Codec): DecodeResult<ControlMessage> {
	const start = r.pos;
	let type: number;
	let length: number;
	try {
		type = r.varint();
		length = r.u16();
	} catch (e) {
		r.pos = start;
		if (e === SHORT) return { kind: "need-more", needed: 1 };
		return { kind: "error", error: e as WireError };
	}
	const bodyStart = r.pos;
	const codec = BY_CODE.get(c.draft)!.get(type);
	if (codec === undefined) {
		r.pos = start;
		return {
			kind: "error",
			error: new WireError("unknown-message", `unknown message type 0x${type.toString(16)} in draft-${c.draft}`, {
				offset: start,
			}),
		};
	}
	if (length > c.limits.maxMessageLength) {
		r.pos = start;
		return { kind: "error", error: new WireError("too-large", `${codec.type} of ${length} bytes`, { offset: start }) };
	}
	if (r.end - bodyStart < length) {
		r.pos = start;
		return { kind: "need-more", needed: length - (r.end - bodyStart) };
	}
	const end = r.end;
	r.end = bodyStart + length;
	try {
		const message = codec.decode(r, c) as ControlMessage;
		if (r.pos !== r.end) {
			throw new WireError("trailing-bytes", `${codec.type} has ${r.end - r.pos} bytes after its last field`, {
				offset: r.pos,
			});
		}
		r.end = end;
		return { kind: "ok", message, consumed: r.pos - start };
	} catch (e) {
		r.end = end;
		const at = r.pos;
		r.pos = start;
		if (e === SHORT) {
			return {
				kind: "error",
				error: new WireError("malformed", `${codec.type} fields run past its ${length}-byte length`, { offset: at }),
			};
		}
		if (e instanceof WireError) return { kind: "error", error: e };
		// A codec bug must not escape as anything but a WireError.
		return {
			kind: "error",
			error: new WireError("malformed", `${codec.type}: ${String(e)}`, { offset: at, cause: e }),
		};
	}
}
