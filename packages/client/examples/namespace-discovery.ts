/**
 * Lists the namespaces published under "example" as they come and go.
 *
 *   node --conditions=@moqt/source --import tsx examples/namespace-discovery.ts <url> [--hash=…] [--count=<n>]
 *
 * Stops after `--count` announcements, or on Ctrl-C.
 */

import { connect, namespaceText } from "@moqt/client";
import { parseArgs } from "./args.js";

const args = parseArgs("namespace-discovery.ts");
await using session = await connect(args.url, args.connect);
await using watch = await session.subscribeNamespace("example");

let seen = 0;
for await (const announcement of watch) {
	console.log(`${announcement.kind} ${namespaceText(announcement.namespace)}`);
	if (++seen === args.count) break;
}
