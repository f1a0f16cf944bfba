/**
 * `moq-test-client`: the moq-interop-runner test client for our MoQT stack
 * (TEST-CLIENT-INTERFACE.md). TAP version 14 on stdout; verbose output on stderr; exit code 0
 * when every test requested passed, 1 when one failed (or the command line is wrong), 127 when
 * the test, the URL scheme or the draft asked for is not supported.
 *
 * ```sh
 * moq-test-client -r moqt://127.0.0.1:4443 --tls-disable-verify [-t announce-only] [--draft 16]
 * RELAY_URL=https://relay:4443 TESTCASE=setup-only TLS_DISABLE_VERIFY=1 moq-test-client
 * ```
 *
 * @module
 */

import { DATA_FLOW_CASES, findCase, STANDARD_CASES } from "./cases/index.js";
import type { TestCase } from "./cases/types.js";
import { type ClientOptions, checkRelay, OptionsError, parseOptions, USAGE } from "./options.js";
import { run } from "./runner.js";
import { TapWriter } from "./tap.js";
import { CLIENT_NAME, CLIENT_VERSION } from "./version.js";

const NOT_SUPPORTED = 127;

async function main(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
	let options: ClientOptions;
	try {
		options = parseOptions(argv, env);
	} catch (error) {
		if (!(error instanceof OptionsError)) throw error;
		process.stderr.write(`${CLIENT_NAME}: ${error.message}\n\n${USAGE}`);
		return error.unsupported ? NOT_SUPPORTED : 1;
	}
	if (options.help) {
		process.stdout.write(USAGE);
		return 0;
	}
	if (options.version) {
		process.stdout.write(`${CLIENT_NAME} ${CLIENT_VERSION}\n`);
		return 0;
	}
	const available = options.dataFlow ? [...STANDARD_CASES, ...DATA_FLOW_CASES] : STANDARD_CASES;
	if (options.list) {
		// One identifier a line, not TAP (TEST-CLIENT-INTERFACE.md "List Output").
		process.stdout.write(available.map((c) => `${c.name}\n`).join(""));
		return 0;
	}
	let cases: readonly TestCase[] = available;
	if (options.test !== undefined) {
		const found = findCase(options.test);
		if (found === undefined) {
			process.stderr.write(`${CLIENT_NAME}: test "${options.test}" is not supported by this client\n`);
			return NOT_SUPPORTED;
		}
		cases = [found];
	}
	try {
		checkRelay(options.relay);
	} catch (error) {
		if (!(error instanceof OptionsError)) throw error;
		process.stderr.write(`${CLIENT_NAME}: ${error.message}\n`);
		return error.unsupported ? NOT_SUPPORTED : 1;
	}
	const log = options.verbose ? (line: string) => void process.stderr.write(`${line}\n`) : () => undefined;
	const tap = new TapWriter((line) => void process.stdout.write(`${line}\n`));
	return run(
		{
			cases,
			relay: options.relay,
			draftsPinned: options.draftsPinned,
			env: { target: { relay: options.relay, drafts: options.drafts, insecure: options.tlsDisableVerify }, log },
		},
		tap,
	);
}

// Sets the exit code and lets the process end by itself: a session's CONNECTION_CLOSE goes out
// on the event loop's next turn after `close()` resolves, and `process.exit` now would lose it,
// leaving the relay to find out by idle timeout (and route the next run's subscribers to a
// publisher that is gone). Sockets no longer hold the process once their session ended; the
// unref'd timer only ends a process that something else would keep alive.
const EXIT_GRACE_MS = 3000;

function exit(code: number): void {
	process.exitCode = code;
	setTimeout(() => process.exit(code), EXIT_GRACE_MS).unref();
}

main(process.argv.slice(2), process.env).then(exit, (error: unknown) => {
	process.stderr.write(`${CLIENT_NAME}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	exit(1);
});
