/**
 * RESULTS.md: one section per adapter, each with the machine and date it was measured on, so
 * that running one adapter replaces its own section and leaves the others alone.
 *
 * @module
 */

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, platform, release, totalmem } from "node:os";

/** One row of an adapter's table. */
export interface Row {
	readonly metric: string;
	readonly value: string;
}

const HEADER = `# Transport benchmarks

Written by \`pnpm bench\` (\`bench/run.ts\`); do not edit the adapter sections by hand. Each adapter
runs its server in a child process and its client in the main one, over 127.0.0.1. Throughput is
wall-clock and includes both processes' CPU (they share the machine). Bulk writes are 64 KiB;
small writes are 100 B, each awaited; round trips are 100 B echoed on one stream; RSS is the growth
per idle session after a garbage collection, with all sessions open at once. On a small shared
machine the figures move between runs (up to about 2× for throughput, when other work competes
for the cores): compare adapters measured on the same day and machine.

Run one adapter with \`pnpm bench <name>\` (a file in \`bench/adapters/\`), all with \`pnpm bench\`,
and a smoke test with \`--quick\` (smaller sizes; does not write this file).
`;

/** A description of this machine and run. */
export function machine(): string {
	const cpu = cpus();
	const memory = (totalmem() / 1024 ** 3).toFixed(1);
	return `${cpu.length} × ${cpu[0]?.model.trim() ?? "unknown CPU"}, ${memory} GiB RAM, ${platform()} ${release()}, Node.js ${process.version}`;
}

/** Replaces (or adds) the section of adapter `name` in the file at `path`. */
export function writeSection(path: string, name: string, description: string, rows: readonly Row[]): void {
	const begin = `<!-- adapter:${name} -->`;
	const end = `<!-- /adapter:${name} -->`;
	const table = rows.map((row) => `| ${row.metric} | ${row.value} |`).join("\n");
	const section = `${begin}
## ${name}

${description}

Measured ${new Date().toISOString().slice(0, 10)} on ${machine()}.

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
