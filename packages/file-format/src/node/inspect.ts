/**
 * `inspect` for a recording on disk (draft-jennings-moq-file-05 §4 "MoQT Track DataFile"): the
 * summary of every track, plus per metadata file what was read, what was recovered after a crash
 * and what was wrong. A broken file is reported and the others are still summarized.
 *
 * @module
 */

import { FileFormatError } from "../errors.js";
import type { Truncation } from "../metadata-reader.js";
import { type RecordingSummary, SummaryBuilder } from "../summary.js";
import { RecordingReader, type RecordingReaderOptions } from "./recording-reader.js";

/** Options of {@link inspectRecording}. */
export interface InspectOptions extends Omit<RecordingReaderOptions, "onTruncated" | "recover"> {
	/** Check every entry's range against its data file's size (no payload is read). Default true. */
	readonly checkData?: boolean;
}

/** What {@link inspectRecording} found in one metadata file. */
export interface InspectedFile {
	/** The metadata file, relative to the recording. */
	readonly file: string;
	/** Entries read (all of them unless `error` is set). */
	readonly entries: number;
	/** Set when the file's array was not closed and its tail was dropped. */
	readonly truncation: Truncation | undefined;
	/** The first problem, which stopped the reading of this file. */
	readonly error: FileFormatError | undefined;
}

/** The result of {@link inspectRecording}. */
export interface RecordingInspection extends RecordingSummary {
	/** The recording directory. */
	readonly directory: string;
	/** Every metadata file, in name order. */
	readonly files: readonly InspectedFile[];
}

/** Summarizes a recording directory (or one metadata file) without reading payloads. */
export async function inspectRecording(path: string, options: InspectOptions = {}): Promise<RecordingInspection> {
	let truncation: Truncation | undefined;
	const reader = await RecordingReader.open(path, {
		...options,
		onTruncated: (t) => {
			truncation = t;
		},
	});
	try {
		const builder = new SummaryBuilder();
		const files: InspectedFile[] = [];
		for (const file of await reader.metadataFiles()) {
			truncation = undefined;
			let entries = 0;
			let error: FileFormatError | undefined;
			try {
				for await (const object of reader.entries(file)) {
					if (options.checkData !== false) await reader.checkPayload(object);
					builder.add(object.entry);
					entries++;
				}
			} catch (e) {
				if (!FileFormatError.isInstance(e)) throw e;
				error = e;
			}
			files.push({ file, entries, truncation, error });
		}
		return { ...builder.finish(), directory: reader.directory, files };
	} finally {
		await reader.close();
	}
}
