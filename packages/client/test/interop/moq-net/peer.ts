/**
 * The test's handle on one @moq/net child process (child.ts): starts it, sends commands and
 * awaits their answers, keeps its output for failure messages, and kills it (by its own pid), so
 * that a @moq/net session that would keep its process alive can never hang the test run.
 *
 * @module
 */

import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { PeerCertificate, PeerCommands, PeerOp, PeerReady, PeerRequest, PeerResponse } from "./protocol.js";

const CHILD = fileURLToPath(new URL("./child.ts", import.meta.url));

/** A running @moq/net child. */
export class MoqNetPeer {
	readonly #child: ChildProcess;
	readonly #pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
	readonly #exited: Promise<void>;
	#output = "";
	#nextId = 0;

	private constructor(child: ChildProcess) {
		this.#child = child;
		child.stdout?.on("data", (chunk: Buffer) => this.#log(chunk));
		child.stderr?.on("data", (chunk: Buffer) => this.#log(chunk));
		child.on("message", (message: PeerResponse | PeerReady) => {
			if ("ready" in message) return;
			const pending = this.#pending.get(message.id);
			this.#pending.delete(message.id);
			if (message.ok) pending?.resolve(message.result);
			else pending?.reject(new Error(`@moq/net: ${message.error}`));
		});
		this.#exited = new Promise((resolve) => {
			child.once("exit", (code, signal) => {
				for (const pending of this.#pending.values()) {
					pending.reject(new Error(`the @moq/net child exited (${signal ?? code}):\n${this.#output}`));
				}
				this.#pending.clear();
				resolve();
			});
		});
	}

	/** Starts a child; `certificate` is what its server (`listen`) presents. */
	static async start(certificate?: PeerCertificate): Promise<MoqNetPeer> {
		const child = fork(CHILD, [], {
			execArgv: ["--conditions=@moqt/source", "--import", "tsx"],
			env: { ...process.env, MOQ_NET_PEER_CERT: JSON.stringify(certificate ?? null) },
			silent: true,
		});
		const peer = new MoqNetPeer(child);
		await new Promise<void>((resolve, reject) => {
			child.once("message", () => resolve());
			child.once("exit", (code) => reject(new Error(`the @moq/net child did not start (${code}):\n${peer.#output}`)));
		});
		return peer;
	}

	/** What the child printed (its warnings and errors), for diagnostics. */
	get output(): string {
		return this.#output;
	}

	/** Runs a command in the child; rejects with @moq/net's error. */
	call<K extends PeerOp>(op: K, args: PeerCommands[K]["args"]): Promise<PeerCommands[K]["result"]> {
		const id = this.#nextId++;
		const request: PeerRequest<K> = { id, op, args };
		return new Promise((resolve, reject) => {
			this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
			this.#child.send(request);
		});
	}

	/**
	 * Kills the child (by its own pid) and waits for it to exit. Nothing is closed gracefully: a
	 * test closes what it means to test before, and @moq/net may not end its process by itself.
	 */
	async stop(): Promise<void> {
		if (this.#child.exitCode === null && this.#child.signalCode === null) this.#child.kill("SIGKILL");
		await this.#exited;
	}

	async [Symbol.asyncDispose](): Promise<void> {
		await this.stop();
	}

	#log(chunk: Buffer): void {
		// Bounded: keep the last 64 KiB.
		this.#output = (this.#output + chunk.toString()).slice(-65536);
	}
}
