#!/usr/bin/env node
// The moq-test-client command: runs the TypeScript source with tsx and the @moqt/source export
// condition, so the workspace needs no build step. The exit code is the client's.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const main = fileURLToPath(new URL("../src/main.ts", import.meta.url));
const tsx = import.meta.resolve("tsx");
const child = spawn(process.execPath, ["--conditions=@moqt/source", "--import", tsx, main, ...process.argv.slice(2)], {
	stdio: "inherit",
});
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal === null ? 1 : 128)));
