/**
 * `@moqt/file-format/node`: the Node.js file-system side of the MOQT file format
 * (draft-jennings-moq-file-05): {@link RecordingWriter} records objects into a directory,
 * {@link RecordingReader} streams them back with payloads read on demand, and
 * {@link inspectRecording} summarizes a recording.
 *
 * @packageDocumentation
 */

export { type InspectedFile, type InspectOptions, inspectRecording, type RecordingInspection } from "./inspect.js";
export {
	type RecordedObject,
	type RecordedTrack,
	RecordingReader,
	type RecordingReaderOptions,
} from "./recording-reader.js";
export { RecordingWriter, type RecordingWriterOptions } from "./recording-writer.js";
