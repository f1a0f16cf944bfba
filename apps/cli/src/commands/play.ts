/**
 * `moqt play`: publishes a recording (draft-jennings-moq-file-05 §5 "Playback"): every recorded
 * track under its own name (or `--rename`d), paced by the recorded receive times or as fast as
 * the peer takes the objects, once or in a loop.
 *
 * @module
 */

import { connect, type Track } from "@moqt/client";
import { type RecordedTrack, RecordingReader } from "@moqt/file-format/node";
import { flag, positionals, stringOption, UsageError } from "../args.js";
import { type Command, EXIT_FAILURE, EXIT_OK } from "../command.js";
import { CONNECTION_HELP, CONNECTION_OPTIONS, checkUrl, connectOptions } from "../connection.js";
import { trackText } from "../output/names.js";
import { formatBytes, Progress } from "../output/progress.js";
import {
	announce,
	finishPublishing,
	PUBLISHER_OPTIONS,
	publisherHelp,
	publisherSettings,
	waitForSubscribers,
} from "../publishing.js";
import { type Pacing, TrackPlayer } from "../recording/track-player.js";
import { sleep } from "../stop.js";

/** Splits `--rename NS/TRACK` at its last "/". */
export function parseRename(text: string): { namespace: string; name: string } {
	const cut = text.lastIndexOf("/");
	if (cut <= 0 || cut === text.length - 1) throw new UsageError(`--rename: expected NAMESPACE/TRACK, got "${text}"`);
	return { namespace: text.slice(0, cut), name: text.slice(cut + 1) };
}

/** Realtime pacing: an object is due `receiveTime - origin` ms after `start`. */
function realtime(origin: number, stop: AbortSignal): Pacing {
	const start = performance.now();
	return {
		until: (t) => (t === undefined ? Promise.resolve() : sleep(start + (t - origin) - performance.now(), stop)),
	};
}

const FAST: Pacing = { until: () => Promise.resolve() };

/** The earliest receive time of the recording's first entries (each track's first file). */
async function origin(reader: RecordingReader, tracks: readonly RecordedTrack[]): Promise<number | undefined> {
	let earliest: number | undefined;
	for (const track of tracks) {
		for await (const o of reader.objects(track)) {
			const t = o.entry.receiveTime;
			if (t !== undefined && (earliest === undefined || t < earliest)) earliest = t;
			break;
		}
	}
	return earliest;
}

/** The `play` command. */
export const playCommand: Command = {
	name: "play",
	summary: "publish a recording, paced as recorded or as fast as possible",
	help: `Usage: moqt play <recording> <url> [options]

Publishes a recording (a directory, or one .moq file) made by "moqt record" or any writer of
draft-jennings-moq-file: announces each track's namespace, waits for subscribers, then sends
every object with its recorded Group/Subgroup/Object IDs, status, priority and properties
(the recorded send-time property included, so latency shown downstream is from the original
send). Ends the tracks when done (PUBLISH_DONE) and prints a summary with the rate.

Options:
  --realtime           pace objects by their recorded receive times (the default)
  --fast               send as fast as the peer takes them
  --loop               start again at the end until Ctrl-C (Group IDs continue upwards)
  --rename NS/TRACK    publish the recording's only track under another name
  --namespace NS       publish every track under namespace NS (names kept)
${publisherHelp(1)}

${CONNECTION_HELP}`,
	options: {
		...CONNECTION_OPTIONS,
		...PUBLISHER_OPTIONS,
		realtime: { type: "boolean" },
		fast: { type: "boolean" },
		loop: { type: "boolean" },
		rename: { type: "string" },
		namespace: { type: "string" },
	},
	async run(line, io) {
		const [path, url] = positionals(line, ["recording", "url"]);
		if (flag(line.values, "realtime") && flag(line.values, "fast")) {
			throw new UsageError("--realtime and --fast exclude each other");
		}
		const fast = flag(line.values, "fast");
		const loop = flag(line.values, "loop");
		const renameText = stringOption(line.values, "rename");
		const rename = renameText === undefined ? undefined : parseRename(renameText);
		const namespace = stringOption(line.values, "namespace");
		if (rename !== undefined && namespace !== undefined)
			throw new UsageError("--rename and --namespace exclude each other");
		if (namespace === "") throw new UsageError("--namespace: empty");
		const settings = publisherSettings(line.values, 1);
		const options = connectOptions(line.values);
		checkUrl(url!);

		const reader = await RecordingReader.open(path!);
		try {
			const recorded = await reader.tracks();
			if (recorded.length === 0) throw new Error(`${path} holds no track`);
			if (rename !== undefined && recorded.length > 1) {
				throw new UsageError(`--rename needs a recording of one track; ${path} has ${recorded.length}`);
			}
			const start = fast ? undefined : await origin(reader, recorded);

			const session = await connect(url!, { ...options, signal: io.signal });
			const progress = new Progress(io.stderr, "played").start();
			const tracks: Track[] = [];
			let announced: Awaited<ReturnType<typeof announce>> = [];
			let warnings = 0;
			const warn = (message: string) => {
				// The first few in full; then only the count, in the summary.
				if (++warnings <= 10) io.stderr.write(`${message}\n`);
			};
			try {
				const players = recorded.map((r) => {
					const track = session.track(rename?.namespace ?? namespace ?? r.trackNamespace, rename?.name ?? r.trackName, {
						cache: { groups: settings.cacheGroups },
					});
					tracks.push(track);
					const label = trackText(track.namespace, track.name);
					return new TrackPlayer({ label, track, reader, recorded: r, draft: session.draft, progress, warn });
				});
				announced = await announce(session, tracks);
				io.stderr.write(
					`playing ${players.map((p) => p.label).join(", ")} over ${session.transport}, draft-${session.draft}\n`,
				);
				if (!(await waitForSubscribers(tracks, settings.waitSubscribers, io.signal))) return EXIT_OK;

				const began = performance.now();
				let skipped = 0;
				const offsets = players.map(() => 0n);
				do {
					const pacing = start === undefined ? FAST : realtime(start, io.signal);
					const passes = await Promise.all(players.map((p, i) => p.pass(pacing, offsets[i]!, io.signal)));
					passes.forEach((pass, i) => {
						skipped += pass.skipped;
						// The next pass continues above this one's groups.
						if (pass.lastGroup !== undefined) offsets[i]! += pass.lastGroup - pass.firstGroup! + 1n;
					});
				} while (loop && !io.signal.aborted);
				const seconds = (performance.now() - began) / 1000;
				progress.stop();
				const rate = seconds > 0 ? Math.round(progress.objects / seconds) : 0;
				io.stdout.write(
					`played ${progress.objects} objects, ${formatBytes(progress.bytes)}, ${progress.groups} groups of ${players.length} track(s) in ${seconds.toFixed(2)} s (${rate} objects/s, ${(progress.bytes / 1e6 / Math.max(seconds, 1e-9)).toFixed(1)} MB/s)\n`,
				);
				if (skipped > 0) io.stderr.write(`${skipped} objects could not be sent as recorded (see above)\n`);
				return skipped > 0 ? EXIT_FAILURE : EXIT_OK;
			} finally {
				progress.stop();
				await finishPublishing(session, tracks, announced, settings.lingerMs);
			}
		} finally {
			await reader.close();
		}
	},
};
