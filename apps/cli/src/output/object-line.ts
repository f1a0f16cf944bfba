/**
 * How `sub` and `fetch` print an object: one line of text for people, or one JSON object per line
 * (`--json`) for programs. The payload is shown as text when it is printable UTF-8, otherwise
 * only its size (text) or its base64 (JSON). Latency appears when the object carries the
 * send-time property (see `clock.ts`).
 *
 * @module
 */

import { ObjectStatus, type TrackObject } from "@moqt/client";

/** Longest payload text shown on a text line; longer text is cut with an ellipsis. */
const MAX_TEXT = 200;

const STATUS_NAMES: Record<number, string> = {
	[ObjectStatus.NORMAL]: "normal",
	[ObjectStatus.DOES_NOT_EXIST]: "does-not-exist",
	[ObjectStatus.END_OF_GROUP]: "end-of-group",
	[ObjectStatus.END_OF_TRACK]: "end-of-track",
};

const strict = new TextDecoder("utf-8", { fatal: true });

/** The payload as text when it is valid UTF-8 without control characters (tabs allowed); else undefined. */
export function printableText(payload: Uint8Array): string | undefined {
	let text: string;
	try {
		text = strict.decode(payload);
	} catch {
		return undefined;
	}
	// C0 controls but tab, DEL and C1 controls would garble a terminal.
	// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
	return /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/.test(text) ? undefined : text;
}

/** The name of an Object Status, or its number. */
export function statusName(status: number): string {
	return STATUS_NAMES[status] ?? `status-${status}`;
}

/** A human-readable line for one object. */
export function objectLine(o: TrackObject, latency: number | undefined): string {
	const where = `group ${o.group} ${o.subgroup === undefined ? "datagram" : `subgroup ${o.subgroup}`} object ${o.object}`;
	const parts = [where];
	if (o.status !== ObjectStatus.NORMAL) parts.push(statusName(o.status));
	parts.push(`size ${o.payload.length}`);
	if (latency !== undefined) parts.push(`latency ${latency.toFixed(2)} ms`);
	let line = parts.join(" ");
	if (o.payload.length > 0) {
		const text = printableText(o.payload);
		if (text !== undefined) line += `: ${text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text}`;
	}
	return line;
}

/** A bigint as a JSON number when exact, else as a decimal string. */
function jsonInteger(value: bigint): number | string {
	return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
}

/** The JSON form of one object (`--json`): one line, payload as text or base64. */
export function objectJson(o: TrackObject, latency: number | undefined): string {
	const text = printableText(o.payload);
	return JSON.stringify({
		group: jsonInteger(o.group),
		subgroup: o.subgroup === undefined ? null : jsonInteger(o.subgroup),
		object: jsonInteger(o.object),
		status: statusName(o.status),
		priority: o.priority ?? null,
		forwarding: o.forwarding,
		size: o.payload.length,
		...(latency !== undefined && { latencyMs: latency }),
		properties: o.properties.map((p) => ({
			type: jsonInteger(p.type),
			...(typeof p.value === "bigint"
				? { value: jsonInteger(p.value) }
				: { base64: Buffer.from(p.value).toString("base64") }),
		})),
		...(text !== undefined ? { text } : { base64: Buffer.from(o.payload).toString("base64") }),
	});
}
