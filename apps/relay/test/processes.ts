/**
 * Running the app's commands as child processes in tests: output collected line by line, waits
 * for a line, and the exit. Every child is started here and ended here by its own PID.
 *
 * @module
 */

import { type ChildProcess, spawn } from "node:child_process";

/** A child process and what it printed. */
export class Child {
	readonly process: ChildProcess;
	readonly stdout: string[] = [];
	readonly stderr: string[] = [];
	readonly exited: Promise<{ readonly code: number | null; readonly signal: NodeJS.Signals | null }>;
	readonly #waiters: { readonly test: RegExp; readonly resolve: (m: RegExpMatchArray) => void }[] = [];

	constructor(command: string, args: readonly string[], cwd: string, shell = false) {
		this.process = spawn(command, args, { cwd, shell, stdio: ["ignore", "pipe", "pipe"] });
		this.exited = new Promise((resolve) => this.process.once("exit", (code, signal) => resolve({ code, signal })));
		this.#collect(this.process.stdout!, this.stdout);
		this.#collect(this.process.stderr!, this.stderr);
	}

	/** Resolves with the match of the first output line (either stream) that matches `test`. */
	line(test: RegExp): Promise<RegExpMatchArray> {
		for (const line of [...this.stdout, ...this.stderr]) {
			const m = line.match(test);
			if (m !== null) return Promise.resolve(m);
		}
		return new Promise((resolve, reject) => {
			this.#waiters.push({ test, resolve });
			void this.exited.then(({ code }) =>
				reject(new Error(`exited (${code}) before printing ${test}:\n${[...this.stdout, ...this.stderr].join("\n")}`)),
			);
		});
	}

	/** Sends `signal` to this child (if it still runs). */
	signal(signal: NodeJS.Signals): void {
		if (this.process.exitCode === null && this.process.pid !== undefined) process.kill(this.process.pid, signal);
	}

	#collect(stream: NodeJS.ReadableStream, lines: string[]): void {
		let rest = "";
		stream.setEncoding("utf8");
		stream.on("data", (chunk: string) => {
			const parts = (rest + chunk).split("\n");
			rest = parts.pop() ?? "";
			for (const line of parts) {
				lines.push(line);
				for (const waiter of [...this.#waiters]) {
					const m = line.match(waiter.test);
					if (m === null) continue;
					this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
					waiter.resolve(m);
				}
			}
		});
	}
}
