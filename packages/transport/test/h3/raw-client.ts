/**
 * A hand-rolled HTTP/3 client for tests that must send what a correct client never would: a
 * QUIC connection with ALPN "h3" (RFC 9114 §3.1) from `connectQuic`, on which the test writes raw
 * bytes. Only the client's control stream with its SETTINGS (§6.2.1) is set up here; everything
 * else is up to the test, built from the sans-I/O encoders.
 *
 * @module
 */

import { StreamError } from "../../src/errors.js";
import {
	buildConnectRequest,
	clientSettings,
	decodeFieldSection,
	encodeFieldSection,
	encodeHeadersFrame,
	encodeSettingsFrame,
	encodeUniStreamType,
	FrameDecoder,
	type HeaderField,
	StreamType,
} from "../../src/h3/index.js";
import { connectQuic, type QuicSession } from "../../src/quic/index.js";
import type { ReceiveStream, SendStream } from "../../src/types.js";

/** A raw HTTP/3 client connection. */
export interface RawH3 {
	readonly quic: QuicSession;
	/** Our control stream, its type and SETTINGS already written. */
	readonly control: SendStream;
}

/**
 * Connects to an HTTP/3 server on 127.0.0.1 and opens the control stream with `firstFrame`
 * (default: SETTINGS as our client sends them).
 */
export async function rawH3(
	port: number,
	certificateHash: Uint8Array,
	firstFrame: Uint8Array = encodeSettingsFrame(clientSettings()),
): Promise<RawH3> {
	const quic = await connectQuic({ host: "127.0.0.1", port }, { alpn: ["h3"], certificateHashes: [certificateHash] });
	const control = await quic.openUni();
	await control.write(concat(encodeUniStreamType(StreamType.CONTROL), firstFrame));
	return { quic, control };
}

/** The HEADERS frame of a WebTransport CONNECT for `path` (draft-02 form, as Chromium sends it). */
export function connectHeaders(port: number, path: string, extra: readonly HeaderField[] = []): Uint8Array {
	const fields = buildConnectRequest({ authority: `127.0.0.1:${port}`, path, generation: "draft02" });
	return encodeHeadersFrame(encodeFieldSection([...fields, ...extra]));
}

/** Reads a response's first HEADERS frame and returns its `:status`. */
export async function readStatus(stream: ReceiveStream): Promise<string | undefined> {
	const frames = new FrameDecoder({ kind: "request" });
	for (let chunk = await stream.read(); chunk !== undefined; chunk = await stream.read()) {
		for (const frame of frames.push(chunk)) {
			if (frame.type === "headers") return decodeFieldSection(frame.block).find((f) => f.name === ":status")?.value;
		}
	}
	return undefined;
}

/** Writes until the peer's STOP_SENDING fails the stream; resolves with that error (bounded). */
export async function writeUntilStopped(stream: SendStream): Promise<StreamError> {
	const chunk = new Uint8Array(1024);
	try {
		for (let i = 0; i < 10_000; i++) await stream.write(chunk);
	} catch (error) {
		if (StreamError.isInstance(error)) return error;
		throw error;
	}
	throw new Error("writes kept succeeding");
}

/** Reads until the stream fails; resolves with the error (rejects if it ends cleanly). */
export async function readUntilFailed(stream: ReceiveStream): Promise<StreamError> {
	try {
		while ((await stream.read()) !== undefined) {}
	} catch (error) {
		if (StreamError.isInstance(error)) return error;
		throw error;
	}
	throw new Error("the stream ended cleanly");
}

/** Concatenates byte arrays. */
export function concat(...parts: Uint8Array[]): Uint8Array {
	const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let offset = 0;
	for (const part of parts) {
		out.set(part, offset);
		offset += part.length;
	}
	return out;
}
