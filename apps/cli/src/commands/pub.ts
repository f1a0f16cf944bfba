/**
 * `moqt pub`: announces a namespace and publishes a track to whoever subscribes (a relay, or a
 * peer directly): generated objects at a steady rate, or the lines of stdin. Every object carries
 * the send-time property, so `moqt sub` shows latency.
 *
 * @module
 */

import { createInterface } from "node:readline";
import { connect, ObjectStatus, type Track } from "@moqt/client";
import {
	decimal,
	flag,
	integerOption,
	type OptionValues,
	optionalInteger,
	positionals,
	stringOption,
} from "../args.js";
import { sentAtProperty } from "../clock.js";
import { type Command, EXIT_OK, type Io } from "../command.js";
import { CONNECTION_HELP, CONNECTION_OPTIONS, checkUrl, connectOptions } from "../connection.js";
import { formatBytes, Progress } from "../output/progress.js";
import {
	announce,
	finishPublishing,
	PUBLISHER_OPTIONS,
	parseProperties,
	publisherHelp,
	publisherSettings,
	waitForSubscribers,
} from "../publishing.js";
import { onAbort, sleep } from "../stop.js";

const encoder = new TextEncoder();

/** A generated payload: "G/O time", padded with dots or cut to `size` bytes when given. */
export function generatedPayload(
	group: bigint,
	object: bigint,
	size: number | undefined,
	now = new Date(),
): Uint8Array {
	const text = encoder.encode(`${group}/${object} ${now.toISOString()}`);
	if (size === undefined || size === text.length) return text;
	const out = new Uint8Array(size).fill(0x2e);
	out.set(text.subarray(0, size));
	return out;
}

/** What to publish and how fast. */
interface PubPlan {
	readonly rate: number;
	readonly size: number | undefined;
	readonly groups: number | undefined;
	readonly perGroup: number;
	readonly firstGroup: number;
	readonly stdin: boolean;
	readonly endOfGroup: boolean;
	readonly properties: ReturnType<typeof parseProperties>;
}

function plan(values: OptionValues): PubPlan {
	const stdin = flag(values, "stdin");
	const rate = stringOption(values, "rate");
	return {
		rate: rate === undefined ? 10 : decimal(rate, "--rate", 0, true),
		size: optionalInteger(values, "size"),
		groups: optionalInteger(values, "groups", 1),
		perGroup: integerOption(values, "objects-per-group", stdin ? 1 : 10, 1),
		firstGroup: integerOption(values, "first-group", 0, 0),
		stdin,
		endOfGroup: flag(values, "end-of-group"),
		properties: parseProperties(values),
	};
}

/** The lines of stdin, ending at EOF or when `stop` aborts. */
async function* stdinLines(io: Io, stop: AbortSignal): AsyncGenerator<Uint8Array> {
	const lines = createInterface({ input: io.stdin, crlfDelay: Number.POSITIVE_INFINITY });
	const release = onAbort(stop, () => lines.close());
	try {
		for await (const line of lines) yield encoder.encode(line);
	} finally {
		release();
		lines.close();
	}
}

/** Ticks at `rate` per second (0: unpaced) until `stop`: each is one generated object to send. */
async function* ticks(rate: number, stop: AbortSignal): AsyncGenerator<undefined> {
	const start = performance.now();
	for (let n = 0; !stop.aborted; n++) {
		// An absolute schedule: a slow write does not push every later object back.
		if (rate > 0) await sleep(start + (n * 1000) / rate - performance.now(), stop);
		if (stop.aborted) return;
		yield undefined;
	}
}

/** The `pub` command. */
export const pubCommand: Command = {
	name: "pub",
	summary: "publish generated objects or stdin lines on a track",
	help: `Usage: moqt pub <url> <namespace> <track> [options]

Announces <namespace> and publishes <track> to every subscriber: generated objects ("G/O time",
or --size bytes) at --rate per second, or with --stdin one object per input line. Every object
carries the send-time property 0x7A (microseconds since the epoch), which sub turns into latency.
Prints one line per group on stdout. Ends after --groups groups, at the end of stdin, or on
Ctrl-C, ending the track (PUBLISH_DONE).

Options:
  --rate HZ            objects per second (default 10; 0: as fast as the subscribers take them)
  --size BYTES         payload size of generated objects (default: the text alone)
  --groups N           stop after N groups (default: no limit)
  --objects-per-group N  objects per group (default 10; 1 with --stdin)
  --stdin              publish stdin, one object per line (--rate and --size do not apply)
  --priority P         publisher priority, 0 (highest) to 255 (default 128)
  --property TYPE=VALUE  an extra property on every object (repeatable; even TYPE: integer,
                       odd TYPE: text)
  --end-of-group       close each group with an End of Group status object
  --first-group N      the first Group ID (default 0); publishing a track again through a relay
                       that still caches it needs Group IDs above the cached ones
${publisherHelp(0)}

${CONNECTION_HELP}`,
	options: {
		...CONNECTION_OPTIONS,
		...PUBLISHER_OPTIONS,
		rate: { type: "string" },
		size: { type: "string" },
		groups: { type: "string" },
		"objects-per-group": { type: "string" },
		stdin: { type: "boolean" },
		priority: { type: "string" },
		property: { type: "string", multiple: true },
		"end-of-group": { type: "boolean" },
		"first-group": { type: "string" },
	},
	async run(line, io) {
		const [url, namespace, name] = positionals(line, ["url", "namespace", "track"]);
		const p = plan(line.values);
		const settings = publisherSettings(line.values, 0);
		const priority = integerOption(line.values, "priority", 128, 0, 255);
		const options = connectOptions(line.values);
		checkUrl(url!);

		const session = await connect(url!, { ...options, signal: io.signal });
		const track = session.track(namespace!, name!, { priority, cache: { groups: settings.cacheGroups } });
		let announced: Awaited<ReturnType<typeof announce>> = [];
		const progress = new Progress(io.stderr, "published").start();
		try {
			announced = await announce(session, [track]);
			io.stderr.write(`publishing ${namespace}/${name} over ${session.transport}, draft-${session.draft}\n`);
			if (!(await waitForSubscribers([track], settings.waitSubscribers, io.signal))) return EXIT_OK;
			await publish(track, p, io, progress);
		} finally {
			progress.stop();
			io.stderr.write(
				`published ${progress.objects} objects, ${formatBytes(progress.bytes)}, ${progress.groups} groups\n`,
			);
			await finishPublishing(session, [track], announced, settings.lingerMs);
		}
		return EXIT_OK;
	},
};

async function publish(track: Track, p: PubPlan, io: Io, progress: Progress): Promise<void> {
	const stop = io.signal;
	// Lines from stdin, or ticks standing for generated objects.
	const source: AsyncIterable<Uint8Array | undefined> = p.stdin ? stdinLines(io, stop) : ticks(p.rate, stop);
	let group = track.group(p.firstGroup);
	let inGroup = 0;
	let groupBytes = 0;
	let groups = 0;
	const closeGroup = async () => {
		if (p.endOfGroup) await group.write(new Uint8Array(0), { status: ObjectStatus.END_OF_GROUP });
		await group.end();
		io.stdout.write(`published group ${group.id}: ${inGroup} objects, ${formatBytes(groupBytes)}\n`);
		groups++;
	};
	for await (const line of source) {
		const payload = line ?? generatedPayload(group.id, BigInt(inGroup), p.size);
		await group.write(payload, { properties: [sentAtProperty(), ...p.properties] });
		progress.add(payload.length, group.id);
		inGroup++;
		groupBytes += payload.length;
		if (inGroup < p.perGroup) continue;
		await closeGroup();
		if (groups === p.groups) return;
		group = track.group();
		inGroup = 0;
		groupBytes = 0;
	}
	if (inGroup > 0) await closeGroup();
}
