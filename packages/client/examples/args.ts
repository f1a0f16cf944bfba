/**
 * The command line every example takes: a server URL, then options.
 *
 *   <url> [--hash=<certificate sha256 hex>] [--draft=<n>] [--count=<n>] [--transport=<name>]
 *
 * `--hash` pins a self-signed certificate (serve.ts prints it); `--draft` offers one draft only;
 * `--count` stops after that many items; `--transport` is `connect`'s transport option.
 */

import type { ConnectOptions, Draft, TransportChoice } from "@moqt/client";

/** The parsed command line. */
export interface ExampleArgs {
	readonly url: string;
	readonly connect: ConnectOptions;
	/** undefined: no limit. */
	readonly count: number | undefined;
}

/** Reads `process.argv`; exits with a usage line when the URL is missing. */
export function parseArgs(usage: string): ExampleArgs {
	const [url, ...rest] = process.argv.slice(2);
	if (url === undefined || url.startsWith("--")) {
		console.error(`usage: ${usage} <url> [--hash=<sha256 hex>] [--draft=<n>] [--count=<n>] [--transport=<name>]`);
		process.exit(2);
	}
	const flags = new Map(rest.map((arg) => arg.replace(/^--/, "").split("=", 2) as [string, string]));
	const hash = flags.get("hash");
	const draft = flags.get("draft");
	const transport = flags.get("transport");
	const count = flags.get("count");
	return {
		url,
		connect: {
			...(hash !== undefined && { certificateHashes: [hash] }),
			...(draft !== undefined && { drafts: [Number(draft) as Draft] }),
			...(transport !== undefined && { transport: transport as TransportChoice }),
			timeout: 10_000,
		},
		count: count === undefined ? undefined : Number(count),
	};
}
