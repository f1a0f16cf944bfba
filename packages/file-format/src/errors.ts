/**
 * Errors of the MOQT file format (draft-jennings-moq-file-05).
 *
 * {@link FileFormatError} carries the same `Symbol.for("moqt.error")` brand as `MoqtError` of
 * `@moqt/wire`, so `MoqtError.isInstance(e)` is true for it without this package importing the
 * codec at run time; a second brand makes {@link FileFormatError.isInstance} and `instanceof`
 * work across duplicate copies of this package.
 *
 * @module
 */

const MOQT_BRAND: unique symbol = Symbol.for("moqt.error") as never;
const BRAND: unique symbol = Symbol.for("moqt.file-format.error") as never;

/** What went wrong. */
export type FileFormatErrorCode =
	/** The metadata is not JSON, or not a JSON array of objects. */
	| "malformed-json"
	/** The metadata is not valid UTF-8. */
	| "invalid-utf8"
	/** The array was not closed: the writer stopped mid-file (reported only when recovery is off). */
	| "truncated"
	/** An entry misses a required field or holds a value of the wrong type or range. */
	| "invalid-entry"
	/** An entry, a field or a count exceeds a limit. */
	| "too-large"
	/** A `dataFile` path is absolute, climbs out with `..`, or resolves outside the recording. */
	| "unsafe-path"
	/** `dataOffset + dataLength` runs past the end of the data file. */
	| "out-of-range"
	/** A data or metadata file is missing or cannot be read. */
	| "missing-file"
	/** A file name does not follow the draft's file name encoding. */
	| "invalid-name"
	/** The writer was given something the format cannot record. */
	| "unrepresentable"
	/** The writer would overwrite an existing file. */
	| "file-exists"
	/** The writer or reader was used after `close()`, or after a write failed. */
	| "closed";

/** Where a {@link FileFormatError} was found. */
export interface FileFormatErrorOptions {
	/** The metadata or data file, relative to the recording when known. */
	readonly file?: string;
	/** Zero-based index of the entry in its metadata file. */
	readonly entry?: number;
	/** The JSON field at fault (the key as spelled in the file). */
	readonly field?: string;
	/** The error that caused this one. */
	readonly cause?: unknown;
}

/**
 * A malformed, hostile or unreadable recording, or a writer misuse. The message names the file,
 * the entry index and the field when they are known; the same facts are in readonly fields.
 */
export class FileFormatError extends Error {
	/** A stable, machine-readable code. */
	readonly code: FileFormatErrorCode;
	/** The file at fault, when known. */
	readonly file: string | undefined;
	/** Zero-based index of the entry at fault, when known. */
	readonly entry: number | undefined;
	/** The JSON field at fault, when known. */
	readonly field: string | undefined;
	readonly [MOQT_BRAND] = true;
	readonly [BRAND] = true;

	constructor(code: FileFormatErrorCode, detail: string, options: FileFormatErrorOptions = {}) {
		super(describe(detail, options), options.cause === undefined ? undefined : { cause: options.cause });
		this.name = "FileFormatError";
		this.code = code;
		this.file = options.file;
		this.entry = options.entry;
		this.field = options.field;
	}

	/** True when `value` is a FileFormatError from any copy of this package. */
	static isInstance(value: unknown): value is FileFormatError {
		return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
	}

	static override [Symbol.hasInstance](value: unknown): boolean {
		return FileFormatError.isInstance(value);
	}
}

function describe(detail: string, { file, entry, field }: FileFormatErrorOptions): string {
	const where: string[] = [];
	if (file !== undefined) where.push(file);
	if (entry !== undefined) where.push(`entry ${entry}`);
	if (field !== undefined) where.push(field);
	return where.length === 0 ? detail : `${where.join(": ")}: ${detail}`;
}
