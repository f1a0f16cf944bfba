/**
 * Fetches the latest groups of the clock of publish.ts (3, or `--count`) and prints them: past
 * objects from the publisher's cache, through the relay. TRACK_STATUS tells where the track is.
 *
 *   node --conditions=@moqt/source --import tsx examples/fetch.ts <url> [--hash=…] [--count=<groups>]
 */

import { connect, text } from "@moqt/client";
import { parseArgs } from "./args.js";

const args = parseArgs("fetch.ts");
await using session = await connect(args.url, args.connect);
const status = await session.trackStatus("example/clock", "seconds");
const largest = status.largest;
if (largest === undefined) {
	console.log("nothing published yet");
} else {
	const groups = BigInt(args.count ?? 3);
	const first = largest.group >= groups - 1n ? largest.group - (groups - 1n) : 0n;
	console.log(`largest object ${largest.group}/${largest.object}: fetching groups ${first} to ${largest.group}`);
	const fetch = await session.fetch("example/clock", "seconds", {
		start: { group: first },
		end: { group: largest.group },
	});
	for await (const object of fetch) console.log(`group ${object.group} object ${object.object}: ${text(object)}`);
}
