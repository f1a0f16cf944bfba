/**
 * The send-time property `pub`, `play` and `bench` stamp on objects and `sub` reads latency from:
 * type 0x7A, in the range draft-ietf-moq-transport-19 leaves to applications (0x78–0x7F), an even
 * type so its value is an integer, holding wall-clock microseconds since the Unix epoch. The relay
 * demo (apps/relay) uses the same property, so `moqt sub` shows its latency too.
 *
 * @module
 */

import type { KeyValuePair } from "@moqt/client";

/** The property type: microseconds since the epoch at sending. */
export const SENT_AT_PROPERTY = 0x7an;

/** Wall-clock microseconds, finer than `Date.now()`. */
export function nowMicros(): bigint {
	return BigInt(Math.round((performance.timeOrigin + performance.now()) * 1000));
}

/** The property stamping an object sent now. */
export function sentAtProperty(): KeyValuePair {
	return { type: SENT_AT_PROPERTY, value: nowMicros() };
}

/**
 * Milliseconds from the object's send-time property to `receivedMicros`, or undefined when it has
 * none. Across machines this includes their clock offset.
 */
export function latencyMs(
	properties: readonly KeyValuePair[],
	receivedMicros: bigint = nowMicros(),
): number | undefined {
	const sent = properties.find((p) => p.type === SENT_AT_PROPERTY)?.value;
	return typeof sent === "bigint" ? Number(receivedMicros - sent) / 1000 : undefined;
}
