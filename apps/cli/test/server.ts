/**
 * The MoQT server the end-to-end tests run against: the relay app (`moqt-relay`, apps/relay) when
 * it is in the tree, else the client package's example server (packages/client/examples/serve.ts),
 * or that one when MOQT_CLI_TEST_SERVER=example.
 * Both listen on an ephemeral loopback port with a generated certificate and print the port and
 * the certificate's SHA-256, which is all the tests need.
 *
 * @module
 */

import { existsSync } from "node:fs";
import { join } from "node:path";
import { Child, ROOT } from "./processes.js";

/** A running server. */
export interface TestServer {
	readonly kind: "moqt-relay" | "client example server";
	/** moqt:// URL (raw QUIC). */
	readonly url: string;
	/** The certificate's SHA-256, hex. */
	readonly hash: string;
	/** Connection flags for the CLI. */
	readonly flags: readonly string[];
	readonly child: Child;
	/** Stops it (SIGTERM, then SIGKILL if it lingers) and waits for the exit. */
	stop(): Promise<void>;
}

const RELAY_BIN = join(ROOT, "apps/relay/bin/moqt-relay.mjs");
const EXAMPLE = join(ROOT, "packages/client/examples/serve.ts");

/**
 * Which server {@link startServer} starts (in test titles, so a reader sees what was tested).
 * `MOQT_CLI_TEST_SERVER=example` picks the example server even when the relay app exists.
 */
export const SERVER_KIND: TestServer["kind"] =
	existsSync(RELAY_BIN) && process.env.MOQT_CLI_TEST_SERVER !== "example" ? "moqt-relay" : "client example server";

/** Starts the server on 127.0.0.1 and waits until it listens. */
export async function startServer(): Promise<TestServer> {
	const relay = SERVER_KIND === "moqt-relay";
	const child = relay
		? new Child(
				process.execPath,
				[RELAY_BIN, "--listen", "127.0.0.1:0", "--metrics", "off", "--drain-timeout", "1s"],
				ROOT,
			)
		: new Child(
				process.execPath,
				["--conditions=@moqt/source", "--import", "tsx", EXAMPLE, "0"],
				join(ROOT, "packages/client"),
			);
	const [, port] = (await child.line(/127\.0\.0\.1:(\d+)/)) as [string, string];
	const [, hash] = (await child.line(/sha256 ([0-9a-f]{64})/)) as [string, string];
	const url = `moqt://127.0.0.1:${port}/moq`;
	return {
		kind: SERVER_KIND,
		url,
		hash,
		flags: ["--cert-hash", hash],
		child,
		async stop() {
			child.signal("SIGTERM");
			const timer = setTimeout(() => child.signal("SIGKILL"), 5_000);
			await child.exited;
			clearTimeout(timer);
		},
	};
}
