/**
 * The benchmark's child processes: started here, and every one of them ended here by its own
 * PID, also when the run fails or is interrupted (no process outlives the benchmark).
 *
 * @module
 */

import { type ChildProcess, fork, type Serializable } from "node:child_process";

const children = new Set<ChildProcess>();

function killAll(): void {
	for (const child of children) {
		if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
			try {
				process.kill(child.pid, "SIGKILL");
			} catch {
				// Gone already.
			}
		}
	}
}

process.on("exit", killAll);
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
	process.on(signal, () => {
		killAll();
		process.exit(130);
	});
}

/** Registers a child so that it is killed if the benchmark ends without stopping it. */
export function adopt(child: ChildProcess): ChildProcess {
	children.add(child);
	child.once("exit", () => children.delete(child));
	return child;
}

/** The flags that run TypeScript sources of the workspace. */
export const TS_EXEC_ARGV = ["--conditions=@moqt/source", "--import", import.meta.resolve("tsx")];

/** Forks a bench module (TypeScript) with an IPC channel. */
export function forkModule(path: string, args: readonly string[] = [], execArgv: readonly string[] = []): ChildProcess {
	const stdio = ["ignore", "inherit", "inherit", "ipc"] as const;
	return adopt(fork(path, [...args], { execArgv: [...TS_EXEC_ARGV, ...execArgv], stdio: [...stdio] }));
}

/** Resolves with the child's first message `accept` returns a value for; rejects on an "error" message, exit or timeout. */
export function waitFor<M extends { readonly type: string }, T>(
	child: ChildProcess,
	what: string,
	accept: (message: M) => T | undefined,
	timeoutMs: number,
): Promise<T> {
	return new Promise((resolve, reject) => {
		const done = () => {
			clearTimeout(timer);
			child.off("message", onMessage);
			child.off("exit", onExit);
		};
		const onMessage = (message: M) => {
			if (message.type === "error") {
				done();
				reject(new Error(`${what}: ${(message as unknown as { message: string }).message}`));
				return;
			}
			const value = accept(message);
			if (value === undefined) return;
			done();
			resolve(value);
		};
		const onExit = (code: number | null) => {
			done();
			reject(new Error(`${what}: the process exited (${code}) first`));
		};
		const timer = setTimeout(() => {
			done();
			reject(new Error(`${what}: no answer in ${timeoutMs} ms`));
		}, timeoutMs);
		child.on("message", onMessage);
		child.once("exit", onExit);
	});
}

/** Sends `message` (if the channel is open). */
export function tell(child: ChildProcess, message: Serializable): void {
	if (child.connected) child.send(message);
}

/** Asks a child to stop (`message`, else SIGTERM); kills it by PID after `timeoutMs`. */
export async function stop(child: ChildProcess, message: Serializable | undefined, timeoutMs: number): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise((resolve) => child.once("exit", resolve));
	if (message !== undefined && child.connected) child.send(message);
	else if (child.pid !== undefined) process.kill(child.pid, "SIGTERM");
	const timer = setTimeout(() => {
		if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, "SIGKILL");
	}, timeoutMs);
	await exited;
	clearTimeout(timer);
}
