/**
 * TAP version 14 output (testanything.org/tap-version-14-specification), as the interop runner
 * reads it from stdout: the version line, run-level comments, the plan, one test point per case
 * with an optional YAML diagnostic block indented two spaces, and `Bail out!`.
 *
 * @module
 */

/** A YAML diagnostic value: flat scalars only, which is all the runner's fields need. */
export type DiagnosticValue = string | number | boolean;

/** The diagnostics of one test point, in the order they are to be printed. */
export type Diagnostics = Readonly<Record<string, DiagnosticValue>>;

/** Writes TAP lines to a sink (stdout in the command). */
export class TapWriter {
	readonly #write: (line: string) => void;

	constructor(write: (line: string) => void) {
		this.#write = write;
	}

	version(): void {
		this.#write("TAP version 14");
	}

	/** `# text`, one comment line per line of `text`. */
	comment(text: string): void {
		for (const line of text.split("\n")) this.#write(line === "" ? "#" : `# ${line}`);
	}

	plan(count: number): void {
		this.#write(`1..${count}`);
	}

	/** `ok N - name` or `not ok N - name`, a SKIP directive, then the YAML block if any. */
	point(point: {
		readonly number: number;
		readonly ok: boolean;
		readonly name: string;
		readonly skip?: string;
		readonly diagnostics?: Diagnostics;
	}): void {
		const directive = point.skip === undefined ? "" : ` # SKIP ${escapeDescription(point.skip)}`;
		this.#write(`${point.ok ? "ok" : "not ok"} ${point.number} - ${escapeDescription(point.name)}${directive}`);
		const entries = Object.entries(point.diagnostics ?? {});
		if (entries.length === 0) return;
		this.#write("  ---");
		for (const [key, value] of entries) this.#write(`  ${key}: ${yamlScalar(value)}`);
		this.#write("  ...");
	}

	/** `Bail out! reason`: the run stops here, and the harness counts it as failed. */
	bailOut(reason: string): void {
		this.#write(`Bail out! ${oneLine(reason)}`);
	}
}

// TAP 14: "#" starts a directive and "\" escapes, so both are escaped in a description.
function escapeDescription(text: string): string {
	return oneLine(text).replace(/\\/g, "\\\\").replace(/#/g, "\\#");
}

function oneLine(text: string): string {
	return text.replace(/\s*\n\s*/g, " ");
}

// YAML plain scalars that would read back as something other than the string.
const RESERVED = /^(?:true|false|yes|no|on|off|null|~|y|n)$/i;
const WORD = /^[A-Za-z_][A-Za-z0-9_./-]*$/;
// Lowercase hex with a letter (connection IDs) is plain too, unless it reads as a float ("12e34").
const HEX = /^(?=[0-9]*[a-f])[0-9a-f]+$/;
const FLOAT = /^[0-9]+e[0-9]+$/;

/**
 * A YAML scalar for `value`: numbers and booleans as they are, a string plain when it cannot be
 * mistaken for anything else, double-quoted otherwise (a JSON string is a valid YAML one).
 */
export function yamlScalar(value: DiagnosticValue): string {
	if (typeof value === "number" || typeof value === "boolean") return String(value);
	const plain = (WORD.test(value) && !RESERVED.test(value)) || (HEX.test(value) && !FLOAT.test(value));
	return plain ? value : JSON.stringify(value);
}
