/** Shared test helpers: temporary directories that clean up after themselves, and sample objects. */

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { onTestFinished } from "vitest";
import type { ObjectMetadata } from "../src/index.js";

/** Encodes a string as UTF-8. */
export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** A new directory under the OS temporary directory, removed when the current test finishes. */
export async function tempDir(): Promise<string> {
	const dir = await mkdtemp(join(tmpdir(), "moqt-file-format-"));
	onTestFinished(() => rm(dir, { recursive: true, force: true }));
	return dir;
}

/** Collects an async iterable. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
	const out: T[] = [];
	for await (const item of items) out.push(item);
	return out;
}

/** A payload whose bytes depend on `seed`, so a mix-up between objects shows. */
export function payloadOf(length: number, seed: number): Uint8Array {
	const out = new Uint8Array(length);
	let x = seed + 1;
	for (let i = 0; i < length; i++) {
		x = (x * 1103515245 + 12345) >>> 0;
		out[i] = x >>> 24;
	}
	return out;
}

/** The metadata of a simple object of track `ns/name`. */
export function objectOf(
	name: string,
	group: bigint,
	object: bigint,
	extra: Partial<ObjectMetadata> = {},
): ObjectMetadata {
	return {
		trackNamespace: [utf8("ns")],
		trackName: utf8(name),
		groupId: group,
		subgroupId: 0n,
		objectId: object,
		...extra,
	};
}

/**
 * True when two byte arrays are equal. For large payloads: vitest's deep equality walks typed
 * arrays element by element, which takes seconds per megabyte.
 */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
	return Buffer.compare(a, b) === 0;
}
