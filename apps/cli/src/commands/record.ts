/**
 * `moqt record`: subscribes to tracks and writes them to a directory in the MOQT file format
 * (draft-jennings-moq-file-05), one `.moq` + `.dat` pair per track, flushed every second so that
 * the files on disk are always a valid recording of all but the last second.
 *
 * @module
 */

import { readdir } from "node:fs/promises";
import { connect } from "@moqt/client";
import { RecordingWriter } from "@moqt/file-format/node";
import { flag, optionalSeconds, positionals, stringOption, UsageError } from "../args.js";
import { type Command, EXIT_FAILURE, EXIT_OK } from "../command.js";
import { CONNECTION_HELP, CONNECTION_OPTIONS, checkUrl, connectOptions } from "../connection.js";
import { formatBytes, Progress } from "../output/progress.js";
import { TrackRecorder, type TrackRecordResult } from "../recording/track-recorder.js";
import { onAbort, sleep, stopAfter } from "../stop.js";
import { parseFilter } from "./sub.js";
import { describeEnd, endedInFailure } from "./subscription-end.js";

/** Refuses a directory that already holds a recording: the writer never overwrites, and mixing two is confusing. */
async function checkEmpty(dir: string): Promise<void> {
	const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
		if (error.code === "ENOENT") return [];
		throw error;
	});
	const existing = names.find((name) => name.endsWith(".moq") || name.endsWith(".dat"));
	if (existing !== undefined) throw new Error(`${dir} already holds a recording (${existing}); choose another --out`);
}

/** The `record` command. */
export const recordCommand: Command = {
	name: "record",
	summary: "record tracks to MOQT files (.moq + .dat)",
	help: `Usage: moqt record <url> <namespace> <track...> --out DIR [options]

Subscribes to each <track> of <namespace> and writes one recording per track into DIR in the MOQT
file format (draft-jennings-moq-file-05): a .moq metadata file and a .dat payload file, keeping
every object's IDs, status, priority, properties and receive time. Files are flushed every
second. Ends when every track has ended, after --duration, or on Ctrl-C (the first one flushes
and closes the files; a second one exits at once). Prints one summary line per track.

Options:
  --out DIR            the recording directory (created if needed; must hold no recording)
  --duration S         stop after S seconds
  --fetch-history      first fetch what the publisher or relay still holds (a Joining FETCH
                       from group 0), then record live
  --filter F           latest-object (default) or next-group
  --flush-interval S   seconds between flushes (default 1)

${CONNECTION_HELP}`,
	options: {
		...CONNECTION_OPTIONS,
		out: { type: "string" },
		duration: { type: "string" },
		"fetch-history": { type: "boolean" },
		filter: { type: "string" },
		"flush-interval": { type: "string" },
	},
	async run(line, io) {
		const [url, namespace, ...names] = positionals(line, ["url", "namespace", "track"], true);
		const out = stringOption(line.values, "out");
		if (out === undefined) throw new UsageError("--out DIR is required");
		const durationMs = optionalSeconds(line.values, "duration");
		const flushMs = optionalSeconds(line.values, "flush-interval") ?? 1000;
		const filter = parseFilter(stringOption(line.values, "filter"));
		const history = flag(line.values, "fetch-history");
		const options = connectOptions(line.values);
		checkUrl(url!);
		await checkEmpty(out);

		const session = await connect(url!, { ...options, signal: io.signal });
		const progress = new Progress(io.stderr, "recorded").start();
		let writer: RecordingWriter | undefined;
		try {
			writer = await RecordingWriter.create(out, { duplicateExtensions: "keep" });
			const log = (text: string) => io.stderr.write(`${text}\n`);
			const recorders = names.map((name) => new TrackRecorder(session, writer!, namespace!, name, progress, log));
			await Promise.all(recorders.map((r) => r.subscribe(filter)));
			io.stderr.write(`recording ${recorders.length} track(s) into ${writer.directory}\n`);

			const stop = stopAfter(io.signal, durationMs);
			const release = onAbort(stop, () => {
				for (const r of recorders) r.stop();
			});
			const finished = new AbortController();
			const flushing = flushLoop(writer, flushMs, finished.signal);
			let results: TrackRecordResult[];
			try {
				results = await Promise.all(recorders.map((r) => r.run(history)));
			} finally {
				release();
				finished.abort();
				await flushing;
			}
			await writer.close();
			progress.stop();
			return report(results, writer, io.stdout, io.stderr, session.draft);
		} finally {
			progress.stop();
			await writer?.close().catch(() => undefined);
			await session.close();
		}
	},
};

/** Flushes every `ms` until `done`; a failed flush stops the loop (the writer then refuses appends). */
async function flushLoop(writer: RecordingWriter, ms: number, done: AbortSignal): Promise<void> {
	while (!done.aborted) {
		await sleep(ms, done);
		if (done.aborted) return;
		try {
			await writer.flush();
		} catch {
			// The next append rejects with the same failure, which ends the recording.
			return;
		}
	}
}

type Out = { write(text: string): unknown };

/** One line per track on stdout, problems on stderr; the exit code. */
function report(
	results: readonly TrackRecordResult[],
	writer: RecordingWriter,
	stdout: Out,
	stderr: Out,
	draft: Parameters<typeof describeEnd>[1],
): number {
	let failed = false;
	for (const r of results) {
		stdout.write(`recorded ${r.label}: ${r.objects} objects, ${formatBytes(r.bytes)}, ${r.groups} groups\n`);
		if (r.historyError !== undefined) stderr.write(`${r.label}: history not fetched: ${r.historyError.message}\n`);
		if (r.end instanceof Error) {
			stderr.write(`${r.label}: the subscription failed: ${r.end.message}\n`);
			failed = true;
		} else if (r.end !== undefined) {
			stderr.write(`${r.label}: ${describeEnd(r.end, draft)}\n`);
			if (endedInFailure(r.end, draft)) failed = true;
		}
	}
	stdout.write(`files: ${writer.metadataFiles.join(", ") || "none (nothing was received)"} in ${writer.directory}\n`);
	return failed ? EXIT_FAILURE : EXIT_OK;
}
