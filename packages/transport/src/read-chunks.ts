/**
 * Async iteration of a receiving stream, shared by every adapter's `ReceiveStream`.
 *
 * @module
 */

/** What {@link readChunks} needs of a receiving stream. */
interface ChunkSource {
	read(): Promise<Uint8Array | undefined>;
	stopSending(code: number): void;
}

/**
 * Reads `stream` to its FIN; leaving the loop early (break, return, throw) sends STOP_SENDING
 * with code 0, as cancelling a WHATWG stream does.
 */
export async function* readChunks(stream: ChunkSource): AsyncGenerator<Uint8Array, void, undefined> {
	let complete = false;
	try {
		for (;;) {
			const chunk = await stream.read();
			if (chunk === undefined) {
				complete = true;
				return;
			}
			yield chunk;
		}
	} finally {
		if (!complete) stream.stopSending(0);
	}
}
