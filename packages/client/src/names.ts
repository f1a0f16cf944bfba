/**
 * Track names as people write them: a namespace is a string whose fields are separated by "/"
 * ("live/room-1") or an array of fields, each a string or bytes; a track name is a string or
 * bytes. Strings are UTF-8 (draft-ietf-moq-transport-19 §2.4.1 "Track Naming": a namespace is an
 * ordered tuple of byte fields, a name a byte sequence; neither is required to be text).
 *
 * @module
 */

import type { TrackNamespace } from "@moqt/wire";

/** A namespace: "a/b/c", or its fields one by one (strings are UTF-8, bytes taken as they are). */
export type NamespaceLike = string | readonly (string | Uint8Array)[];

/** A track name: a UTF-8 string or bytes. */
export type NameLike = string | Uint8Array;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * The namespace's fields as bytes. A string splits on "/" ("" is the empty namespace, allowed as
 * a prefix from draft-17); a field of zero bytes is refused, as drafts 16 and later forbid it.
 */
export function toNamespace(namespace: NamespaceLike): TrackNamespace {
	if (typeof namespace === "string") {
		if (namespace === "") return [];
		return checked(namespace.split("/").map((field) => encoder.encode(field)));
	}
	return checked(namespace.map((field) => (typeof field === "string" ? encoder.encode(field) : field)));
}

function checked(fields: Uint8Array[]): TrackNamespace {
	const empty = fields.findIndex((field) => field.length === 0);
	if (empty >= 0) throw new TypeError(`namespace field ${empty} is empty`);
	return fields;
}

/** The track name as bytes. */
export function toName(name: NameLike): Uint8Array {
	return typeof name === "string" ? encoder.encode(name) : name;
}

/** The namespace as "a/b/c" (fields decoded as UTF-8), for display and logs. */
export function namespaceText(namespace: TrackNamespace): string {
	return namespace.map((field) => decoder.decode(field)).join("/");
}

/** The track name decoded as UTF-8, for display and logs. */
export function nameText(name: Uint8Array): string {
	return decoder.decode(name);
}

/** True when `namespace` starts with every field of `prefix`. */
export function hasPrefix(namespace: TrackNamespace, prefix: TrackNamespace): boolean {
	return prefix.length <= namespace.length && prefix.every((field, i) => sameBytes(field, namespace[i]));
}

/** True when both namespaces have the same fields. */
export function sameNamespace(a: TrackNamespace, b: TrackNamespace): boolean {
	return a.length === b.length && hasPrefix(a, b);
}

function sameBytes(a: Uint8Array, b: Uint8Array | undefined): boolean {
	if (b === undefined || a.length !== b.length) return false;
	for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
	return true;
}

/** A map key for a track: its fields and name, each length-prefixed so no two tracks share one. */
export function trackKey(namespace: TrackNamespace, name: Uint8Array): string {
	let key = "";
	for (const field of [...namespace, name]) key += `${field.length}:${hex(field)};`;
	return key;
}

function hex(bytes: Uint8Array): string {
	let out = "";
	for (const byte of bytes) out += byte.toString(16).padStart(2, "0");
	return out;
}
