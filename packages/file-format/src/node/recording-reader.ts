/**
 * Reading a recording in the MOQT file format from a directory (draft-jennings-moq-file-05 §2
 * "JSON Meta Object", §4 "MoQT Track DataFile", §8 "Security Considerations").
 *
 * Metadata files are streamed in chunks through the platform-neutral parser, so memory holds one
 * chunk and one entry whatever the file's size; payloads are read only when asked for, by offset.
 * A track's identity comes from its entries, not its file name. Every file the recording names is
 * confined to its directory (see `confined-path.ts`).
 *
 * @module
 */

import { open, readdir, realpath, stat } from "node:fs/promises";
import { basename, dirname, extname } from "node:path";
import { FileFormatError } from "../errors.js";
import { METADATA_EXTENSION, parseTrackFileName } from "../file-name.js";
import { MetadataParser, type MetadataReadOptions } from "../metadata-reader.js";
import { trackKey } from "../track-key.js";
import type { MetadataEntry, TrackId } from "../types.js";
import { resolveConfined } from "./confined-path.js";
import { DataFiles } from "./data-files.js";

/** Metadata file suffixes: `.moq`, and `.moqm` of early -00 editor's copies. */
const METADATA_EXTENSIONS = new Set([METADATA_EXTENSION, ".moqm"]);

/** Options of {@link RecordingReader.open}. */
export interface RecordingReaderOptions extends Omit<MetadataReadOptions, "file"> {
	/** Bytes read from a metadata file at a time. Default 64 KiB. */
	readonly chunkSize?: number;
	/** Most data files kept open at once. Default 16. */
	readonly maxOpenDataFiles?: number;
}

/** One object of a recording: its entry, where the entry is, and its payload on demand. */
export interface RecordedObject {
	/** The decoded entry. */
	readonly entry: MetadataEntry;
	/** The metadata file, relative to the recording directory. */
	readonly file: string;
	/** The entry's zero-based index in that file. */
	readonly index: number;
	/**
	 * Reads the payload (a fresh copy). Works until the reader is closed, also after iteration
	 * has moved on. Rejects with "out-of-range", "unsafe-path" or "missing-file" errors.
	 */
	payload(): Promise<Uint8Array>;
}

/** A track of a recording and the metadata files that hold it, in Group order. */
export interface RecordedTrack extends TrackId {
	/** Metadata files, ordered by their first Group ID. */
	readonly files: readonly string[];
}

/** Reads a recording. Open it with {@link RecordingReader.open}. */
export class RecordingReader {
	/** The recording directory (its real path). */
	readonly directory: string;
	readonly #only: string | undefined;
	readonly #options: RecordingReaderOptions;
	readonly #data: DataFiles;

	private constructor(directory: string, only: string | undefined, options: RecordingReaderOptions) {
		this.directory = directory;
		this.#only = only;
		this.#options = options;
		this.#data = new DataFiles(directory, options.maxOpenDataFiles ?? 16);
	}

	/**
	 * Opens a recording: a directory, or one metadata file (whose directory then bounds the data
	 * files it may name).
	 */
	static async open(path: string, options: RecordingReaderOptions = {}): Promise<RecordingReader> {
		const info = await stat(path).catch((cause: unknown) => {
			throw new FileFormatError("missing-file", "cannot be opened", { file: path, cause });
		});
		if (info.isDirectory()) return new RecordingReader(await realpath(path), undefined, options);
		const directory = await realpath(dirname(path));
		return new RecordingReader(directory, basename(path), options);
	}

	/** The metadata files (`.moq`, `.moqm`) of the recording, by name. */
	async metadataFiles(): Promise<string[]> {
		if (this.#only !== undefined) return [this.#only];
		const names: string[] = [];
		for (const d of await readdir(this.directory, { withFileTypes: true })) {
			if ((d.isFile() || d.isSymbolicLink()) && METADATA_EXTENSIONS.has(extname(d.name))) names.push(d.name);
		}
		return names.sort();
	}

	/**
	 * The tracks of the recording, each with its metadata files. A file's track is that of its
	 * first entry; a file with no entries is placed by its name, or left out when the name does
	 * not follow the draft's encoding.
	 */
	async tracks(): Promise<RecordedTrack[]> {
		const byKey = new Map<string, { track: TrackId; files: { name: string; group: bigint }[] }>();
		for (const name of await this.metadataFiles()) {
			const first = await this.#firstEntry(name);
			let track: TrackId;
			let group: bigint;
			if (first !== undefined) {
				track = first;
				group = first.groupId;
			} else {
				const parsed = parseName(name);
				if (parsed === undefined) continue;
				track = parsed;
				group = parsed.firstGroup ?? 0n;
			}
			const key = trackKey(track);
			const known = byKey.get(key) ?? { track, files: [] };
			known.files.push({ name, group });
			byKey.set(key, known);
		}
		return [...byKey.values()].map(({ track, files }) => ({
			trackNamespace: track.trackNamespace,
			trackName: track.trackName,
			files: files.sort((a, b) => (a.group < b.group ? -1 : a.group > b.group ? 1 : 0)).map((f) => f.name),
		}));
	}

	/** The objects of one metadata file, in file order. */
	async *entries(file: string): AsyncGenerator<RecordedObject, void, undefined> {
		const real = await resolveConfined(this.directory, file, { file });
		const handle = await open(real, "r").catch((cause: unknown) => {
			throw new FileFormatError("missing-file", "cannot be opened", { file, cause });
		});
		try {
			const parser = new MetadataParser({ ...this.#options, file });
			const chunk = new Uint8Array(this.#options.chunkSize ?? 64 * 1024);
			let position = 0;
			for (;;) {
				const { bytesRead } = await handle.read(chunk, 0, chunk.length, position);
				if (bytesRead === 0) break;
				position += bytesRead;
				const first = parser.entries;
				const entries = parser.push(chunk.subarray(0, bytesRead));
				for (const [i, entry] of entries.entries()) yield this.#object(entry, file, first + i);
			}
			parser.end();
		} finally {
			await handle.close();
		}
	}

	/** The objects of one track, file after file. */
	async *objects(track: RecordedTrack): AsyncGenerator<RecordedObject, void, undefined> {
		for (const file of track.files) yield* this.entries(file);
	}

	/** Checks that an object's payload lies inside its data file, without reading it. */
	checkPayload(object: RecordedObject): Promise<void> {
		return this.#data.check(object.entry, { file: object.file, index: object.index });
	}

	/** Closes the data files. Payloads cannot be read afterwards. */
	close(): Promise<void> {
		return this.#data.close();
	}

	/** Closes the reader (`await using`). */
	[Symbol.asyncDispose](): Promise<void> {
		return this.close();
	}

	#object(entry: MetadataEntry, file: string, index: number): RecordedObject {
		const data = this.#data;
		return { entry, file, index, payload: () => data.read(entry, { file, index }) };
	}

	async #firstEntry(name: string): Promise<MetadataEntry | undefined> {
		for await (const object of this.entries(name)) return object.entry;
		return undefined;
	}
}

function parseName(name: string): ReturnType<typeof parseTrackFileName> | undefined {
	try {
		return parseTrackFileName(name);
	} catch {
		return undefined;
	}
}
