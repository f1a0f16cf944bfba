/**
 * `moqt`: a command-line client of Media over QUIC Transport (drafts 14, 16, 18 and 19):
 *
 * ```sh
 * moqt sub <url> <namespace> <track>          # print a track's objects
 * moqt pub <url> <namespace> <track>          # publish generated objects or stdin lines
 * moqt fetch <url> <namespace> <track> --start G[:O]
 * moqt record <url> <namespace> <track...> --out DIR
 * moqt play <recording> <url>
 * moqt inspect <recording>
 * moqt bench <url>
 * ```
 *
 * Exit codes: 0 success, 1 failure, 2 usage error. The first SIGINT or SIGTERM asks the command
 * to finish cleanly (a recording is flushed and closed); a second one exits at once.
 *
 * @module
 */

import { run } from "./run.js";

const controller = new AbortController();
let signals = 0;
for (const name of ["SIGINT", "SIGTERM"] as const) {
	process.on(name, () => {
		if (++signals > 1) process.exit(130);
		controller.abort(new Error(`stopped by ${name}`));
	});
}

// A reader that goes away (`moqt sub … | head`) is a reason to stop, not a crash.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
	if (error.code !== "EPIPE") throw error;
	controller.abort(new Error("stdout closed"));
});

const code = await run(process.argv.slice(2), {
	stdout: process.stdout,
	stderr: process.stderr,
	stdin: process.stdin,
	signal: controller.signal,
});
// Sessions and sockets are closed by now; exiting does not wait for stragglers (a pending DNS
// lookup, a peer that never answers a close) and makes the exit code the command's.
await flushed(process.stdout);
process.exit(code);

/** Resolves once what was written to `stream` has been handed to the OS. */
function flushed(stream: NodeJS.WriteStream): Promise<void> {
	return new Promise((resolve) => stream.write("", () => resolve()));
}
