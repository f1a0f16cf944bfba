/**
 * An in-memory {@link Io} for running commands inside the test process.
 *
 * @module
 */

import { Readable } from "node:stream";
import type { Io, TextOut } from "../src/command.js";

/** A text sink that keeps what was written. */
export class Capture implements TextOut {
	text = "";
	readonly isTTY: boolean;

	constructor(isTTY = false) {
		this.isTTY = isTTY;
	}

	write(text: string): boolean {
		this.text += text;
		return true;
	}
}

/** An Io with captured output, empty stdin and a signal that is never aborted. */
export function memoryIo(): Io & { readonly stdout: Capture; readonly stderr: Capture } {
	return {
		stdout: new Capture(),
		stderr: new Capture(),
		stdin: Readable.from([]),
		signal: new AbortController().signal,
	};
}
