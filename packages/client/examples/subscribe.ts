/**
 * Subscribes to the clock of publish.ts and prints each object as it arrives.
 *
 *   node --conditions=@moqt/source --import tsx examples/subscribe.ts <url> [--hash=…] [--count=<objects>]
 *
 * Stops after `--count` objects or when the publisher ends the track.
 */

import { connect, text } from "@moqt/client";
import { parseArgs } from "./args.js";

const args = parseArgs("subscribe.ts");
await using session = await connect(args.url, args.connect);
console.log(`connected over ${session.transport}, draft-${session.draft}`);
await using subscription = await session.subscribe("example/clock", "seconds");

let received = 0;
for await (const object of subscription) {
	console.log(`group ${object.group} object ${object.object}: ${text(object)}`);
	if (++received === args.count) break;
}
console.log(`done after ${received} objects`);
