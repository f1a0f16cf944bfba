/**
 * Recording MoQT objects to a directory in the MOQT file format (draft-jennings-moq-file-05 §3.2
 * "File Name Encoding", §4 "MoQT Track DataFile").
 *
 * Objects are appended as they arrive, from any number of tracks; each track (or each group, with
 * `layout: "group"`) gets a `.moq` + `.dat` pair named by the draft's file name encoding. Writes
 * are buffered and happen on {@link RecordingWriter.flush}, when the buffer passes `flushBytes`,
 * and on {@link RecordingWriter.close}; after each flush every metadata file is a complete JSON
 * array (see `track-file.ts` for what a crash leaves). Files are only ever created inside the
 * directory, with exclusive creation: an existing file or symlink is never written through.
 *
 * @module
 */

import { createHash } from "node:crypto";
import { mkdir, realpath } from "node:fs/promises";
import type { EncodeEntryOptions } from "../entry-encode.js";
import { FileFormatError } from "../errors.js";
import { encodeTrackFileName } from "../file-name.js";
import { trackKey } from "../track-key.js";
import type { ObjectMetadata } from "../types.js";
import { TrackFile } from "./track-file.js";

/** Options of {@link RecordingWriter.create}. */
export interface RecordingWriterOptions {
	/** One file pair per track (default), or one per group (named with the `+<group>` suffix). */
	readonly layout?: "track" | "group";
	/**
	 * In the track layout, mark the files as holding part of the track: append `+<first group>`
	 * (the group of the first object recorded) to their names, as -05 §3.2 asks.
	 */
	readonly partial?: boolean;
	/** Flush once this many bytes (entries and payloads) are buffered. Default 4 MiB. */
	readonly flushBytes?: number;
	/** Most file pairs kept open at once; others are closed and reopened when needed. Default 32. */
	readonly maxOpenFiles?: number;
	/** `fdatasync` the data, then the metadata, at every flush (power-loss safety). Default false. */
	readonly sync?: boolean;
	/** How to write an object with a repeated extension type; see {@link EncodeEntryOptions}. */
	readonly duplicateExtensions?: EncodeEntryOptions["duplicateExtensions"];
}

/** Longest file name stem used as is; longer ones are shortened and made unique with a hash. */
const MAX_STEM = 200;

/** Writes a recording. Create it with {@link RecordingWriter.create}. */
export class RecordingWriter {
	/** The recording directory (its real path). */
	readonly directory: string;
	readonly #options: Required<Omit<RecordingWriterOptions, "duplicateExtensions">> & EncodeEntryOptions;
	readonly #files = new Map<string, TrackFile>();
	/** Open pairs, least recently used first. */
	readonly #open = new Set<TrackFile>();
	#pendingBytes = 0;
	#queue: Promise<unknown> = Promise.resolve();
	#failure: unknown;
	#closing: Promise<void> | undefined;

	private constructor(directory: string, options: RecordingWriterOptions) {
		this.directory = directory;
		this.#options = {
			layout: options.layout ?? "track",
			partial: options.partial ?? false,
			flushBytes: options.flushBytes ?? 4 << 20,
			maxOpenFiles: Math.max(1, options.maxOpenFiles ?? 32),
			sync: options.sync ?? false,
			duplicateExtensions: options.duplicateExtensions ?? "error",
		};
	}

	/** Creates `directory` if needed and returns a writer into it. */
	static async create(directory: string, options: RecordingWriterOptions = {}): Promise<RecordingWriter> {
		await mkdir(directory, { recursive: true });
		return new RecordingWriter(await realpath(directory), options);
	}

	/** The metadata files this writer has started, in order. */
	get metadataFiles(): string[] {
		return [...this.#files.values()].map((f) => f.metadataName);
	}

	/**
	 * Records one object. The payload is copied before this returns, so the caller may reuse its
	 * buffer at once; the promise settles when any flush this append triggered is done. Rejects
	 * with a {@link FileFormatError} for an object the format cannot hold (recording nothing), and
	 * after `close()` or a failed write.
	 */
	async append(object: ObjectMetadata, payload: Uint8Array = new Uint8Array(0)): Promise<void> {
		this.#checkUsable();
		const key = this.#keyFor(object);
		const file = this.#files.get(key) ?? this.#newFile(object);
		this.#pendingBytes += file.append(object, payload, this.#options);
		// Registered only once an object is in it, so a rejected first object leaves no trace.
		this.#files.set(key, file);
		if (this.#pendingBytes >= this.#options.flushBytes) await this.#enqueue(() => this.#flushAll());
	}

	/** Writes everything buffered; afterwards every metadata file is a complete JSON array. */
	async flush(): Promise<void> {
		this.#checkUsable();
		await this.#enqueue(() => this.#flushAll());
	}

	/**
	 * Flushes and closes every file. Idempotent; the writer accepts nothing afterwards. After a
	 * failed write it only closes the files (the failure was reported to the call that met it).
	 */
	close(): Promise<void> {
		this.#closing ??= this.#queue.then(async () => {
			try {
				if (this.#failure === undefined) await this.#flushAll();
			} finally {
				for (const f of this.#open) await f.close();
				this.#open.clear();
			}
		});
		return this.#closing;
	}

	/** Closes the writer (`await using`). */
	[Symbol.asyncDispose](): Promise<void> {
		return this.close();
	}

	#checkUsable(): void {
		if (this.#closing !== undefined) throw new FileFormatError("closed", "the writer is closed");
		if (this.#failure !== undefined) {
			throw new FileFormatError("closed", "an earlier write failed", { cause: this.#failure });
		}
	}

	/** Runs `op` after every earlier operation; a failure stops the writer. */
	#enqueue<T>(op: () => Promise<T>): Promise<T> {
		const run = this.#queue.then(() => {
			if (this.#failure !== undefined) {
				throw new FileFormatError("closed", "an earlier write failed", { cause: this.#failure });
			}
			return op();
		});
		this.#queue = run.catch((e: unknown) => {
			this.#failure ??= e;
		});
		return run;
	}

	#keyFor(object: ObjectMetadata): string {
		return this.#options.layout === "group" ? `${trackKey(object)}+${object.groupId}` : trackKey(object);
	}

	#newFile(object: ObjectMetadata): TrackFile {
		const firstGroup = this.#options.layout === "group" || this.#options.partial ? object.groupId : undefined;
		return new TrackFile(this.directory, stemFor(encodeTrackFileName(object, firstGroup)), object);
	}

	async #flushAll(): Promise<void> {
		for (const file of this.#files.values()) {
			if (file.pendingBytes === 0) continue;
			await this.#touch(file);
			// Not `-= await`: that would read the count before the flush and drop appends made during it.
			const written = await file.flush(this.#options.sync);
			this.#pendingBytes -= written;
		}
	}

	/** Marks `file` as most recently used, closing the least recently used pair over the limit. */
	async #touch(file: TrackFile): Promise<void> {
		this.#open.delete(file);
		this.#open.add(file);
		if (this.#open.size <= this.#options.maxOpenFiles) return;
		const oldest = this.#open.values().next().value!;
		this.#open.delete(oldest);
		// Its buffered data (if any) stays buffered; it reopens on its next flush.
		await oldest.close();
	}
}

/**
 * The file name stem: the draft's encoding, or for a name too long for a file system, its start,
 * `~` (not in the encoding's alphabet, so it cannot clash with a real name) and a hash of the
 * whole. The reader takes track names from the entries, so nothing is lost.
 */
function stemFor(encoded: string): string {
	if (encoded.length <= MAX_STEM) return encoded;
	const hash = createHash("sha256").update(encoded).digest("hex").slice(0, 32);
	return `${encoded.slice(0, MAX_STEM - 33)}~${hash}`;
}
