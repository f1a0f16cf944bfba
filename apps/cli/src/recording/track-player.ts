/**
 * Playing one recorded track into a `Track` of a session: entries in file order, each object sent
 * with its recorded IDs, status, priority and properties (draft-jennings-moq-file-05 §5
 * "Playback"), on subgroup streams or as datagrams as recorded.
 *
 * Groups stay open while the recording may still add to them: a few of the most recently written
 * ones (a recording interleaves groups when their streams overlapped); the least recently written
 * is ended (FIN) when one more opens, and all are ended at the end of a pass. An object of a group
 * already ended goes out on a new stream.
 *
 * An object the session cannot send as recorded is skipped and counted, with the reason: a status
 * this draft does not define (Does Not Exist after draft-14), properties on a status object from
 * draft-16 on, or an Object ID that does not increase within its subgroup.
 *
 * @module
 */

import { type Draft, ObjectStatus, type Track } from "@moqt/client";
import type { RecordedTrack, RecordingReader } from "@moqt/file-format/node";
import type { Progress } from "../output/progress.js";
import { playedObject } from "./object-metadata.js";

/** Groups kept open at once per track. */
const OPEN_GROUPS = 4;

/** When to send an entry: paced by receive time, or at once. */
export interface Pacing {
	/** Resolves when an object received at `receiveTime` (ms since the epoch) is due. */
	until(receiveTime: number | undefined): Promise<void>;
}

/** What one pass over a track did. */
export interface PassResult {
	readonly objects: number;
	readonly bytes: number;
	readonly skipped: number;
	/** Smallest and largest Group ID of the recording (before any offset); undefined when empty. */
	readonly firstGroup: bigint | undefined;
	readonly lastGroup: bigint | undefined;
}

/** Plays a recorded track into a live one. */
export class TrackPlayer {
	readonly label: string;
	readonly #track: Track;
	readonly #reader: RecordingReader;
	readonly #recorded: RecordedTrack;
	readonly #draft: Draft;
	readonly #progress: Progress;
	readonly #warn: (message: string) => void;
	/** Open Group IDs, least recently written first. */
	readonly #open = new Set<bigint>();

	constructor(options: {
		readonly label: string;
		readonly track: Track;
		readonly reader: RecordingReader;
		readonly recorded: RecordedTrack;
		readonly draft: Draft;
		readonly progress: Progress;
		readonly warn: (message: string) => void;
	}) {
		this.label = options.label;
		this.#track = options.track;
		this.#reader = options.reader;
		this.#recorded = options.recorded;
		this.#draft = options.draft;
		this.#progress = options.progress;
		this.#warn = options.warn;
	}

	/** Sends every entry once, Group IDs shifted by `groupOffset`; stops early when `stop` aborts. */
	async pass(pacing: Pacing, groupOffset: bigint, stop: AbortSignal): Promise<PassResult> {
		let objects = 0;
		let bytes = 0;
		let skipped = 0;
		let firstGroup: bigint | undefined;
		let lastGroup: bigint | undefined;
		try {
			for await (const recorded of this.#reader.objects(this.#recorded)) {
				if (stop.aborted) break;
				const entry = recorded.entry;
				if (firstGroup === undefined || entry.groupId < firstGroup) firstGroup = entry.groupId;
				if (lastGroup === undefined || entry.groupId > lastGroup) lastGroup = entry.groupId;
				await pacing.until(entry.receiveTime);
				if (stop.aborted) break;
				const payload = entry.dataLength > 0 ? await recorded.payload() : new Uint8Array(0);
				const problem = await this.#send(playedObject(entry, groupOffset), payload);
				if (problem !== undefined) {
					skipped++;
					this.#warn(`${this.label}: ${recorded.file} entry ${recorded.index} skipped: ${problem}`);
					continue;
				}
				objects++;
				bytes += payload.length;
				this.#progress.add(payload.length, entry.groupId + groupOffset, this.label);
			}
		} finally {
			await this.endGroups();
		}
		return { objects, bytes, skipped, firstGroup, lastGroup };
	}

	/** Ends every open group (FIN on its streams). */
	async endGroups(): Promise<void> {
		const groups = [...this.#open];
		this.#open.clear();
		await Promise.all(groups.map((id) => this.#track.group(id).end()));
	}

	/** Sends one object; returns why it could not be sent, or undefined. */
	async #send(o: ReturnType<typeof playedObject>, payload: Uint8Array): Promise<string | undefined> {
		const status = o.status;
		if (!isSendable(status, this.#draft)) return `Object Status ${status} does not exist in draft-${this.#draft}`;
		if (o.subgroup === undefined) {
			this.#track.datagram(payload, {
				group: o.group,
				object: o.object,
				properties: o.properties,
				...(o.priority !== undefined && { priority: o.priority }),
			});
			return undefined;
		}
		await this.#touch(o.group);
		try {
			await this.#track.write({
				group: o.group,
				subgroup: o.subgroup,
				object: o.object,
				payload,
				properties: o.properties,
				status: status as ObjectStatus,
				...(o.priority !== undefined && { priority: o.priority }),
			});
		} catch (error) {
			// The writers refuse what the draft or the stream cannot carry with a RangeError.
			if (error instanceof RangeError) return error.message;
			throw error;
		}
		return undefined;
	}

	/** Marks `group` most recently written, ending the least recently written one past the limit. */
	async #touch(group: bigint): Promise<void> {
		this.#open.delete(group);
		this.#open.add(group);
		if (this.#open.size <= OPEN_GROUPS) return;
		const oldest = this.#open.values().next().value!;
		this.#open.delete(oldest);
		await this.#track.group(oldest).end();
	}
}

/** True for an Object Status the session's draft can send. */
function isSendable(status: number, draft: Draft): boolean {
	switch (status) {
		case ObjectStatus.NORMAL:
		case ObjectStatus.END_OF_GROUP:
		case ObjectStatus.END_OF_TRACK:
			return true;
		case ObjectStatus.DOES_NOT_EXIST:
			return draft === 14;
		default:
			return false;
	}
}
