/**
 * One `.moq` + `.dat` pair being written (draft-jennings-moq-file-05 §4 "MoQT Track DataFile").
 *
 * Appends are buffered in memory and written by {@link TrackFile.flush}: the payloads first,
 * appended to the data file, then the entries, in one positioned write that replaces the closing
 * `\n]\n` of the metadata file with the new entries and a new closing (see `metadata-writer.ts`).
 * So after every flush the metadata file is a complete JSON array whose entries all point at
 * bytes already in the data file; a crash between flushes loses the unflushed objects only, and a
 * crash inside the metadata write leaves an unclosed array that the reader recovers.
 *
 * @module
 */

import type { FileHandle } from "node:fs/promises";
import { open, rm } from "node:fs/promises";
import { join } from "node:path";
import { type EncodeEntryOptions, encodeEntryRest, encodeTrackPrefix } from "../entry-encode.js";
import { FileFormatError } from "../errors.js";
import { entrySeparator, METADATA_CLOSE, METADATA_OPEN } from "../metadata-writer.js";
import type { ObjectMetadata, TrackId } from "../types.js";

/**
 * Payloads are copied into slabs, so a flush is a few large writes. Slabs start small and double
 * up to the maximum, so a writer with many tracks holding a little each does not hold a large
 * slab per track.
 */
const MIN_SLAB = 16 << 10;
const MAX_SLAB = 1 << 20;

/** The writer of one metadata + data file pair. */
export class TrackFile {
	/** The metadata file's name in the recording directory. */
	readonly metadataName: string;
	/** The data file's name in the recording directory. */
	readonly dataName: string;
	readonly #directory: string;
	readonly #prefix: string;
	#moq: FileHandle | undefined;
	#dat: FileHandle | undefined;
	#created = false;
	/** Entries appended, flushed or not. */
	#entries = 0;
	/** Data bytes appended, flushed or not: the offset of the next payload. */
	#dataSize = 0;
	/** Data bytes already in the file. */
	#dataWritten = 0;
	/** Where the closing `\n]\n` of the metadata file starts. */
	#closePosition = METADATA_OPEN.length;
	#texts: string[] = [];
	#slabs: Uint8Array[] = [];
	#slabUsed = 0;
	/** Payload bytes in the slabs before the last one. */
	#slabbed = 0;
	#pendingBytes = 0;

	/** `stem` is the file name without extension; `directory` a real path. */
	constructor(directory: string, stem: string, track: TrackId) {
		this.#directory = directory;
		this.metadataName = `${stem}.moq`;
		this.dataName = `${stem}.dat`;
		// Validates the names once, and saves re-encoding them for every object.
		this.#prefix = encodeTrackPrefix(track);
	}

	/** Bytes buffered and not yet flushed. */
	get pendingBytes(): number {
		return this.#pendingBytes;
	}

	/**
	 * Encodes and buffers one object (the payload is copied, so the caller may reuse it at once).
	 * Throws a {@link FileFormatError} for a field the format cannot hold, buffering nothing.
	 * Returns the number of bytes buffered.
	 */
	append(object: ObjectMetadata, payload: Uint8Array, options: EncodeEntryOptions): number {
		const text =
			entrySeparator(this.#entries) +
			this.#prefix +
			encodeEntryRest(
				{ ...object, dataFile: this.dataName, dataOffset: this.#dataSize, dataLength: payload.length },
				options,
			);
		this.#copyPayload(payload);
		this.#texts.push(text);
		this.#entries++;
		this.#dataSize += payload.length;
		this.#pendingBytes += text.length + payload.length;
		return text.length + payload.length;
	}

	/** Writes what is buffered; returns the number of buffered bytes it wrote. */
	async flush(sync: boolean): Promise<number> {
		if (this.#texts.length === 0) return 0;
		await this.#open();
		// Take the batch in one synchronous step: appends made while this flush awaits its writes
		// start the next batch.
		const texts = this.#texts;
		const slabs = this.#slabs;
		const last = slabs.length - 1;
		if (last >= 0) slabs[last] = slabs[last]!.subarray(0, this.#slabUsed);
		const written = this.#pendingBytes;
		this.#texts = [];
		this.#slabs = [];
		this.#slabUsed = 0;
		this.#slabbed = 0;
		this.#pendingBytes = 0;
		for (const slab of slabs) {
			await writeAt(this.#dat!, slab, this.#dataWritten);
			this.#dataWritten += slab.length;
		}
		// Data first: an entry must never point at bytes that a crash could lose.
		if (sync) await this.#dat!.datasync();
		const body = Buffer.from(texts.join(""));
		await writeAt(this.#moq!, Buffer.concat([body, Buffer.from(METADATA_CLOSE)]), this.#closePosition);
		this.#closePosition += body.length;
		if (sync) await this.#moq!.datasync();
		return written;
	}

	/** Closes both files (buffered data stays buffered; flush first to keep it). */
	async close(): Promise<void> {
		const handles = [this.#moq, this.#dat];
		this.#moq = undefined;
		this.#dat = undefined;
		for (const h of handles) await h?.close();
	}

	#copyPayload(payload: Uint8Array): void {
		if (payload.length === 0) return;
		let slab = this.#slabs[this.#slabs.length - 1];
		if (slab === undefined || this.#slabUsed + payload.length > slab.length) {
			if (slab !== undefined) {
				// Trim the previous slab to what it holds before starting a new one.
				this.#slabs[this.#slabs.length - 1] = slab.subarray(0, this.#slabUsed);
				this.#slabbed += this.#slabUsed;
			}
			const size = Math.min(MAX_SLAB, Math.max(MIN_SLAB, 2 * this.#slabbed));
			slab = new Uint8Array(Math.max(size, payload.length));
			this.#slabs.push(slab);
			this.#slabUsed = 0;
		}
		slab.set(payload, this.#slabUsed);
		this.#slabUsed += payload.length;
	}

	/** Creates the files on the first flush (never over existing ones), reopens them later. */
	async #open(): Promise<void> {
		if (this.#moq !== undefined) return;
		const flags = this.#created ? "r+" : "wx";
		let name = this.metadataName;
		try {
			this.#moq = await open(join(this.#directory, name), flags);
			name = this.dataName;
			this.#dat = await open(join(this.#directory, name), flags);
		} catch (cause) {
			await this.close();
			// Do not leave a half-created pair behind.
			if (!this.#created && name === this.dataName) await rm(join(this.#directory, this.metadataName));
			const exists = (cause as { code?: unknown }).code === "EEXIST";
			throw new FileFormatError(
				exists ? "file-exists" : "missing-file",
				exists ? "already exists, and a writer never overwrites a file" : "cannot be opened for writing",
				{ file: name, cause },
			);
		}
		if (!this.#created) {
			this.#created = true;
			await writeAt(this.#moq, Buffer.from(METADATA_OPEN + METADATA_CLOSE), 0);
		}
	}
}

/** Writes all of `bytes` at `position`. */
async function writeAt(handle: FileHandle, bytes: Uint8Array, position: number): Promise<void> {
	let done = 0;
	while (done < bytes.length) {
		const { bytesWritten } = await handle.write(bytes, done, bytes.length - done, position + done);
		done += bytesWritten;
	}
}
