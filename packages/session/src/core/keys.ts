/**
 * Keys and comparisons for names and locations: Full Track Names and namespaces as map keys,
 * Namespace Prefix Matching (draft-ietf-moq-transport-19 "Track Naming", SUBSCRIBE_NAMESPACE
 * §10.18), and Location order (-19 §1.4.2 "Location Structure": lexicographic on Group, Object).
 *
 * @module
 */

import type { Location, TrackNamespace } from "@moqt/wire";

const HEX: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

function hex(bytes: Uint8Array): string {
	let s = "";
	for (const b of bytes) s += HEX[b];
	return s;
}

/** A map key for a namespace: each field in hex, joined by "/" (unambiguous, fields never contain "/"). */
export function namespaceKey(ns: TrackNamespace): string {
	return ns.map(hex).join("/");
}

/** A map key for a Full Track Name (namespace and name). */
export function trackKey(ns: TrackNamespace, name: Uint8Array): string {
	return `${namespaceKey(ns)}:${hex(name)}`;
}

function fieldEquals(a: Uint8Array, b: Uint8Array): boolean {
	if (a.length !== b.length) return false;
	for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
	return true;
}

/** True when `prefix` is a prefix of `ns`, field by field (equal namespaces included). */
export function hasPrefix(ns: TrackNamespace, prefix: TrackNamespace): boolean {
	if (prefix.length > ns.length) return false;
	for (let i = 0; i < prefix.length; i++) if (!fieldEquals(ns[i]!, prefix[i]!)) return false;
	return true;
}

/**
 * True when two namespace-subscription prefixes overlap: one is a prefix of the other, so some
 * namespace matches both. This is draft-14's "a prefix of, suffix of, or equal to" (§9.28) and
 * what "shares a common prefix" means from draft-16 on.
 */
export function prefixesOverlap(a: TrackNamespace, b: TrackNamespace): boolean {
	return hasPrefix(a, b) || hasPrefix(b, a);
}

/** Compares two Locations: negative, zero or positive. */
export function compareLocations(a: Location, b: Location): number {
	if (a.group !== b.group) return a.group < b.group ? -1 : 1;
	if (a.object !== b.object) return a.object < b.object ? -1 : 1;
	return 0;
}
