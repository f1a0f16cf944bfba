/**
 * Reading recordings back in tests: every entry of a recording with its payload, in a canonical
 * order (Group, Subgroup, Object), so two recordings of the same objects compare entry by entry
 * whatever order their streams were interleaved in.
 *
 * @module
 */

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { MetadataEntry } from "@moqt/file-format";
import { RecordingReader } from "@moqt/file-format/node";

/** An entry and its payload. */
export interface ReadObject {
	readonly entry: MetadataEntry;
	readonly payload: Uint8Array;
}

function compare(a: bigint, b: bigint): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

/** Every object of the recording at `path`, sorted by Group, Subgroup, Object ID. */
export async function readAll(path: string): Promise<ReadObject[]> {
	const reader = await RecordingReader.open(path);
	try {
		const out: ReadObject[] = [];
		for (const track of await reader.tracks()) {
			for await (const o of reader.objects(track)) out.push({ entry: o.entry, payload: await o.payload() });
		}
		return out.sort(
			(a, b) =>
				compare(a.entry.groupId, b.entry.groupId) ||
				compare(a.entry.subgroupId ?? -1n, b.entry.subgroupId ?? -1n) ||
				compare(a.entry.objectId, b.entry.objectId),
		);
	} finally {
		await reader.close();
	}
}

/** What a round trip must keep of an object: everything but its track name, place in the files and receive time. */
export function kept(o: ReadObject) {
	const e = o.entry;
	return {
		groupId: e.groupId,
		subgroupId: e.subgroupId,
		objectId: e.objectId,
		forwardingPreference: e.forwardingPreference,
		objectStatus: e.objectStatus,
		publisherPriority: e.publisherPriority,
		extensions: e.extensions,
		payload: Buffer.from(o.payload).toString("hex"),
	};
}

/** A fresh temporary directory, and its removal. */
export async function tempDir(): Promise<{ readonly path: string; remove(): Promise<void> }> {
	const path = await mkdtemp(join(tmpdir(), "moqt-cli-"));
	return { path, remove: () => rm(path, { recursive: true, force: true }) };
}
