#!/usr/bin/env node
// The moqt command: runs the TypeScript source with tsx and the @moqt/source export condition, so
// the workspace needs no build step. The command finishes cleanly on the first SIGINT/SIGTERM and
// exits on the second, so each signal must reach it once: SIGTERM and SIGHUP are passed on, and
// so is SIGINT unless a terminal is attached (Ctrl-C then reaches the whole process group, the
// child included, and passing it on would count twice).
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const main = fileURLToPath(new URL("../src/main.ts", import.meta.url));
const tsx = import.meta.resolve("tsx");
const child = spawn(process.execPath, ["--conditions=@moqt/source", "--import", tsx, main, ...process.argv.slice(2)], {
	stdio: "inherit",
});
const terminal = process.stdin.isTTY || process.stdout.isTTY || process.stderr.isTTY;
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
	process.on(signal, () => {
		if (signal !== "SIGINT" || !terminal) child.kill(signal);
	});
}
child.on("exit", (code, signal) => process.exit(code ?? (signal === null ? 1 : 128)));
