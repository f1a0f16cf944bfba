/**
 * Track Namespaces and Full Track Names as the relay keys them (draft-ietf-moq-transport-19
 * §2.4.1 "Track Naming", -14 §2.4.1): a namespace is an ordered tuple of 0–32 byte fields (1–32
 * up to -16), each at least one byte, and a Full Track Name is at most 4,096 bytes. Fields and
 * names compare by exact bytes, never as text.
 *
 * Map keys are built from the bytes read as Latin-1 (one code unit per byte, a bijection), so
 * two namespaces share a key exactly when their fields are byte-equal. Human-readable forms follow
 * draft-19 §1.5 "Representing Namespace and Track Names" and are for logs only.
 *
 * @module
 */

import { Buffer } from "node:buffer";
import type { TrackNamespace } from "@moqt/wire";

/** The most fields a Track Namespace may have (draft-19 §2.4.1). */
export const MAX_NAMESPACE_FIELDS = 32;
/** The most bytes a Track Namespace or a Full Track Name may have (draft-19 §2.4.1). */
export const MAX_FULL_TRACK_NAME_BYTES = 4096;

/** A Full Track Name: a Track Namespace and a Track Name (draft-19 §2.4.1). */
export interface FullTrackName {
	readonly namespace: TrackNamespace;
	readonly name: Uint8Array;
}

/** The map key of one namespace field: its bytes as a Latin-1 string. */
export function fieldKey(field: Uint8Array): string {
	// fromCharCode is several times faster for the short fields namespaces usually have; its
	// argument count is bounded, so long fields go through Buffer.
	if (field.byteLength <= 256) return String.fromCharCode.apply(null, field as unknown as number[]);
	return Buffer.from(field.buffer, field.byteOffset, field.byteLength).toString("latin1");
}

// A length-prefixed join, so ("ab","c") and ("a","bc") never collide.
function appendKey(key: string, bytes: Uint8Array): string {
	return `${key}${bytes.byteLength.toString(36)}:${fieldKey(bytes)}`;
}

/** A string that equals another namespace's key exactly when the namespaces are byte-equal. */
export function namespaceKey(namespace: TrackNamespace): string {
	let key = "";
	for (const field of namespace) key = appendKey(key, field);
	return key;
}

/** A string that equals another track's key exactly when both Full Track Names are byte-equal. */
export function trackKey(track: FullTrackName): string {
	return appendKey(`${namespaceKey(track.namespace)}/`, track.name);
}

/** True when `a` and `b` hold the same bytes. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
	if (a.byteLength !== b.byteLength) return false;
	for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
	return true;
}

/**
 * Namespace Prefix Matching (draft-19 §9.5 "Publisher Interactions", -14 §8.4): true when every field of
 * `prefix` equals the field of `namespace` at the same position. The empty tuple prefixes all.
 */
export function isPrefixOf(prefix: TrackNamespace, namespace: TrackNamespace): boolean {
	if (prefix.length > namespace.length) return false;
	for (let i = 0; i < prefix.length; i++) {
		if (!bytesEqual(prefix[i]!, namespace[i]!)) return false;
	}
	return true;
}

/** The number of bytes in a namespace's fields (the length the 4,096-byte limit counts). */
export function namespaceBytes(namespace: TrackNamespace): number {
	let total = 0;
	for (const field of namespace) total += field.byteLength;
	return total;
}

/**
 * Why a namespace (or namespace prefix) is unacceptable, or `undefined` when it is fine: more than
 * 32 fields, an empty field, or more than 4,096 bytes. The wire decoder enforces the same limits;
 * the registries check again because they also take namespaces from configuration and tokens.
 */
export function namespaceProblem(namespace: TrackNamespace): string | undefined {
	if (namespace.length > MAX_NAMESPACE_FIELDS) {
		return `a namespace has at most ${MAX_NAMESPACE_FIELDS} fields, not ${namespace.length}`;
	}
	for (const field of namespace) {
		if (field.byteLength === 0) return "a namespace field is empty";
	}
	const bytes = namespaceBytes(namespace);
	if (bytes > MAX_FULL_TRACK_NAME_BYTES) {
		return `a namespace has at most ${MAX_FULL_TRACK_NAME_BYTES} bytes, not ${bytes}`;
	}
	return undefined;
}

/** Copies a namespace so the caller's buffers can be reused after the call. */
export function copyNamespace(namespace: TrackNamespace): TrackNamespace {
	return namespace.map((field) => field.slice());
}

// draft-19 §1.5: a-z, A-Z, 0-9 and _ as is, every other byte as "." and two lower-case hex digits.
function isLiteral(byte: number): boolean {
	return (
		(byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a) || byte === 0x5f
	);
}

function formatBytes(bytes: Uint8Array): string {
	let out = "";
	for (const byte of bytes) {
		out += isLiteral(byte) ? String.fromCharCode(byte) : `.${byte.toString(16).padStart(2, "0")}`;
	}
	return out;
}

/** A namespace as draft-19 §1.5 renders it: fields escaped and joined by "-". For logs. */
export function formatNamespace(namespace: TrackNamespace): string {
	return namespace.map(formatBytes).join("-");
}

/** A Full Track Name as draft-19 §1.5 renders it: `namespace--name`. For logs. */
export function formatFullTrackName(track: FullTrackName): string {
	return `${formatNamespace(track.namespace)}--${formatBytes(track.name)}`;
}
