/**
 * RESULTS.md: one section per transport, each stamped with the date and the machine it was
 * measured on (CPU from /proc/cpuinfo, Node.js version, load average), so that running one
 * transport replaces its own section and leaves the others alone.
 *
 * @module
 */

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, platform, release } from "node:os";

/** One row of a transport's table. */
export interface Row {
	readonly metric: string;
	readonly value: string;
}

const HEADER = `# Client benchmark

Written by \`pnpm bench\` (\`bench/run.ts\`); do not edit the sections between the markers by hand.

- **in-process**: both sessions in one process on the in-memory transport: the CPU the MoQT data
  plane costs per 4 KiB object (publisher and subscriber together, with the pair's copy).
- **Transports**: the publisher runs in a child process, the subscriber in the main one, on
  127.0.0.1 of one machine (they share its cores). Each MoQT run is a SUBSCRIBE (draft-19)
  answered with 4 KiB objects on one subgroup stream; each bare run is the same number of 4 KiB
  writes on one stream of a second session of the same transport, without MoQT. After an
  unmeasured warm-up run of each, bulk runs alternate MoQT and bare; throughput is payload bits
  from the request to the last byte (median run, every run listed), and "MoQT / bare" is the
  ratio of the medians (target: overhead under 15 %). CPU per object is both processes' user +
  system time over all bulk runs: on a shared machine it is steadier than throughput.
- **Paced**: 2000 objects/s, each carrying its send time (MoQT object property 0x78, the first 8
  bytes of a bare record); latency is receive time minus send time, both processes reading the
  same system clock, without the first 200 objects; garbage is collected in both processes
  before each paced run (target: p99 under 3 ms).

The figures move between runs when other work shares the machine (see the load averages):
compare transports measured at the same time. Run one section with \`pnpm bench <name>\`, all
with \`pnpm bench\`, a smoke test with \`--quick\` (smaller counts; does not write this file).
`;

/** The CPU as /proc/cpuinfo names it (else as Node.js does), with the count. */
function cpu(): string {
	try {
		const info = readFileSync("/proc/cpuinfo", "utf8");
		const model = /^model name\s*:\s*(.+)$/m.exec(info)?.[1]?.trim();
		const count = info.match(/^processor\s*:/gm)?.length;
		if (model !== undefined && count !== undefined) return `${count} × ${model}`;
	} catch {
		// Not Linux: fall through.
	}
	return `${cpus().length} × ${cpus()[0]?.model.trim() ?? "unknown CPU"}`;
}

/** The machine and its load now. */
export function machine(): string {
	const load = loadavg()
		.map((l) => l.toFixed(2))
		.join(" ");
	return `${cpu()}, ${platform()} ${release()}, Node.js ${process.version}, load average ${load}`;
}

/** Replaces (or adds) the section of transport `name` in the file at `path`. */
export function writeSection(
	path: string,
	name: string,
	description: string,
	before: string,
	rows: readonly Row[],
): void {
	const begin = `<!-- transport:${name} -->`;
	const end = `<!-- /transport:${name} -->`;
	const table = rows.map((row) => `| ${row.metric} | ${row.value} |`).join("\n");
	const date = new Date().toISOString().slice(0, 16).replace("T", " ");
	const load = loadavg()
		.map((l) => l.toFixed(2))
		.join(" ");
	const section = `${begin}
## ${name}

${description}.

Measured ${date} UTC on ${before}; after the runs: load average ${load}.

| Metric | Value |
| --- | --- |
${table}
${end}`;
	const text = existsSync(path) ? readFileSync(path, "utf8") : HEADER;
	const start = text.indexOf(begin);
	const stop = text.indexOf(end);
	const next =
		start >= 0 && stop > start
			? text.slice(0, start) + section + text.slice(stop + end.length)
			: `${text.trimEnd()}\n\n${section}\n`;
	writeFileSync(path, next);
}
