/**
 * What every command is: a name, its help, its option table and a `run` that returns the exit
 * code. Commands write through {@link Io} rather than `process` so that `main` owns the process
 * (signals, exit) and the formatting code can be tested on plain streams.
 *
 * @module
 */

import type { OptionTable, ParsedLine } from "./args.js";

/** A writable text stream; `isTTY` decides whether progress is shown. */
export interface TextOut {
	write(text: string): unknown;
	readonly isTTY?: boolean;
}

/** The process as a command sees it. */
export interface Io {
	/** Results: objects, summaries (one line each, or JSON lines). */
	readonly stdout: TextOut;
	/** Diagnostics and, on a terminal, progress. */
	readonly stderr: TextOut;
	/** Input, for `pub --stdin`. */
	readonly stdin: NodeJS.ReadableStream;
	/** Aborted on the first SIGINT or SIGTERM: finish cleanly. */
	readonly signal: AbortSignal;
}

/** Exit codes: success, a failure at run time, a usage error. */
export const EXIT_OK = 0;
/** A failure at run time (connection refused, request rejected, bad recording...). */
export const EXIT_FAILURE = 1;
/** The command line was wrong. */
export const EXIT_USAGE = 2;

/** One `moqt` command. */
export interface Command {
	/** The word after `moqt`. */
	readonly name: string;
	/** One line for the command list. */
	readonly summary: string;
	/** The full `--help` text. */
	readonly help: string;
	/** Options besides `--help`, which every command takes. */
	readonly options: OptionTable;
	/**
	 * Runs the command. Throws a UsageError for a command line it cannot accept (before doing
	 * anything), or anything else for a failure; otherwise resolves with the exit code.
	 */
	run(line: ParsedLine, io: Io): Promise<number>;
}
