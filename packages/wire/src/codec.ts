/**
 * The per-call codec context: the draft, its properties and the hard limits that protect a
 * decoder from hostile input.
 *
 * @module
 */

import { WireError } from "./errors.js";
import { type Draft, type DraftInfo, draftInfo } from "./version.js";

/** Hard limits applied while decoding (and checked while encoding). */
export interface WireLimits {
	/** Largest control message body; the 16-bit length field caps it at 65535. */
	readonly maxMessageLength: number;
	/** Most fields in a Track Namespace (the drafts say 32). */
	readonly maxNamespaceFields: number;
	/** Most bytes in a Track Namespace, and in a Full Track Name (the drafts say 4096). */
	readonly maxNamespaceBytes: number;
	/** Most parameters (or setup options, or track properties) in one message. */
	readonly maxParameters: number;
	/** Longest reason phrase (the drafts say 1024 bytes). */
	readonly maxReasonPhraseBytes: number;
	/** Largest block of object extensions / properties on one object. */
	readonly maxPropertiesBytes: number;
	/** Longest New Session URI in GOAWAY (the drafts say 8192 bytes). */
	readonly maxUriBytes: number;
	/** Largest object payload the data-stream and datagram decoders accept (the drafts set none). */
	readonly maxObjectPayload: number;
}

/** The drafts' own limits, and generous bounds where they set none. */
export const DEFAULT_LIMITS: WireLimits = Object.freeze({
	maxMessageLength: 0xffff,
	maxNamespaceFields: 32,
	maxNamespaceBytes: 4096,
	maxParameters: 256,
	maxReasonPhraseBytes: 1024,
	maxPropertiesBytes: 0xffff,
	maxUriBytes: 8192,
	maxObjectPayload: 64 * 1024 * 1024,
});

/** Options of the codec entry points. */
export interface CodecOptions {
	/** Tighter (or looser, within the drafts' own bounds) limits than {@link DEFAULT_LIMITS}. */
	readonly limits?: Partial<WireLimits>;
}

/** What every message and field codec receives: the draft and the limits. */
export interface Codec {
	readonly draft: Draft;
	readonly info: DraftInfo;
	readonly limits: WireLimits;
	/** True when integers are MoQT vi64 (draft-17+). */
	readonly moqtVarint: boolean;
}

const cache = new Map<Draft, Codec>();

/** The codec context for a draft and options; cached when no limits are given. */
export function codecFor(draft: Draft, options?: CodecOptions): Codec {
	if (options?.limits === undefined) {
		let c = cache.get(draft);
		if (c === undefined) {
			c = make(draft, DEFAULT_LIMITS);
			cache.set(draft, c);
		}
		return c;
	}
	return make(draft, { ...DEFAULT_LIMITS, ...options.limits });
}

function make(draft: Draft, limits: WireLimits): Codec {
	const info = draftInfo(draft);
	if (limits.maxMessageLength > 0xffff) {
		throw new WireError("invalid-value", "maxMessageLength cannot exceed the 16-bit length field");
	}
	return Object.freeze({ draft, info, limits, moqtVarint: info.varint === "moqt" });
}
