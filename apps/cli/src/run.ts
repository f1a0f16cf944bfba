/**
 * Dispatching a command line to its command: `moqt <command> [arguments]`, `--help` anywhere,
 * and the exit codes (0 ok, 1 failure, 2 usage). Errors are printed as one line on stderr; the
 * stack only with `MOQT_DEBUG=1`.
 *
 * @module
 */

import { parseLine, UsageError } from "./args.js";
import { type Command, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type Io } from "./command.js";
import { COMMANDS } from "./commands/index.js";

/** The top-level help. */
export function mainHelp(): string {
	const width = Math.max(...COMMANDS.map((c) => c.name.length));
	const list = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join("\n");
	return `Usage: moqt <command> [arguments] [options]

Media over QUIC Transport (drafts 14, 16, 18, 19) from the command line.

Commands:
${list}

"moqt <command> --help" describes a command. URLs are moqt://host:port/path (raw QUIC) or
https://host:port/path (WebTransport). Exit codes: 0 ok, 1 failure, 2 usage error.
`;
}

/** Runs one command line; resolves with the exit code (never rejects). */
export async function run(argv: readonly string[], io: Io): Promise<number> {
	const [name, ...rest] = argv;
	if (name === undefined || name === "--help" || name === "-h" || name === "help") {
		(name === undefined ? io.stderr : io.stdout).write(mainHelp());
		return name === undefined ? EXIT_USAGE : EXIT_OK;
	}
	const command = COMMANDS.find((c) => c.name === name);
	if (command === undefined) {
		io.stderr.write(`moqt: unknown command "${name}"\n\n${mainHelp()}`);
		return EXIT_USAGE;
	}
	if (rest.includes("--help") || rest.includes("-h")) {
		io.stdout.write(`${command.help}\n`);
		return EXIT_OK;
	}
	return runCommand(command, rest, io);
}

async function runCommand(command: Command, argv: readonly string[], io: Io): Promise<number> {
	try {
		return await command.run(parseLine(argv, command.options), io);
	} catch (error) {
		if (error instanceof UsageError) {
			io.stderr.write(`moqt ${command.name}: ${error.message}\n${usageLine(command)}\n`);
			return EXIT_USAGE;
		}
		io.stderr.write(`moqt ${command.name}: ${describe(error)}\n`);
		return EXIT_FAILURE;
	}
}

/** The first line of a command's help, and where to find the rest. */
function usageLine(command: Command): string {
	return `${command.help.split("\n", 1)[0]}\n(moqt ${command.name} --help for more)`;
}

/** One line for an error: its message (and cause), or its stack with MOQT_DEBUG=1. */
export function describe(error: unknown): string {
	if (!(error instanceof Error)) return String(error);
	if (process.env.MOQT_DEBUG === "1") return error.stack ?? error.message;
	const cause = error.cause instanceof Error ? ` (${error.cause.message})` : "";
	return `${error.message}${cause}`;
}
