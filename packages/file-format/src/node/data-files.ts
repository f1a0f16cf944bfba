/**
 * Payload reads for a recording (draft-jennings-moq-file-05 §2 `dataFile`, `dataOffset`,
 * `dataLength`; §8 "Security Considerations").
 *
 * Each data file is opened once, confined to the recording, and checked to be a regular file;
 * every read is checked against its size. Small payloads are served from a read-ahead window, so
 * reading many small objects in file order costs one system call per window, not per object; the
 * returned bytes are always a copy, so keeping one payload never pins a whole window.
 *
 * @module
 */

import type { FileHandle } from "node:fs/promises";
import { open } from "node:fs/promises";
import { FileFormatError } from "../errors.js";
import type { MetadataEntry } from "../types.js";
import { type PathContext, resolveConfined } from "./confined-path.js";

/** Bytes read ahead for payloads shorter than a quarter of it. */
const WINDOW = 256 * 1024;

interface DataFile {
	readonly handle: FileHandle;
	size: number;
	window: Uint8Array;
	windowStart: number;
}

interface Slot {
	readonly file: Promise<DataFile>;
	/** Reads in flight (counted before the file is open), so it is not closed under them. */
	busy: number;
}

/** Where an entry came from: its metadata file and index. */
export interface EntryWhere {
	/** The metadata file. */
	readonly file: string;
	/** The entry's index in it. */
	readonly index: number;
}

/** The open data files of one recording. */
export class DataFiles {
	readonly #root: string;
	readonly #maxOpen: number;
	/** Insertion order is use order: a slot is re-inserted when used. */
	readonly #slots = new Map<string, Slot>();
	#closed = false;

	/** `root` must be a real path (symlinks resolved). */
	constructor(root: string, maxOpen: number) {
		this.#root = root;
		this.#maxOpen = maxOpen;
	}

	/** Checks that the entry's payload lies inside its data file, without reading it. */
	async check(entry: MetadataEntry, where: EntryWhere): Promise<void> {
		if (entry.dataLength === 0) return;
		const slot = this.#slot(entry.dataFile!, where);
		try {
			await this.#checked(slot, entry, where);
		} finally {
			slot.busy--;
		}
	}

	/** Reads the entry's payload. */
	async read(entry: MetadataEntry, where: EntryWhere): Promise<Uint8Array> {
		const length = entry.dataLength;
		if (length === 0) return new Uint8Array(0);
		const slot = this.#slot(entry.dataFile!, where);
		try {
			const file = await this.#checked(slot, entry, where);
			const offset = entry.dataOffset;
			if (length * 4 > WINDOW) return await readAt(file.handle, new Uint8Array(length), offset);
			if (offset < file.windowStart || offset + length > file.windowStart + file.window.length) {
				file.window = await readAt(file.handle, new Uint8Array(Math.min(WINDOW, file.size - offset)), offset);
				file.windowStart = offset;
			}
			const start = offset - file.windowStart;
			return file.window.slice(start, start + length);
		} finally {
			slot.busy--;
		}
	}

	/** Closes every data file. */
	async close(): Promise<void> {
		this.#closed = true;
		const slots = [...this.#slots.values()];
		this.#slots.clear();
		for (const s of await Promise.allSettled(slots.map((slot) => slot.file))) {
			if (s.status === "fulfilled") await s.value.handle.close();
		}
	}

	/** The slot of data file `name`, marked busy; opens it (evicting an idle one) when needed. */
	#slot(name: string, where: EntryWhere): Slot {
		if (this.#closed) throw new FileFormatError("closed", "the reader is closed", { file: where.file });
		let slot = this.#slots.get(name);
		if (slot !== undefined) {
			this.#slots.delete(name);
		} else {
			if (this.#slots.size >= this.#maxOpen) this.#evictIdle();
			const file = this.#open(name, { file: where.file, entry: where.index, field: "dataFile" });
			slot = { file, busy: 0 };
			const opened = slot;
			// A failed open is forgotten, so a later entry naming the same file gets its own error.
			file.catch(() => {
				if (this.#slots.get(name) === opened) this.#slots.delete(name);
			});
		}
		this.#slots.set(name, slot);
		slot.busy++;
		return slot;
	}

	/** Waits for the file and checks that the entry's range lies inside it. */
	async #checked(slot: Slot, entry: MetadataEntry, where: EntryWhere): Promise<DataFile> {
		const file = await slot.file;
		const end = entry.dataOffset + entry.dataLength;
		// The file may have grown since it was opened (a recording still being written).
		if (end > file.size) file.size = (await file.handle.stat()).size;
		if (end > file.size) {
			throw new FileFormatError(
				"out-of-range",
				`dataOffset ${entry.dataOffset} + dataLength ${entry.dataLength} runs past the end of ${JSON.stringify(entry.dataFile)} (${file.size} bytes)`,
				{ file: where.file, entry: where.index, field: "dataLength" },
			);
		}
		return file;
	}

	async #open(name: string, context: PathContext): Promise<DataFile> {
		const real = await resolveConfined(this.#root, name, context);
		const handle = await open(real, "r").catch((cause: unknown) => {
			throw new FileFormatError("missing-file", `${JSON.stringify(name)} cannot be opened`, { ...context, cause });
		});
		const stat = await handle.stat();
		if (!stat.isFile()) {
			await handle.close();
			throw new FileFormatError("missing-file", `${JSON.stringify(name)} is not a regular file`, context);
		}
		return { handle, size: stat.size, window: new Uint8Array(0), windowStart: 0 };
	}

	/** Closes the least recently used idle file; when every file is busy the limit is exceeded for a while. */
	#evictIdle(): void {
		for (const [name, slot] of this.#slots) {
			if (slot.busy > 0) continue;
			this.#slots.delete(name);
			slot.file.then((f) => f.handle.close()).catch(() => undefined);
			return;
		}
	}
}

/** Reads exactly `into.length` bytes at `position`. */
async function readAt(handle: FileHandle, into: Uint8Array, position: number): Promise<Uint8Array> {
	let done = 0;
	while (done < into.length) {
		const { bytesRead } = await handle.read(into, done, into.length - done, position + done);
		if (bytesRead === 0) throw new FileFormatError("out-of-range", "the data file ended while reading");
		done += bytesRead;
	}
	return into;
}
