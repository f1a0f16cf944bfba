/**
 * Publishes a clock: track "seconds" in namespace "example/clock", one group per tick (every
 * 200 ms), each group holding one object with the time as text. It announces the namespace so
 * that a relay routes subscribers to it, and keeps 10 groups for fetches.
 *
 *   node --conditions=@moqt/source --import tsx examples/publish.ts <url> [--hash=…] [--count=<groups>]
 *
 * Stops after `--count` groups, or on Ctrl-C, ending the track.
 */

import { connect } from "@moqt/client";
import { parseArgs } from "./args.js";

const args = parseArgs("publish.ts");
await using session = await connect(args.url, args.connect);
const track = session.track("example/clock", "seconds", { cache: { groups: 10 } });
await using _announcement = await session.publishNamespace("example/clock");
console.log(`publishing example/clock/seconds over ${session.transport}, draft-${session.draft}`);

let stopped = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => (stopped = true));

for (let tick = 0; !stopped && (args.count === undefined || tick < args.count); tick++) {
	const group = track.group();
	await group.write(new Date().toISOString());
	await group.end();
	console.log(`published group ${group.id}`);
	await new Promise((resolve) => setTimeout(resolve, 200));
}
await track.end();
