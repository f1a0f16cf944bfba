/**
 * RESULTS.md: the machine (CPU from /proc/cpuinfo, Node.js, load average) and the figures. The
 * benchmark rewrites only what lies between its markers (`<!-- name -->` … `<!-- /name -->`), so
 * notes written around them survive a new run.
 *
 * @module
 */

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, platform, release } from "node:os";

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

/** The 1, 5 and 15 minute load averages. */
export function load(): string {
	return loadavg()
		.map((l) => l.toFixed(2))
		.join(" ");
}

/** The machine, without its load. */
export function machine(): string {
	return `${cpu()}, ${platform()} ${release()}, Node.js ${process.version}`;
}

/** Replaces the text between the markers named `name` in the file at `path` (adds the block at the end if absent). */
export function writeBlock(path: string, name: string, body: string, header: string): void {
	const begin = `<!-- ${name} -->`;
	const end = `<!-- /${name} -->`;
	const block = `${begin}\n${body.trim()}\n${end}`;
	const text = existsSync(path) ? readFileSync(path, "utf8") : header;
	const start = text.indexOf(begin);
	const stop = text.indexOf(end);
	const next =
		start >= 0 && stop > start
			? text.slice(0, start) + block + text.slice(stop + end.length)
			: `${text.trimEnd()}\n\n${block}\n`;
	writeFileSync(path, next);
}

/** A Markdown table. */
export function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
	const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
	return [line(head), line(head.map(() => "---")), ...rows.map(line)].join("\n");
}
