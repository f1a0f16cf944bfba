/**
 * The command line and environment of the moq-interop-runner test client interface
 * (TEST-CLIENT-INTERFACE.md): `-r/--relay`, `-t/--test`, `-l/--list`, `-v/--verbose`,
 * `--tls-disable-verify`, and `RELAY_URL`, `TESTCASE`, `TLS_DISABLE_VERIFY`, `VERBOSE`.
 * "Environment variables take precedence over command-line defaults but not over explicit
 * command-line arguments": an option given on the command line wins, then the variable, then the
 * default.
 *
 * Our additions, outside the interface: `--draft` / `MOQT_DRAFT` pins the drafts offered, and
 * `--data-flow` / `MOQT_DATA_FLOW` adds the data-flow cases of "Future Test Cases" to the run and
 * to `--list` (without it both stay exactly the standard list the runner expects).
 *
 * @module
 */

import { parseArgs } from "node:util";
import { DRAFTS, type Draft } from "@moqt/wire";

/** The interface's default relay. */
export const DEFAULT_RELAY = "https://localhost:4443";

/** What the client was asked to do. */
export interface ClientOptions {
	readonly relay: string;
	/** One case by name, or undefined for every case of the run. */
	readonly test: string | undefined;
	readonly list: boolean;
	readonly verbose: boolean;
	readonly tlsDisableVerify: boolean;
	/** The drafts offered, most preferred first. */
	readonly drafts: readonly Draft[];
	/** True when the drafts were pinned (`--draft` or `MOQT_DRAFT`) rather than all offered. */
	readonly draftsPinned: boolean;
	readonly dataFlow: boolean;
	readonly help: boolean;
	readonly version: boolean;
}

/** A command line that cannot be run: `unsupported` ones exit 127, the others 1. */
export class OptionsError extends Error {
	readonly unsupported: boolean;

	constructor(message: string, unsupported = false) {
		super(message);
		this.name = "OptionsError";
		this.unsupported = unsupported;
	}
}

/** The usage text of `--help`. */
export const USAGE = `Usage: moq-test-client [OPTIONS]

Options:
  -r, --relay <URL>           Relay URL (default: ${DEFAULT_RELAY}); env RELAY_URL
                              https:// is WebTransport over HTTP/3, moqt:// raw QUIC
  -t, --test <NAME>           Run specific test (omit to run all); env TESTCASE
  -l, --list                  List available tests
  -v, --verbose               Verbose output (on stderr); env VERBOSE=1
      --tls-disable-verify    Disable TLS certificate verification; env TLS_DISABLE_VERIFY=1
      --draft <N[,N...]>      Offer only these drafts (14, 16, 18, 19; "draft-16" works too);
                              env MOQT_DRAFT. Default: all, the relay picks
      --data-flow             Also run and list the data-flow cases (single-object,
                              single-group, multiple-groups, late-subscriber); env MOQT_DATA_FLOW=1
  -h, --help                  Show this help
      --version               Show the client's version

Exit codes: 0 all requested tests passed, 1 a test failed, 127 test or option not supported.
`;

type Env = Readonly<Record<string, string | undefined>>;

/** Reads the command line (`argv` without node and the script) and the environment. */
export function parseOptions(argv: readonly string[], env: Env): ClientOptions {
	let parsed: ReturnType<typeof parseCommandLine>;
	try {
		parsed = parseCommandLine(argv);
	} catch (error) {
		throw new OptionsError((error as Error).message);
	}
	const { values, positionals } = parsed;
	if (positionals.length > 0) throw new OptionsError(`unexpected argument ${positionals[0]}`);
	const relay = values.relay ?? nonEmpty(env.RELAY_URL) ?? DEFAULT_RELAY;
	const draftText = values.draft ?? nonEmpty(env.MOQT_DRAFT);
	return {
		relay,
		test: values.test ?? nonEmpty(env.TESTCASE),
		list: values.list === true,
		verbose: values.verbose === true || flag(env.VERBOSE),
		tlsDisableVerify: values["tls-disable-verify"] === true || flag(env.TLS_DISABLE_VERIFY),
		drafts: draftText === undefined ? [...DRAFTS].reverse() : parseDrafts(draftText),
		draftsPinned: draftText !== undefined,
		dataFlow: values["data-flow"] === true || flag(env.MOQT_DATA_FLOW),
		help: values.help === true,
		version: values.version === true,
	};
}

function parseCommandLine(argv: readonly string[]) {
	return parseArgs({
		args: [...argv],
		strict: true,
		allowPositionals: true,
		options: {
			relay: { type: "string", short: "r" },
			test: { type: "string", short: "t" },
			list: { type: "boolean", short: "l" },
			verbose: { type: "boolean", short: "v" },
			"tls-disable-verify": { type: "boolean" },
			draft: { type: "string" },
			"data-flow": { type: "boolean" },
			help: { type: "boolean", short: "h" },
			version: { type: "boolean" },
		},
	});
}

// An empty variable counts as unset, as a container template often leaves them.
function nonEmpty(value: string | undefined): string | undefined {
	return value === undefined || value === "" ? undefined : value;
}

// The interface says "Set to 1"; "true" and "yes" are accepted as well.
function flag(value: string | undefined): boolean {
	return value !== undefined && ["1", "true", "yes"].includes(value.toLowerCase());
}

/** Throws an OptionsError unless `relay` is an https:// or moqt:// URL (checked only when tests run). */
export function checkRelay(relay: string): void {
	let url: URL;
	try {
		url = new URL(relay);
	} catch {
		throw new OptionsError(`invalid relay URL ${relay}`);
	}
	if (url.protocol !== "https:" && url.protocol !== "moqt:") {
		throw new OptionsError(`unsupported relay URL scheme ${url.protocol} (https:// or moqt://)`, true);
	}
}

/** "19", "draft-16", "18,14": the drafts in the order given, each once. */
export function parseDrafts(text: string): Draft[] {
	const drafts: Draft[] = [];
	for (const item of text.split(",")) {
		const match = /^\s*(?:draft-)?(\d+)\s*$/i.exec(item);
		const draft = match === null ? Number.NaN : Number(match[1]);
		if (!(DRAFTS as readonly number[]).includes(draft)) {
			throw new OptionsError(`unsupported draft "${item.trim()}" (supported: ${DRAFTS.join(", ")})`, true);
		}
		if (!drafts.includes(draft as Draft)) drafts.push(draft as Draft);
	}
	return drafts;
}
