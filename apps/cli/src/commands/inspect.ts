/**
 * `moqt inspect`: what a recording holds, per track (objects, groups, bytes, duration, gaps,
 * duplicates, statuses) and per file (entries, crash recovery, errors), without reading payloads
 * (each entry's range is checked against its data file).
 *
 * @module
 */

import { inspectRecording } from "@moqt/file-format/node";
import { flag, positionals } from "../args.js";
import { type Command, EXIT_FAILURE, EXIT_OK } from "../command.js";
import { inspectionJson, inspectionText } from "../output/inspection.js";

/** The `inspect` command. */
export const inspectCommand: Command = {
	name: "inspect",
	summary: "summarize a recording: tracks, groups, objects, bytes, duration, gaps",
	help: `Usage: moqt inspect <recording> [--json]

Summarizes a recording (a directory, or one .moq file) without reading payloads: per track the
objects, groups, bytes, time spanned by receive times, missing Group IDs, missing Object IDs
within groups, duplicates and statuses; per metadata file the entries read, any recovery of a
file cut short by a crash, and errors. Exits 1 when a file has an error.

Options:
  --json               print the summary as JSON (IDs as decimal strings)`,
	options: {
		json: { type: "boolean" },
	},
	async run(line, io) {
		const [path] = positionals(line, ["recording"]);
		const inspection = await inspectRecording(path!);
		io.stdout.write(flag(line.values, "json") ? inspectionJson(inspection) : inspectionText(inspection));
		return inspection.files.some((f) => f.error !== undefined) ? EXIT_FAILURE : EXIT_OK;
	},
};
