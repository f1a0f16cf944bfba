/**
 * Child processes for the end-to-end tests: the servers the client is tested against and the
 * client itself. Each child is started here and ended here by its own PID; output is collected
 * line by line.
 *
 * - The relay app (`apps/relay`, `moqt-relay`) when it is in the checkout; the client's example
 *   server (`packages/client/examples/serve.ts`) either way. Both listen on 127.0.0.1 with a
 *   certificate generated at start, raw QUIC and HTTP/3 WebTransport on one UDP port.
 * - The client, through its bin (`bin/moq-test-client.mjs`), as the runner would start it.
 *
 * @module
 */

import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const APP = fileURLToPath(new URL("..", import.meta.url));
const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const RELAY_MAIN = `${ROOT}apps/relay/src/main.ts`;
const EXAMPLE_SERVER = `${ROOT}packages/client/examples/serve.ts`;

/** A child process and the lines it printed. */
export class Child {
	readonly process: ChildProcess;
	readonly stdout: string[] = [];
	readonly stderr: string[] = [];
	readonly exited: Promise<number | null>;
	readonly #waiters: { readonly test: RegExp; readonly resolve: (m: RegExpMatchArray) => void }[] = [];

	constructor(args: readonly string[], env: NodeJS.ProcessEnv = process.env) {
		this.process = spawn(process.execPath, args, { cwd: APP, env, stdio: ["ignore", "pipe", "pipe"] });
		this.exited = new Promise((resolve) => this.process.once("exit", (code) => resolve(code)));
		this.#collect(this.process.stdout!, this.stdout);
		this.#collect(this.process.stderr!, this.stderr);
	}

	/** The first line (either stream) matching `test`; rejects if the process exits first. */
	line(test: RegExp): Promise<RegExpMatchArray> {
		for (const line of [...this.stdout, ...this.stderr]) {
			const m = line.match(test);
			if (m !== null) return Promise.resolve(m);
		}
		return new Promise((resolve, reject) => {
			this.#waiters.push({ test, resolve });
			void this.exited.then((code) =>
				reject(new Error(`exited (${code}) before printing ${test}:\n${[...this.stdout, ...this.stderr].join("\n")}`)),
			);
		});
	}

	/** Ends the process (SIGTERM, then SIGKILL if it is still there after `graceMs`). */
	async stop(graceMs = 5000): Promise<void> {
		const pid = this.process.pid;
		if (pid === undefined || this.process.exitCode !== null || this.process.signalCode !== null) return;
		process.kill(pid, "SIGTERM");
		const timer = setTimeout(() => {
			if (this.process.exitCode === null && this.process.signalCode === null) process.kill(pid, "SIGKILL");
		}, graceMs);
		await this.exited;
		clearTimeout(timer);
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

/** A server under test: where it listens (raw QUIC and HTTP/3 on one UDP port). */
export interface Server {
	readonly name: string;
	readonly port: number;
	readonly child: Child;
}

/**
 * Starts the relay app on 127.0.0.1 (an ephemeral port, a generated certificate, no metrics). Its
 * source is run as its bin runs it, but without the bin's wrapper process, so that the PID ended
 * in `stop` is the relay's own.
 */
export async function startRelayApp(): Promise<Server> {
	const child = new Child([
		"--conditions=@moqt/source",
		"--import",
		"tsx",
		RELAY_MAIN,
		...["--listen", "127.0.0.1:0", "--metrics", "off", "--drain-timeout", "1s"],
	]);
	const [, port] = (await child.line(/listening on udp 127\.0\.0\.1:(\d+)/)) as [string, string];
	return { name: "moqt-relay", port: Number(port), child };
}

/** Starts the client's example server on 127.0.0.1. */
export async function startExampleServer(): Promise<Server> {
	const child = new Child(["--conditions=@moqt/source", "--import", "tsx", EXAMPLE_SERVER, "0"]);
	const [, port] = (await child.line(/^moqt:\/\/127\.0\.0\.1:(\d+)\//)) as [string, string];
	return { name: "example server", port: Number(port), child };
}

/** What a run of the client printed, and its exit code. */
export interface ClientRun {
	readonly code: number | null;
	readonly stdout: string;
	readonly stderr: string;
}

/**
 * Runs the client with `args` and the environment `env` added to ours, minus the client's own
 * variables (so that the caller's shell cannot change a test).
 */
export async function runClient(args: readonly string[], env: Record<string, string> = {}): Promise<ClientRun> {
	const base = { ...process.env };
	for (const name of ["RELAY_URL", "TESTCASE", "TLS_DISABLE_VERIFY", "VERBOSE", "MOQT_DRAFT", "MOQT_DATA_FLOW"]) {
		delete base[name];
	}
	const child = new Child(["bin/moq-test-client.mjs", ...args], { ...base, ...env });
	const code = await child.exited;
	// "exit" can precede the end of the output streams.
	await Promise.all([streamEnd(child.process.stdout), streamEnd(child.process.stderr)]);
	return { code, stdout: `${child.stdout.join("\n")}\n`, stderr: child.stderr.join("\n") };
}

function streamEnd(stream: NodeJS.ReadableStream | null): Promise<void> {
	if (stream === null || (stream as { readableEnded?: boolean }).readableEnded) return Promise.resolve();
	return new Promise((resolve) => stream.once("end", () => resolve()));
}
