/**
 * The object as the relay's cache stores it: every field of the Object Header
 * (draft-ietf-moq-transport-19 §11.2.1 "Object Header", -14 §10.2.1 "Canonical Object Properties"),
 * because "a cache MUST store all fields of an Object" (draft-19 §9.1 "Caching Relays", -14 §8.1),
 * plus the time its first byte arrived, from which MAX_CACHE_DURATION counts (draft-19 §12.3).
 *
 * It is `@moqt/wire`'s `MoqtObject` (packages/wire/src/data/object.ts) plus that time, so an object
 * decoded from a subgroup stream, a fetch stream or a datagram goes into the cache as it is.
 * Properties stay opaque Key-Value-Pairs; an Immutable Properties pair (type 0x0B) keeps its raw
 * bytes, which the relay must forward unchanged (draft-19 §12.7 "Immutable Properties").
 *
 * @module
 */

import { type MoqtObject, ObjectStatus } from "@moqt/wire";

/** An object to cache: `@moqt/wire`'s data-plane object, as a decoder yields it. */
export type CacheableObject = MoqtObject;

/** An object in the cache. Treat it, its properties and its payload as immutable. */
export interface CachedObject extends CacheableObject {
	readonly status: ObjectStatus;
	/** When the first byte of the object arrived, on the cache's clock (milliseconds). */
	readonly receivedAt: number;
}

/** What the cache charges for an object besides its payload and properties (an estimate). */
export const OBJECT_OVERHEAD_BYTES = 96;
/** What the cache charges for each property besides its value. */
export const PROPERTY_OVERHEAD_BYTES = 24;

/** The bytes an object counts against the cache budget. */
export function cachedSize(o: CacheableObject): number {
	let size = OBJECT_OVERHEAD_BYTES + o.payload.byteLength;
	for (const kv of o.properties ?? []) {
		size += PROPERTY_OVERHEAD_BYTES + (kv.value instanceof Uint8Array ? kv.value.byteLength : 0);
	}
	return size;
}

// A view pinning a buffer more than this many times its size is copied even when owned: the
// budget counts the view, so keeping it would hide the rest of the buffer from the budget.
const MAX_PINNED_RATIO = 2;

function keepOrCopy(bytes: Uint8Array, owned: boolean): Uint8Array {
	if (owned && bytes.buffer.byteLength <= MAX_PINNED_RATIO * Math.max(bytes.byteLength, 1)) return bytes;
	return bytes.slice();
}

/**
 * The object as stored. With `owned`, the payload and property bytes are kept as given (the
 * caller promises not to reuse them), unless a view would pin a much larger buffer; otherwise
 * they are copied, so the caller may reuse its buffers at once.
 */
export function toCachedObject(o: CacheableObject, receivedAt: number, owned: boolean): CachedObject {
	const properties = o.properties?.map((kv) =>
		kv.value instanceof Uint8Array ? { type: kv.type, value: keepOrCopy(kv.value, owned) } : kv,
	);
	return {
		groupId: o.groupId,
		...(o.subgroupId === undefined ? {} : { subgroupId: o.subgroupId }),
		objectId: o.objectId,
		...(o.publisherPriority === undefined ? {} : { publisherPriority: o.publisherPriority }),
		...(o.forwardingPreference === undefined ? {} : { forwardingPreference: o.forwardingPreference }),
		status: o.status ?? ObjectStatus.NORMAL,
		...(properties === undefined || properties.length === 0 ? {} : { properties }),
		payload: keepOrCopy(o.payload, owned),
		receivedAt,
	};
}

/**
 * Why a second copy of a cached object makes the track malformed, or `undefined` when the two
 * agree on every field that may not change: Forwarding Preference, Subgroup ID, Priority, Status
 * and Payload (draft-19 §9.1, -14 §8.1). Properties may differ; the cache keeps the first copy's.
 */
export function duplicateConflict(cached: CachedObject, o: CacheableObject): string | undefined {
	if (
		cached.forwardingPreference !== undefined &&
		o.forwardingPreference !== undefined &&
		cached.forwardingPreference !== o.forwardingPreference
	) {
		return "a duplicate object has a different Forwarding Preference";
	}
	if (cached.subgroupId !== o.subgroupId) return "a duplicate object has a different Subgroup ID";
	if (cached.publisherPriority !== o.publisherPriority) return "a duplicate object has a different Priority";
	if (cached.status !== (o.status ?? ObjectStatus.NORMAL)) return "a duplicate object has a different Object Status";
	const a = cached.payload;
	const b = o.payload;
	if (a.byteLength !== b.byteLength) return "a duplicate object has a different Payload";
	for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return "a duplicate object has a different Payload";
	return undefined;
}
