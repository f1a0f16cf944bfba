/**
 * The server side of every benchmark, the same for all adapters: sink, echo and datagram
 * counting (see {@link Op}).
 *
 * @module
 */

import type { BidiStream, TransportSession } from "../src/types.js";
import { encodeCount, Op } from "./protocol.js";

/** Serves one session until it closes. */
export async function serveSession(session: TransportSession): Promise<void> {
	const counter = { datagrams: 0 };
	void (async () => {
		for await (const _ of session.datagrams.incoming) counter.datagrams++;
	})();
	const streams: Promise<void>[] = [];
	for await (const stream of session.incomingBidi) {
		streams.push(serveStream(stream, counter).catch(() => {}));
	}
	await Promise.all(streams);
}

async function serveStream(stream: BidiStream, counter: { datagrams: number }): Promise<void> {
	const first = await stream.readable.read();
	if (!first || first.byteLength === 0) return stream.writable.reset(1);
	const op = first[0];
	const rest = first.subarray(1);
	if (op === Op.SINK) {
		let bytes = rest.byteLength;
		for await (const chunk of stream.readable) bytes += chunk.byteLength;
		await stream.writable.write(encodeCount(bytes));
	} else if (op === Op.ECHO) {
		if (rest.byteLength > 0) await stream.writable.write(rest);
		for await (const chunk of stream.readable) await stream.writable.write(chunk);
	} else if (op === Op.DATAGRAMS) {
		await stream.writable.write(encodeCount(counter.datagrams));
		counter.datagrams = 0;
	} else {
		return stream.writable.reset(2);
	}
	await stream.writable.finish();
}
