/**
 * `@moqt/file-format`: the MOQT file format of draft-jennings-moq-file-05 ("Serialization of MoQ
 * Objects to Files"), read tolerantly back to -00 and written strictly as -05.
 *
 * This entry point is the platform-neutral core: the entry model, JSON encoding and decoding,
 * base64, file names, the streaming metadata reader and the summary. It runs in browsers; the
 * file-system writer and reader are in `@moqt/file-format/node`.
 *
 * @packageDocumentation
 */

export { decodeBase64, encodeBase64Url } from "./base64.js";
export { unsafeDataPathReason } from "./data-path.js";
export { type EncodeEntryOptions, type EntryFields, encodeEntry } from "./entry-encode.js";
export { FileFormatError, type FileFormatErrorCode, type FileFormatErrorOptions } from "./errors.js";
export {
	DATA_EXTENSION,
	encodeTrackFileName,
	METADATA_EXTENSION,
	type ParsedTrackFileName,
	parseTrackFileName,
} from "./file-name.js";
export {
	DEFAULT_LIMITS,
	MAX_FULL_TRACK_NAME_BYTES,
	MAX_NAMESPACE_FIELDS,
	type MetadataLimits,
} from "./limits.js";
export {
	MetadataParser,
	type MetadataReadOptions,
	parseMetadata,
	readMetadata,
	type Truncation,
} from "./metadata-reader.js";
export { encodeMetadata, entrySeparator, METADATA_CLOSE, METADATA_OPEN } from "./metadata-writer.js";
export { formatMoqtName, parseMoqtName } from "./moqt-name.js";
export type { IdRange } from "./range-set.js";
export {
	type GroupGaps,
	type RecordingSummary,
	type StatusCount,
	SummaryBuilder,
	summarize,
	type TrackSummary,
} from "./summary.js";
export { trackKey } from "./track-key.js";
export {
	type ExtensionHeader,
	ForwardingPreference,
	type MetadataEntry,
	type ObjectMetadata,
	type TrackId,
	type TrackNamespace,
} from "./types.js";
