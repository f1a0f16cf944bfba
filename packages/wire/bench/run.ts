/**
 * The wire benchmark: `npx --yes pnpm@10 --filter @moqt/wire bench`.
 *
 * Measures, on one core, encode and decode rates of the main control messages and the parse rate
 * of subgroup streams, for this codec and for `@moq/net` 0.3.4 in the same run, prints the tables
 * and writes them to bench/RESULTS.md with the machine and the date. `BENCH_ROUND_MS` and
 * `BENCH_ROUNDS` tune the timing (see harness.ts).
 */

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { type ControlRow, controlRows } from "./control.js";
import { DEFAULT_MEASURE, machine, rate } from "./harness.js";
import { loadMoqNet, type MoqNet } from "./moq-net.js";
import { CHUNK, OBJECTS, type ObjectRow, objectRows } from "./objects.js";

/** The targets the codec is held to. */
const TARGETS = {
	subscribePairs: 1e6, // SUBSCRIBE encode + decode pairs per second
	objects100: 3e6, // objects per second at 100 B
	bytes4k: 1e9, // payload bytes per second at 4 KiB
};

const ratio = (a: number | undefined, b: number | undefined) =>
	a === undefined || b === undefined ? "—" : `${(a / b).toFixed(1)}×`;
const pair = (r: { encode: number; decode: number }) => 1 / (1 / r.encode + 1 / r.decode);

function controlTable(rows: readonly ControlRow[]): string[] {
	const out = [
		"| message | draft | bytes (ours / @moq/net) | encode/s ours | decode/s ours | encode+decode pairs/s ours | encode/s @moq/net | decode/s @moq/net | encode ratio | decode ratio |",
		"|---|---|---|---|---|---|---|---|---|---|",
	];
	for (const r of rows) {
		const o = r.ours;
		const t = r.theirs;
		out.push(
			`| ${r.message} | ${r.draft} | ${o?.bytes ?? "—"} / ${t?.bytes ?? "—"} | ${o ? rate(o.encode) : "—"} | ${o ? rate(o.decode) : "—"} | ${o ? rate(pair(o)) : "—"} | ${t ? rate(t.encode) : "—"} | ${t ? rate(t.decode) : "—"} | ${ratio(o?.encode, t?.encode)} | ${ratio(o?.decode, t?.decode)} |`,
		);
	}
	const notes = rows.filter((r) => r.note !== undefined).map((r) => `- ${r.message}, draft-${r.draft}: ${r.note}`);
	return notes.length > 0 ? [...out, "", ...notes] : out;
}

function objectTable(rows: readonly ObjectRow[]): string[] {
	const out = [
		"| draft | payload | decode objects/s | decode payload MB/s | encode objects/s | encode payload MB/s | @moq/net decode objects/s | @moq/net MB/s | decode ratio |",
		"|---|---|---|---|---|---|---|---|---|",
	];
	const mb = (objects: number, size: number) => ((objects * size) / 1e6).toFixed(0);
	for (const r of rows) {
		out.push(
			`| ${r.draft} | ${r.size} B | ${rate(r.decode)} | ${mb(r.decode, r.size)} | ${rate(r.encode)} | ${mb(r.encode, r.size)} | ${r.theirsDecode === undefined ? "—" : rate(r.theirsDecode)} | ${r.theirsDecode === undefined ? "—" : mb(r.theirsDecode, r.size)} | ${ratio(r.decode, r.theirsDecode)} |`,
		);
	}
	const notes = rows.filter((r) => r.note !== undefined).map((r) => `- draft-${r.draft}, ${r.size} B: ${r.note}`);
	return notes.length > 0 ? [...out, "", ...notes] : out;
}

function targets(control: readonly ControlRow[], objects: readonly ObjectRow[]): string[] {
	const lines: string[] = [];
	const check = (label: string, value: number | undefined, target: number, unit: (n: number) => string) => {
		if (value === undefined) lines.push(`- ${label}: not measured`);
		else lines.push(`- ${label}: ${unit(value)} (target ${unit(target)}) ${value >= target ? "✓" : "✗ below target"}`);
	};
	for (const r of control.filter((c) => c.message === "SUBSCRIBE")) {
		check(`SUBSCRIBE encode+decode pairs/s, draft-${r.draft}`, r.ours && pair(r.ours), TARGETS.subscribePairs, rate);
	}
	for (const r of objects) {
		if (r.size === 100) check(`objects/s at 100 B, draft-${r.draft}`, r.decode, TARGETS.objects100, rate);
		else
			check(
				`payload bytes/s at 4 KiB, draft-${r.draft}`,
				r.decode * r.size,
				TARGETS.bytes4k,
				(n) => `${(n / 1e9).toFixed(2)} GB/s`,
			);
	}
	return lines;
}

async function main(): Promise<void> {
	const m = machine();
	const loaded = await loadMoqNet();
	const net: MoqNet | undefined = typeof loaded === "string" ? undefined : loaded;
	if (typeof loaded === "string") console.warn(loaded);
	console.log(`${m.cpu}, ${m.cores} cores, Node ${m.node}`);
	console.log("control messages…");
	const control = await controlRows(net);
	console.log("subgroup streams…");
	const objects = await objectRows(net);
	const date = new Date().toISOString().slice(0, 10);
	const report = [
		"# @moqt/wire benchmark results",
		"",
		`Written by \`bench/run.ts\` on ${date}. Machine: ${m.cpu} (${m.cores} cores visible, one used), Node ${m.node};`,
		`load average ${m.load.toFixed(1)} when the run started (the machine is shared: other load lowers every figure).`,
		`Each figure is the best of ${DEFAULT_MEASURE.rounds} rounds of ${DEFAULT_MEASURE.roundMs} ms after a warm-up.`,
		`Compared with @moq/net ${net?.version ?? "(not loaded)"}, whose codec is asynchronous over WHATWG streams.`,
		"",
		"## Control messages",
		"",
		"Framed messages (type, length, body). Our sample is the message's first accept golden vector;",
		"@moq/net's is the nearest message its classes build (byte sizes shown). A pair is one encode plus one decode.",
		"",
		...controlTable(control),
		"",
		"## Subgroup streams",
		"",
		`One SUBGROUP_HEADER and ${OBJECTS} objects fed to a fresh decoder in ${CHUNK}-byte chunks, then FIN;`,
		"a payload cut by a chunk boundary is assembled (copied once), the others are views.",
		"Encode writes the same stream into a reused Writer.",
		"",
		...objectTable(objects),
		"",
		"## Targets",
		"",
		...targets(control, objects),
		"",
	].join("\n");
	console.log(`\n${report}`);
	writeFileSync(join(import.meta.dirname, "RESULTS.md"), report);
}

await main();
