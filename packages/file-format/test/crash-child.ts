/**
 * Run by crash.test.ts in a child process: records 50 objects of 100 bytes, flushing after every
 * 10, appends 25 more that are never flushed, and dies by SIGKILL, as a crashing recorder would.
 * Usage: node --conditions=@moqt/source --import tsx crash-child.ts <directory>
 */

import { RecordingWriter } from "../src/node/index.js";
import { objectOf, payloadOf } from "./helpers.js";

const directory = process.argv[2];
if (directory === undefined) throw new Error("usage: crash-child.ts <directory>");
const writer = await RecordingWriter.create(directory, { flushBytes: 1 << 30 });
for (let i = 0; i < 75; i++) {
	await writer.append(objectOf("t", BigInt(i), 0n, { receiveTime: i }), payloadOf(100, i));
	if (i < 50 && i % 10 === 9) await writer.flush();
}
process.kill(process.pid, "SIGKILL");
