/**
 * `moqt fetch`: a Standalone FETCH of past objects (draft-ietf-moq-transport-19 §10.12), printed
 * like `sub` prints live ones.
 *
 * @module
 */

import { connect, type LocationLike } from "@moqt/client";
import { type CliLocation, flag, location, positionals, stringOption, UsageError } from "../args.js";
import { type Command, EXIT_FAILURE, EXIT_OK } from "../command.js";
import { CONNECTION_HELP, CONNECTION_OPTIONS, checkUrl, connectOptions } from "../connection.js";
import { ObjectPrinter } from "../output/object-printer.js";
import { onAbort } from "../stop.js";

function toLocation(l: CliLocation): LocationLike {
	return l.object === undefined ? { group: l.group } : { group: l.group, object: l.object };
}

/** The `fetch` command. */
export const fetchCommand: Command = {
	name: "fetch",
	summary: "fetch past objects of a track and print them",
	help: `Usage: moqt fetch <url> <namespace> <track> --start G[:O] [--end G[:O]] [options]

Fetches the objects of <track> from --start to --end (inclusive; a group without :O means the
whole group; without --end, up to the largest object the publisher has) and prints them as sub
does. Objects come from the publisher's or the relay's cache.

Options:
  --start G[:O]        the first object (object 0 when :O is left out)
  --end G[:O]          the last object, inclusive
  --json               one JSON object per line

${CONNECTION_HELP}`,
	options: {
		...CONNECTION_OPTIONS,
		start: { type: "string" },
		end: { type: "string" },
		json: { type: "boolean" },
	},
	async run(line, io) {
		const [url, namespace, track] = positionals(line, ["url", "namespace", "track"]);
		const startText = stringOption(line.values, "start");
		if (startText === undefined) throw new UsageError("--start G[:O] is required");
		const start = location(startText, "--start");
		const endText = stringOption(line.values, "end");
		const end = endText === undefined ? undefined : location(endText, "--end");
		// An end without an object stands for its whole group, so only an explicit one can be early.
		const early =
			end !== undefined &&
			(end.group < start.group ||
				(end.group === start.group && end.object !== undefined && end.object < (start.object ?? 0n)));
		if (early) {
			throw new UsageError(`--end ${endText} comes before --start ${startText}`);
		}
		const options = connectOptions(line.values);
		checkUrl(url!);

		const session = await connect(url!, { ...options, signal: io.signal });
		try {
			const fetch = await session.fetch(namespace!, track!, {
				start: toLocation(start),
				...(end !== undefined && { end: toLocation(end) }),
			});
			const printer = new ObjectPrinter(io, flag(line.values, "json"));
			const release = onAbort(io.signal, () => fetch.cancel());
			try {
				for await (const object of fetch) printer.print(object);
			} finally {
				release();
				io.stderr.write(`${printer.finish()}\n`);
			}
			const failure = await fetch.done;
			if (failure !== undefined) {
				io.stderr.write(`moqt fetch: the fetch failed: ${failure.message}\n`);
				return EXIT_FAILURE;
			}
			return EXIT_OK;
		} finally {
			await session.close();
		}
	},
};
