/**
 * How `inspect` prints a recording's summary (`inspectRecording` of `@moqt/file-format/node`):
 * a text report for people, or one JSON document (`--json`) with IDs as decimal strings.
 *
 * @module
 */

import type { IdRange, TrackSummary } from "@moqt/file-format";
import type { RecordingInspection } from "@moqt/file-format/node";
import { fieldText, trackText } from "./names.js";
import { statusName } from "./object-line.js";
import { formatBytes } from "./progress.js";

/** A namespace and track name as "a/b/c/name" (see `names.ts`). */
export function trackLabel(t: Pick<TrackSummary, "trackNamespace" | "trackName">): string {
	return trackText(t.trackNamespace, t.trackName);
}

/** ID ranges as "3, 5-7" ("none" when empty). */
export function rangesText(ranges: readonly IdRange[]): string {
	if (ranges.length === 0) return "none";
	return ranges.map((r) => (r.first === r.last ? `${r.first}` : `${r.first}-${r.last}`)).join(", ");
}

function seconds(ms: number | undefined): string {
	return ms === undefined ? "unknown (no receive times)" : `${(ms / 1000).toFixed(3)} s`;
}

/** The text report. */
export function inspectionText(r: RecordingInspection): string {
	const lines = [
		`recording ${r.directory}`,
		`  ${r.tracks.length} tracks, ${r.objects} objects, ${formatBytes(r.bytes)} (${r.bytes} bytes), duration ${seconds(r.durationMs)}`,
	];
	for (const t of r.tracks) {
		const missingObjects = t.missingObjects.map((g) => `group ${g.group}: ${rangesText(g.missing)}`).join("; ");
		lines.push(
			`track ${trackLabel(t)}`,
			`  objects ${t.objects}, groups ${t.groups} (${t.firstGroup}-${t.lastGroup}), ${formatBytes(t.bytes)} (${t.bytes} bytes), duration ${seconds(t.durationMs)}`,
			`  missing groups: ${rangesText(t.missingGroups)}`,
			`  missing objects: ${missingObjects === "" ? "none" : missingObjects}`,
			`  duplicates: ${t.duplicates}`,
			`  statuses: ${t.statuses.map((s) => `${s.status === undefined ? "unrecorded" : statusName(s.status)} ${s.count}`).join(", ")}`,
		);
	}
	lines.push("files");
	for (const f of r.files) {
		let line = `  ${f.file}: ${f.entries} entries`;
		if (f.truncation !== undefined) {
			line += `; recovered after a cut (${f.truncation.reason}, ${f.truncation.droppedChars} characters dropped)`;
		}
		if (f.error !== undefined) line += `; ERROR ${f.error.message}`;
		lines.push(line);
	}
	return `${lines.join("\n")}\n`;
}

/** The JSON document: the inspection with bigints as decimal strings and errors as messages. */
export function inspectionJson(r: RecordingInspection): string {
	return `${JSON.stringify(
		{
			...r,
			tracks: r.tracks.map(({ trackNamespace, trackName, ...rest }) => ({
				namespace: trackNamespace.map(fieldText),
				name: fieldText(trackName),
				...rest,
			})),
			files: r.files.map((f) => ({ ...f, error: f.error === undefined ? undefined : f.error.message })),
		},
		(_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value),
		2,
	)}\n`;
}
