/**
 * Child processes for the end-to-end tests: the `moqt` CLI and the server, with their output
 * collected line by line, waits for a line, and the exit. Every child is started here and ended
 * by its own PID (`stopAll`), never by name.
 *
 * @module
 */

import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The app's directory. */
export const APP = fileURLToPath(new URL("..", import.meta.url));
/** The repository root. */
export const ROOT = fileURLToPath(new URL("../../..", import.meta.url));

const running = new Set<Child>();

/** A child process and what it printed. */
export class Child {
	readonly process: ChildProcess;
	readonly stdout: string[] = [];
	readonly stderr: string[] = [];
	readonly exited: Promise<{ readonly code: number | null; readonly signal: NodeJS.Signals | null }>;
	readonly #waiters: { readonly test: RegExp; readonly resolve: (m: RegExpMatchArray) => void }[] = [];

	constructor(command: string, args: readonly string[], cwd: string, stdin: "ignore" | "pipe" = "ignore") {
		this.process = spawn(command, args, { cwd, stdio: [stdin, "pipe", "pipe"] });
		running.add(this);
		this.exited = new Promise((resolve) =>
			this.process.once("exit", (code, signal) => {
				running.delete(this);
				resolve({ code, signal });
			}),
		);
		this.#collect(this.process.stdout!, this.stdout);
		this.#collect(this.process.stderr!, this.stderr);
	}

	/** Everything printed, stdout then stderr. */
	get output(): string {
		return [...this.stdout, "--- stderr ---", ...this.stderr].join("\n");
	}

	/** Resolves with the match of the first output line (either stream) matching `test`; rejects if the child exits first. */
	line(test: RegExp): Promise<RegExpMatchArray> {
		for (const line of [...this.stdout, ...this.stderr]) {
			const m = line.match(test);
			if (m !== null) return Promise.resolve(m);
		}
		return this.nextLine(test);
	}

	/** Like {@link Child.line}, for lines printed from now on only. */
	nextLine(test: RegExp): Promise<RegExpMatchArray> {
		return new Promise((resolve, reject) => {
			this.#waiters.push({ test, resolve });
			void this.exited.then(({ code }) =>
				reject(new Error(`exited (${code}) before printing ${test}:\n${this.output}`)),
			);
		});
	}

	/** Resolves with the exit code once the child has exited and its output is read. */
	async code(): Promise<number | null> {
		const { code } = await this.exited;
		// "exit" can come before the pipes are drained; "close" comes after both.
		if (this.process.stdout?.readableEnded === false || this.process.stderr?.readableEnded === false) {
			await new Promise((resolve) => this.process.once("close", resolve));
		}
		return code;
	}

	/** Sends `signal` to this child, if it still runs. */
	signal(signal: NodeJS.Signals): void {
		if (this.process.exitCode === null && this.process.signalCode === null && this.process.pid !== undefined) {
			process.kill(this.process.pid, signal);
		}
	}

	#collect(stream: NodeJS.ReadableStream, lines: string[]): void {
		let rest = "";
		stream.setEncoding("utf8");
		stream.on("data", (chunk: string) => {
			const parts = (rest + chunk).split("\n");
			rest = parts.pop() ?? "";
			for (const line of parts) this.#line(line, lines);
		});
		stream.on("end", () => {
			if (rest !== "") this.#line(rest, lines);
		});
	}

	#line(line: string, lines: string[]): void {
		lines.push(line);
		for (const waiter of [...this.#waiters]) {
			const m = line.match(waiter.test);
			if (m === null) continue;
			this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
			waiter.resolve(m);
		}
	}
}

/** Runs `moqt <args>` from the TypeScript source (as bin/moqt.mjs does, without its extra process). */
export function moqt(args: readonly string[], stdin: "ignore" | "pipe" = "ignore"): Child {
	return new Child(
		process.execPath,
		["--conditions=@moqt/source", "--import", "tsx", "src/main.ts", ...args],
		APP,
		stdin,
	);
}

/** Kills every child still running (SIGKILL, by PID) and waits for them. */
export async function stopAll(): Promise<void> {
	const children = [...running];
	for (const child of children) child.signal("SIGKILL");
	await Promise.all(children.map((child) => child.exited));
}
