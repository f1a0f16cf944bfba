/**
 * A hand-rolled HTTP/3 server for tests of the client against a server that misbehaves: a raw
 * QUIC server with ALPN "h3" (RFC 9114 §3.1) that sends its control stream with SETTINGS
 * (§6.2.1), waits for the client's CONNECT, and then writes whatever the test asks for.
 *
 * @module
 */

import type { GeneratedCertificate } from "../../src/cert/certificate.js";
import {
	encodeFieldSection,
	encodeHeadersFrame,
	encodeSettingsFrame,
	encodeUniStreamType,
	FrameDecoder,
	type HeaderField,
	StreamType,
	serverSettings,
} from "../../src/h3/index.js";
import { listenQuic, type QuicServer, type QuicSession } from "../../src/quic/index.js";
import type { BidiStream } from "../../src/types.js";
import { concat } from "./raw-client.js";

/** A connection to the raw server, with the client's CONNECT stream once it arrived. */
export interface RawH3Peer {
	readonly quic: QuicSession;
	/** The client's CONNECT stream; its HEADERS frame has been read. */
	readonly connect: BidiStream;
}

/** Starts a raw HTTP/3 server on 127.0.0.1. */
export function rawH3Server(certificate: GeneratedCertificate): Promise<QuicServer> {
	return listenQuic({ host: "127.0.0.1", cert: certificate.cert, key: certificate.key, alpn: ["h3"] });
}

/** Takes the next connection, sends our SETTINGS, and waits for the client's CONNECT. */
export async function nextPeer(server: QuicServer): Promise<RawH3Peer> {
	const { value: request } = await server.requests[Symbol.asyncIterator]().next();
	if (!request) throw new Error("the raw server closed");
	const quic = (await request.accept()) as QuicSession;
	const control = await quic.openUni();
	await control.write(concat(encodeUniStreamType(StreamType.CONTROL), encodeSettingsFrame(serverSettings())));
	const { value: connect } = await quic.incomingBidi[Symbol.asyncIterator]().next();
	if (!connect) throw new Error("no CONNECT stream");
	const frames = new FrameDecoder({ kind: "request" });
	for (let headers = false; !headers; ) {
		const chunk = await connect.readable.read();
		if (chunk === undefined) throw new Error("the CONNECT stream ended");
		headers = frames.push(chunk).some((frame) => frame.type === "headers");
	}
	return { quic, connect };
}

/** The HEADERS frame of a response. */
export function responseHeaders(fields: readonly HeaderField[]): Uint8Array {
	return encodeHeadersFrame(encodeFieldSection(fields));
}
