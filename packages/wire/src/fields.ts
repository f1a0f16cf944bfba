/**
 * Codecs of the structures that many messages share: Track Namespace and Track Name
 * (draft-ietf-moq-transport-14 §2.4.1, -16/-18/-19 "Track Naming"), Location (-14 §1.4.1),
 * Reason Phrase (-14 §1.4.3), length-prefixed byte strings and the authorization Token
 * (-14 §9.2.1.1, -19 §9.2.2.1 "AUTHORIZATION TOKEN Parameter").
 *
 * @module
 */

import type { Codec } from "./codec.js";
import { TerminationCode, WireError } from "./errors.js";
import type { Reader } from "./reader.js";
import { type AuthorizationToken, type Location, TokenAliasType, type TrackNamespace } from "./types.js";
import { utf8Decode, utf8Encode } from "./utf8.js";
import type { Writer } from "./writer.js";

/** Options of {@link readNamespace}. */
export interface NamespaceOptions {
	/**
	 * True for a namespace prefix (SUBSCRIBE_NAMESPACE, SUBSCRIBE_TRACKS, TRACK_NAMESPACE_PREFIX):
	 * zero fields are allowed from draft-16 although a full namespace needs one up to -16.
	 */
	readonly prefix?: boolean;
}

function minFields(c: Codec, prefix: boolean): number {
	// draft-14: 1..32 everywhere; -16: 1..32, prefixes 0..32; -17+: 0..32.
	if (c.draft >= 17) return 0;
	return prefix && c.draft >= 16 ? 0 : 1;
}

/** Reads a Track Namespace, enforcing the field count, field length and total length rules. */
export function readNamespace(r: Reader, c: Codec, options?: NamespaceOptions): TrackNamespace {
	const start = r.pos;
	const count = r.varint();
	const min = minFields(c, options?.prefix === true);
	if (count < min || count > c.limits.maxNamespaceFields) {
		throw new WireError("invalid-value", `Track Namespace has ${count} fields`, { offset: start });
	}
	const fields: Uint8Array[] = new Array(count);
	let total = 0;
	for (let i = 0; i < count; i++) {
		const at = r.pos;
		const len = r.varint();
		// Empty fields are a PROTOCOL_VIOLATION from draft-16.
		if (len === 0 && c.draft >= 16) throw new WireError("invalid-value", "empty Track Namespace field", { offset: at });
		total += len;
		if (total > c.limits.maxNamespaceBytes) {
			throw new WireError("too-large", "Track Namespace exceeds its length limit", { offset: at });
		}
		fields[i] = r.bytes(len);
	}
	return fields;
}

/** Writes a Track Namespace, checking the rules the reader enforces. */
export function writeNamespace(w: Writer, c: Codec, ns: TrackNamespace, options?: NamespaceOptions): void {
	const min = minFields(c, options?.prefix === true);
	if (ns.length < min || ns.length > c.limits.maxNamespaceFields) {
		throw new WireError("invalid-value", `Track Namespace has ${ns.length} fields`);
	}
	w.varint(ns.length);
	let total = 0;
	for (const field of ns) {
		if (field.length === 0 && c.draft >= 16) throw new WireError("invalid-value", "empty Track Namespace field");
		total += field.length;
		w.lengthPrefixed(field);
	}
	if (total > c.limits.maxNamespaceBytes) throw new WireError("too-large", "Track Namespace exceeds its length limit");
}

/** The number of bytes a namespace contributes to a Full Track Name. */
export function namespaceBytes(ns: TrackNamespace): number {
	let total = 0;
	for (const field of ns) total += field.length;
	return total;
}

/** Reads a Track Name; the Full Track Name (namespace + name) must stay within the limit. */
export function readTrackName(r: Reader, c: Codec, ns: TrackNamespace): Uint8Array {
	const at = r.pos;
	const len = r.varint();
	if (len + namespaceBytes(ns) > c.limits.maxNamespaceBytes) {
		throw new WireError("too-large", "Full Track Name exceeds its length limit", { offset: at });
	}
	return r.bytes(len);
}

/** Writes a Track Name after checking the Full Track Name length. */
export function writeTrackName(w: Writer, c: Codec, ns: TrackNamespace, name: Uint8Array): void {
	if (name.length + namespaceBytes(ns) > c.limits.maxNamespaceBytes) {
		throw new WireError("too-large", "Full Track Name exceeds its length limit");
	}
	w.lengthPrefixed(name);
}

/** Reads a Location {Group, Object}. */
export function readLocation(r: Reader): Location {
	const group = r.varintBig();
	return { group, object: r.varintBig() };
}

/** Writes a Location. */
export function writeLocation(w: Writer, l: Location): void {
	w.varint(l.group);
	w.varint(l.object);
}

/** Reads a Reason Phrase (at most 1024 bytes of UTF-8). */
export function readReasonPhrase(r: Reader, c: Codec): string {
	const at = r.pos;
	const len = r.varint();
	if (len > c.limits.maxReasonPhraseBytes) throw new WireError("too-large", "Reason Phrase too long", { offset: at });
	return utf8Decode(r.bytes(len));
}

/** Writes a Reason Phrase. */
export function writeReasonPhrase(w: Writer, c: Codec, reason: string): void {
	const bytes = utf8Encode(reason);
	if (bytes.length > c.limits.maxReasonPhraseBytes) throw new WireError("too-large", "Reason Phrase too long");
	w.lengthPrefixed(bytes);
}

/** Reads a length-prefixed byte string of at most `max` bytes. */
export function readBytes(r: Reader, max: number, what: string): Uint8Array {
	const at = r.pos;
	const len = r.varint();
	if (len > max) throw new WireError("too-large", `${what} too long`, { offset: at });
	return r.bytes(len);
}

/**
 * Reads a Token structure that fills the reader up to `end` (the Token Value runs to the end of
 * its parameter). A Token that cannot be decoded is a KEY_VALUE_FORMATTING_ERROR.
 */
export function readToken(r: Reader, end: number): AuthorizationToken {
	const at = r.pos;
	const savedEnd = r.end;
	r.end = end;
	try {
		const aliasType = r.varint();
		switch (aliasType) {
			case TokenAliasType.DELETE:
			case TokenAliasType.USE_ALIAS: {
				const alias = r.varintBig();
				if (r.pos !== end) throw tokenError("bytes after the Token Alias", at);
				return { aliasType, alias };
			}
			case TokenAliasType.REGISTER: {
				const alias = r.varintBig();
				const tokenType = r.varintBig();
				return { aliasType, alias, tokenType, value: r.bytes(end - r.pos) };
			}
			case TokenAliasType.USE_VALUE: {
				const tokenType = r.varintBig();
				return { aliasType, tokenType, value: r.bytes(end - r.pos) };
			}
			default:
				throw tokenError(`unknown Token Alias Type ${aliasType}`, at);
		}
	} catch (e) {
		if (e instanceof WireError) throw e;
		throw tokenError("truncated Token", at);
	} finally {
		r.end = savedEnd;
	}
}

function tokenError(message: string, offset: number): WireError {
	return new WireError("malformed", message, { offset, terminationCode: TerminationCode.KEY_VALUE_FORMATTING_ERROR });
}

/** Writes a Token structure (without a length prefix). */
export function writeToken(w: Writer, t: AuthorizationToken): void {
	w.varint(t.aliasType);
	switch (t.aliasType) {
		case TokenAliasType.DELETE:
		case TokenAliasType.USE_ALIAS:
			w.varint(t.alias);
			return;
		case TokenAliasType.REGISTER:
			w.varint(t.alias);
			w.varint(t.tokenType);
			w.bytes(t.value);
			return;
		case TokenAliasType.USE_VALUE:
			w.varint(t.tokenType);
			w.bytes(t.value);
			return;
		default:
			throw new WireError("invalid-value", "unknown Token Alias Type");
	}
}
