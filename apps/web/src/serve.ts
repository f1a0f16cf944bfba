/**
 * Runs the browser demo: a MoQT relay, the rooms' clock and the page, on 127.0.0.1, and prints
 * the URL to open. From the repository root:
 *
 * ```sh
 * node --conditions=@moqt/source --import tsx apps/web/src/serve.ts [--port 8080] [--relay-port 4443] [--log-level info]
 * ```
 *
 * Open the URL in a Chromium-based browser (WebTransport with `serverCertificateHashes`), then
 * "open another participant" for a second tab. Ctrl-C stops it.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { LOG_LEVELS, type LogLevel } from "@moqt/relay";
import { startDemoServer } from "./server/demo-server.js";

const USAGE = `usage: serve.ts [--port N] [--relay-port N] [--log-level ${LOG_LEVELS.join("|")}]

  --port N         the page's HTTP port (default: any free one)
  --relay-port N   the relay's UDP port, raw QUIC and WebTransport over HTTP/3 (default: any free one)
  --log-level L    the relay's JSON logs on stderr (default: warn)
`;

function port(value: string | undefined, what: string): number {
	if (value === undefined) return 0;
	const n = Number(value);
	if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${what} must be a port number, not ${value}`);
	return n;
}

// One session's failure must not stop the demo for every other tab: what nothing handled is logged.
// (A relay that tells a session closing at that moment about a namespace does this; see the README.)
process.on("unhandledRejection", (reason) => {
	console.error(`unhandled: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`);
});

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			port: { type: "string" },
			"relay-port": { type: "string" },
			"log-level": { type: "string" },
			help: { type: "boolean", short: "h" },
		},
	});
	if (values.help === true) {
		process.stdout.write(USAGE);
		return;
	}
	const level = values["log-level"] ?? "warn";
	if (!(LOG_LEVELS as readonly string[]).includes(level)) throw new Error(`unknown log level ${level}`);
	const server = await startDemoServer({
		httpPort: port(values.port, "--port"),
		relayPort: port(values["relay-port"], "--relay-port"),
		logLevel: level as LogLevel,
		log: (line) => console.log(line),
	});
	console.log(`MoQT demo: open ${server.url}`);
	console.log(`  a second participant: ${server.url}?name=bob (any number of tabs; ?room=NAME for another room)`);
	console.log(`  relay ${server.relayUrl} (WebTransport) and ${server.quicUrl} (raw QUIC)`);
	console.log(`  certificate sha256 ${server.certificateSha256}`);
	console.log("Ctrl-C stops it.");
	let stopping = false;
	for (const signal of ["SIGINT", "SIGTERM"] as const) {
		process.on(signal, () => {
			if (stopping) process.exit(1);
			stopping = true;
			server.close().then(
				() => process.exit(0),
				() => process.exit(1),
			);
		});
	}
}

main().catch((error: unknown) => {
	process.stderr.write(`serve.ts: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
	process.exit(1);
});
