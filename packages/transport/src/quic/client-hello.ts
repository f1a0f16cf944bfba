/**
 * Reassembles the TLS ClientHello from the CRYPTO frames of a client's Initial packets (RFC 9000
 * §19.6, §17.2.2; frames allowed in Initial packets: §12.4) and reads the two extensions a
 * server routes by: ALPN (RFC 7301 §3.1) and server_name (RFC 6066 §3). RFC 8446 §4.1.2 gives
 * the ClientHello layout.
 *
 * A ClientHello can span several Initial packets (Chromium's does once post-quantum key shares
 * are on), and its CRYPTO frames can arrive in any order and overlap (Chromium's "chaos
 * protection" shuffles them), so fragments are kept by offset until the message is whole.
 *
 * @module
 */

import { readVarint } from "./varint.js";

/** What the server needs from a ClientHello. */
export interface ClientHello {
	/** Offered application protocols, in the client's order. */
	readonly alpn: readonly string[];
	/** The SNI host name, if sent. */
	readonly serverName: string | undefined;
}

const TLS_CLIENT_HELLO = 1;
const utf8 = new TextDecoder();
const EXT_SERVER_NAME = 0;
const EXT_ALPN = 16;

/** Collects CRYPTO data at offsets from 0 until a whole ClientHello is there. */
export class ClientHelloAssembler {
	readonly #maxBytes: number;
	readonly #fragments: { readonly offset: number; readonly data: Uint8Array }[] = [];
	#bytes = 0;

	/** @param maxBytes The most CRYPTO bytes accepted; a larger ClientHello is refused. */
	constructor(maxBytes = 16384) {
		this.#maxBytes = maxBytes;
	}

	/**
	 * Takes the frames of one decrypted Initial packet. Returns false when they are malformed,
	 * include a frame not allowed in Initial packets, or pass the byte limit.
	 */
	addFrames(frames: Uint8Array): boolean {
		let offset = 0;
		while (offset < frames.length) {
			const type = frames[offset++];
			switch (type) {
				case 0x00: // PADDING
				case 0x01: // PING
					continue;
				case 0x02: // ACK
				case 0x03: {
					const end = skipAck(frames, offset, type === 0x03);
					if (end === undefined) return false;
					offset = end;
					continue;
				}
				case 0x06: {
					// CRYPTO
					const at = readVarint(frames, offset);
					const length = at && readVarint(frames, offset + at.size);
					if (!at || !length) return false;
					const start = offset + at.size + length.size;
					if (start + length.value > frames.length) return false;
					if (at.value + length.value > this.#maxBytes) return false;
					this.#fragments.push({ offset: at.value, data: frames.subarray(start, start + length.value) });
					this.#bytes += length.value;
					// Retransmissions overlap; bound what is kept, not only the message size.
					if (this.#bytes > 4 * this.#maxBytes) return false;
					offset = start + length.value;
					continue;
				}
				case 0x1c: // CONNECTION_CLOSE: the client gave up; nothing after it matters.
					return true;
				default:
					return false;
			}
		}
		return true;
	}

	/**
	 * The ClientHello (handshake header included) once every byte of it has arrived, else
	 * undefined. Returns null when the first handshake message is not a ClientHello or is too long.
	 */
	message(): Uint8Array | null | undefined {
		const prefix = this.#contiguous();
		if (prefix.length < 4) return undefined;
		if (prefix[0] !== TLS_CLIENT_HELLO) return null;
		const length = 4 + (((prefix[1] ?? 0) << 16) | ((prefix[2] ?? 0) << 8) | (prefix[3] ?? 0));
		if (length > this.#maxBytes) return null;
		return prefix.length >= length ? prefix.subarray(0, length) : undefined;
	}

	// The bytes from offset 0 up to the first gap.
	#contiguous(): Uint8Array {
		const sorted = [...this.#fragments].sort((a, b) => a.offset - b.offset);
		let end = 0;
		for (const fragment of sorted) {
			if (fragment.offset > end) break;
			end = Math.max(end, fragment.offset + fragment.data.length);
		}
		const out = new Uint8Array(end);
		for (const fragment of sorted) {
			if (fragment.offset >= end) break;
			out.set(fragment.data.subarray(0, end - fragment.offset), fragment.offset);
		}
		return out;
	}
}

// ACK frame (RFC 9000 §19.3): largest, delay, range count, first range, ranges, ECN counts.
function skipAck(frames: Uint8Array, offset: number, ecn: boolean): number | undefined {
	let fields = 4;
	let count = -1;
	for (let i = 0; i < fields; i++) {
		const field = readVarint(frames, offset);
		if (!field) return undefined;
		offset += field.size;
		if (i === 2) {
			count = field.value;
			// Each further range is a gap and a length; the ECN counts come last.
			if (count > frames.length) return undefined;
			fields += 2 * count + (ecn ? 3 : 0);
		}
	}
	return offset;
}

/** Parses a ClientHello (with its 4-byte handshake header); undefined when malformed. */
export function parseClientHello(message: Uint8Array): ClientHello | undefined {
	const reader = new Reader(message);
	if (reader.u8() !== TLS_CLIENT_HELLO) return undefined;
	reader.skip(3); // length, checked by the assembler
	reader.skip(2 + 32); // legacy_version, random
	reader.skip(reader.u8()); // legacy_session_id
	reader.skip(reader.u16()); // cipher_suites
	reader.skip(reader.u8()); // legacy_compression_methods
	if (reader.failed) return undefined;
	// A ClientHello without extensions is TLS 1.2 or older, which QUIC does not allow (RFC 9001 §4.2).
	const extensionsLength = reader.u16();
	const extensionsEnd = reader.offset + extensionsLength;
	let alpn: string[] = [];
	let serverName: string | undefined;
	while (!reader.failed && reader.offset < extensionsEnd) {
		const type = reader.u16();
		const length = reader.u16();
		const body = reader.bytes(length);
		if (type === EXT_ALPN) alpn = parseAlpn(body) ?? [];
		else if (type === EXT_SERVER_NAME) serverName = parseServerName(body);
	}
	if (reader.failed || reader.offset !== extensionsEnd) return undefined;
	return { alpn, serverName };
}

function parseAlpn(body: Uint8Array): string[] | undefined {
	const reader = new Reader(body);
	const end = 2 + reader.u16();
	const names: string[] = [];
	while (!reader.failed && reader.offset < end) names.push(reader.text(reader.u8()));
	return reader.failed ? undefined : names;
}

function parseServerName(body: Uint8Array): string | undefined {
	const reader = new Reader(body);
	const end = 2 + reader.u16();
	while (!reader.failed && reader.offset < end) {
		const nameType = reader.u8();
		const name = reader.text(reader.u16());
		if (nameType === 0 && !reader.failed) return name;
	}
	return undefined;
}

// A cursor that records running past the end instead of throwing.
class Reader {
	readonly #bytes: Uint8Array;
	offset = 0;
	failed = false;

	constructor(bytes: Uint8Array) {
		this.#bytes = bytes;
	}

	u8(): number {
		return this.#take(1) ? (this.#bytes[this.offset - 1] ?? 0) : 0;
	}

	u16(): number {
		return this.#take(2) ? ((this.#bytes[this.offset - 2] ?? 0) << 8) | (this.#bytes[this.offset - 1] ?? 0) : 0;
	}

	skip(length: number): void {
		this.#take(length);
	}

	bytes(length: number): Uint8Array {
		return this.#take(length) ? this.#bytes.subarray(this.offset - length, this.offset) : new Uint8Array(0);
	}

	text(length: number): string {
		return utf8.decode(this.bytes(length));
	}

	#take(length: number): boolean {
		if (this.failed || this.offset + length > this.#bytes.length) {
			this.failed = true;
			return false;
		}
		this.offset += length;
		return true;
	}
}
