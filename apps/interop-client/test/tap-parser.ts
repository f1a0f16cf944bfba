/**
 * A small TAP version 14 parser for the tests (testanything.org/tap-version-14-specification),
 * strict about what the interop runner relies on: the version line first, one plan (before the
 * test points, or after them all), test points numbered 1..N in order and as many as the plan
 * says (unless the run bailed out), YAML blocks indented two spaces right after their test point,
 * and no line it does not understand. Subtests are not produced by the client and are refused.
 *
 * @module
 */

/** A YAML diagnostic value as the client writes them: flat scalars. */
export type YamlValue = string | number | boolean | null;

export interface TestPoint {
	readonly ok: boolean;
	readonly number: number;
	readonly description: string;
	/** "SKIP" or "TODO" with its reason, when the point has a directive. */
	readonly directive: { readonly kind: "SKIP" | "TODO"; readonly reason: string } | undefined;
	readonly yaml: Readonly<Record<string, YamlValue>> | undefined;
}

export interface TapDocument {
	readonly plan: { readonly count: number; readonly skipReason: string | undefined };
	readonly points: readonly TestPoint[];
	/** The comment lines, without "# ". */
	readonly comments: readonly string[];
	/** The `Bail out!` reason, if the run bailed out. */
	readonly bailOut: string | undefined;
}

/** Thrown for a document that is not valid TAP 14 (of the shape the client writes). */
export class TapError extends Error {
	constructor(line: number, message: string) {
		super(`TAP line ${line}: ${message}`);
		this.name = "TapError";
	}
}

const PLAN = /^1\.\.(\d+)(?:\s*#\s*(?:SKIP\S*)\s*(.*))?$/i;
const POINT = /^(not ok|ok)\b(?:\s+(\d+))?(?:\s*-)?\s*((?:[^#\\]|\\.)*?)\s*(?:#\s*(SKIP|TODO)\S*\s*(.*))?$/i;

/** Parses `text` (the client's stdout); throws a TapError where it is not valid. */
export function parseTap(text: string): TapDocument {
	const lines = text.split("\n");
	if (lines.at(-1) === "") lines.pop();
	if (lines[0] !== "TAP version 14")
		throw new TapError(1, `expected "TAP version 14", got ${JSON.stringify(lines[0])}`);
	let plan: TapDocument["plan"] | undefined;
	let planAfterPoints = false;
	const points: TestPoint[] = [];
	const comments: string[] = [];
	let bailOut: string | undefined;
	for (let i = 1; i < lines.length; i++) {
		const line = lines[i] ?? "";
		const at = i + 1;
		if (bailOut !== undefined) throw new TapError(at, "output after Bail out!");
		if (line.startsWith("#")) {
			comments.push(line.replace(/^#\s?/, ""));
			continue;
		}
		if (line.trim() === "") continue;
		const planMatch = PLAN.exec(line);
		if (planMatch !== null) {
			if (plan !== undefined) throw new TapError(at, "a second plan");
			plan = { count: Number(planMatch[1]), skipReason: planMatch[2] };
			planAfterPoints = points.length > 0;
			continue;
		}
		if (line.startsWith("Bail out!")) {
			bailOut = line.slice("Bail out!".length).trim();
			continue;
		}
		const pointMatch = POINT.exec(line);
		if (pointMatch !== null) {
			if (planAfterPoints) throw new TapError(at, "a test point after a trailing plan");
			const number = pointMatch[2] === undefined ? points.length + 1 : Number(pointMatch[2]);
			if (number !== points.length + 1) throw new TapError(at, `test point ${number} out of order`);
			const kind = pointMatch[4]?.toUpperCase() as "SKIP" | "TODO" | undefined;
			let yaml: Record<string, YamlValue> | undefined;
			if (lines[i + 1] === "  ---") {
				const block = readYaml(lines, i + 2);
				yaml = block.values;
				i = block.end;
			}
			points.push({
				ok: pointMatch[1]?.toLowerCase() === "ok",
				number,
				description: unescapeDescription(pointMatch[3] ?? ""),
				directive: kind === undefined ? undefined : { kind, reason: pointMatch[5] ?? "" },
				yaml,
			});
			continue;
		}
		if (/^\s/.test(line)) throw new TapError(at, `unexpected indented line (a subtest or a stray YAML line): ${line}`);
		throw new TapError(at, `not a TAP line: ${line}`);
	}
	if (plan === undefined) throw new TapError(lines.length, "no plan");
	if (bailOut === undefined && points.length !== plan.count) {
		throw new TapError(lines.length, `the plan says ${plan.count} test points, there are ${points.length}`);
	}
	return { plan, points, comments, bailOut };
}

// Reads "  key: value" lines up to "  ..." from `start`; returns the values and the index of "  ...".
function readYaml(lines: readonly string[], start: number): { values: Record<string, YamlValue>; end: number } {
	const values: Record<string, YamlValue> = {};
	for (let i = start; i < lines.length; i++) {
		const line = lines[i] ?? "";
		if (line === "  ...") return { values, end: i };
		const match = /^ {2}([A-Za-z_][A-Za-z0-9_]*): (.+)$/.exec(line);
		if (match === null) throw new TapError(i + 1, `not a YAML line of the block: ${JSON.stringify(line)}`);
		const key = match[1] ?? "";
		if (key in values) throw new TapError(i + 1, `duplicate YAML key ${key}`);
		values[key] = scalar(match[2] ?? "", i + 1);
	}
	throw new TapError(lines.length, "a YAML block without its closing '  ...'");
}

// The YAML scalars the client writes: double-quoted (JSON) strings, numbers, booleans, plain words.
function scalar(text: string, line: number): YamlValue {
	if (text.startsWith('"')) {
		try {
			return JSON.parse(text) as string;
		} catch {
			throw new TapError(line, `bad quoted string ${text}`);
		}
	}
	if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
	if (text === "true" || text === "false") return text === "true";
	if (text === "null" || text === "~") return null;
	if (/^[\s'&*!|>%@`{[]/.test(text) || /:\s|\s#/.test(text)) throw new TapError(line, `not a plain scalar: ${text}`);
	return text;
}

function unescapeDescription(text: string): string {
	return text.replace(/\\(.)/g, "$1");
}
