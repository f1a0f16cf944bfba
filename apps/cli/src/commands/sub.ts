/**
 * `moqt sub`: subscribes to a track and prints its objects until a count, a duration, the end of
 * the track or Ctrl-C.
 *
 * @module
 */

import { connect, type FilterLike } from "@moqt/client";
import { flag, optionalInteger, optionalSeconds, positionals, stringOption, UsageError } from "../args.js";
import { type Command, EXIT_FAILURE, EXIT_OK } from "../command.js";
import { CONNECTION_HELP, CONNECTION_OPTIONS, checkUrl, connectOptions } from "../connection.js";
import { ObjectPrinter } from "../output/object-printer.js";
import { onAbort, stopAfter } from "../stop.js";
import { describeEnd, endedInFailure } from "./subscription-end.js";

const FILTERS: readonly string[] = ["latest-object", "next-group"];

/** Parses `--filter`. */
export function parseFilter(text: string | undefined): FilterLike {
	if (text === undefined) return "latest-object";
	if (!FILTERS.includes(text)) throw new UsageError(`--filter: "${text}" is not one of ${FILTERS.join(", ")}`);
	return text as FilterLike;
}

/** The `sub` command. */
export const subCommand: Command = {
	name: "sub",
	summary: "subscribe to a track and print its objects",
	help: `Usage: moqt sub <url> <namespace> <track> [options]

Subscribes to <track> in <namespace> ("a/b/c") and prints one line per object: group, subgroup,
object, size, the latency when the object carries a send-time property (as pub adds), and the
payload when it is printable text. Ends after --count objects, after --duration, when the
publisher ends the track, or on Ctrl-C.

Options:
  --count N            stop after N objects
  --duration S         stop after S seconds
  --filter F           latest-object (default: from the next object) or next-group
  --json               one JSON object per line (IDs, status, priority, properties, payload)

${CONNECTION_HELP}`,
	options: {
		...CONNECTION_OPTIONS,
		count: { type: "string" },
		duration: { type: "string" },
		filter: { type: "string" },
		json: { type: "boolean" },
	},
	async run(line, io) {
		const [url, namespace, track] = positionals(line, ["url", "namespace", "track"]);
		const count = optionalInteger(line.values, "count", 1);
		const durationMs = optionalSeconds(line.values, "duration");
		const filter = parseFilter(stringOption(line.values, "filter"));
		const options = connectOptions(line.values);
		checkUrl(url!);

		const session = await connect(url!, { ...options, signal: io.signal });
		try {
			const subscription = await session.subscribe(namespace!, track!, { filter });
			const printer = new ObjectPrinter(io, flag(line.values, "json"));
			const stop = stopAfter(io.signal, durationMs);
			const release = onAbort(stop, () => subscription.unsubscribe());
			try {
				for await (const object of subscription) {
					printer.print(object);
					if (printer.count === count) break;
				}
			} finally {
				release();
				io.stderr.write(`${printer.finish()}\n`);
			}
			const end = await subscription.done;
			if (end instanceof Error) {
				io.stderr.write(`moqt sub: the subscription failed: ${end.message}\n`);
				return EXIT_FAILURE;
			}
			if (end === undefined) return EXIT_OK;
			io.stderr.write(`${describeEnd(end, session.draft)}\n`);
			return endedInFailure(end, session.draft) ? EXIT_FAILURE : EXIT_OK;
		} finally {
			await session.close();
		}
	},
};
