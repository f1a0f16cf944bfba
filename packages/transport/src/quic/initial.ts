/**
 * Removes the protection from a client's Initial packet (RFC 9001 §5.2 Initial secrets, §5.3
 * AEAD, §5.4 header protection; QUIC version 1 only), so that a server can read the ClientHello
 * before it creates any connection state.
 *
 * Initial keys derive from the client's Destination Connection ID alone, so anyone on the path
 * can do this; it gives confidentiality against nobody and is done here only to choose the ALPN
 * by the server's preference and to keep all Initial packets of one handshake together.
 *
 * @module
 */

import { createCipheriv, createDecipheriv, createHmac } from "node:crypto";
import { readVarint } from "./varint.js";

// RFC 9001 §5.2: the version 1 initial salt.
const INITIAL_SALT = Buffer.from("38762cf7f55934b34d179ae6a4c80cadccbb7f0a", "hex");
const TAG_LENGTH = 16;
const SAMPLE_LENGTH = 16;

/** Packet protection keys of one direction (RFC 9001 §5.1). */
export interface InitialKeys {
	readonly key: Buffer;
	readonly iv: Buffer;
	readonly hp: Buffer;
}

/** HKDF-Expand-Label (RFC 8446 §7.1) with an empty context, for outputs of at most 32 bytes. */
export function hkdfExpandLabel(secret: Uint8Array, label: string, length: number): Buffer {
	const full = Buffer.from(`tls13 ${label}`, "latin1");
	const info = Buffer.alloc(4 + full.length);
	info.writeUInt16BE(length, 0);
	info[2] = full.length;
	full.copy(info, 3);
	// HKDF-Expand (RFC 5869 §2.3) needs one HMAC block when the output fits in the hash length.
	return createHmac("sha256", secret).update(info).update(Uint8Array.of(1)).digest().subarray(0, length);
}

/** The client's Initial keys for a connection whose client chose `dcid` (RFC 9001 §5.2). */
export function clientInitialKeys(dcid: Uint8Array): InitialKeys {
	const initialSecret = createHmac("sha256", INITIAL_SALT).update(dcid).digest();
	const secret = hkdfExpandLabel(initialSecret, "client in", 32);
	return {
		key: hkdfExpandLabel(secret, "quic key", 16),
		iv: hkdfExpandLabel(secret, "quic iv", 12),
		hp: hkdfExpandLabel(secret, "quic hp", 16),
	};
}

/**
 * Decrypts the Initial packet at the start of `datagram` (later coalesced packets are ignored)
 * and returns its frames, or undefined when it is not a version 1 Initial packet or does not
 * authenticate under `keys`.
 */
export function openInitial(datagram: Uint8Array, keys: InitialKeys): Uint8Array | undefined {
	const first = datagram[0];
	// Long header, fixed bit, type Initial (RFC 9000 §17.2.2).
	if (first === undefined || (first & 0xf0) !== 0xc0) return undefined;
	if (datagram.length < 7 || readUint32(datagram, 1) !== 1) return undefined;
	let offset = 5;
	const dcidLength = datagram[offset] ?? 0xff;
	offset += 1 + dcidLength;
	const scidLength = datagram[offset] ?? 0xff;
	offset += 1 + scidLength;
	if (dcidLength > 20 || scidLength > 20) return undefined;
	const token = readVarint(datagram, offset);
	if (token === undefined) return undefined;
	offset += token.size + token.value;
	const length = readVarint(datagram, offset);
	if (length === undefined) return undefined;
	const pnOffset = offset + length.size;
	const end = pnOffset + length.value;
	if (end > datagram.length || pnOffset + 4 + SAMPLE_LENGTH > end) return undefined;

	// Header protection (RFC 9001 §5.4.1): the sample starts 4 bytes after the packet number.
	const cipher = createCipheriv("aes-128-ecb", keys.hp, null);
	const mask = cipher.update(datagram.subarray(pnOffset + 4, pnOffset + 4 + SAMPLE_LENGTH));
	const header = Buffer.from(datagram.subarray(0, pnOffset + 4));
	header[0] = first ^ ((mask[0] ?? 0) & 0x0f);
	const pnLength = ((header[0] ?? 0) & 0x03) + 1;
	let packetNumber = 0;
	for (let i = 0; i < pnLength; i++) {
		const byte = (header[pnOffset + i] ?? 0) ^ (mask[1 + i] ?? 0);
		header[pnOffset + i] = byte;
		packetNumber = packetNumber * 256 + byte;
	}
	const aad = header.subarray(0, pnOffset + pnLength);

	// AEAD (RFC 9001 §5.3): the nonce is the IV XORed with the packet number. The first Initial
	// packets have small numbers, so the truncated number is the full one.
	const nonce = Buffer.from(keys.iv);
	for (let i = 0; i < 6; i++) {
		nonce[11 - i] = (nonce[11 - i] ?? 0) ^ (Math.floor(packetNumber / 256 ** i) & 0xff);
	}
	const body = datagram.subarray(pnOffset + pnLength, end);
	if (body.length < TAG_LENGTH) return undefined;
	const decipher = createDecipheriv("aes-128-gcm", keys.key, nonce);
	decipher.setAAD(aad);
	decipher.setAuthTag(body.subarray(body.length - TAG_LENGTH));
	try {
		const plain = decipher.update(body.subarray(0, body.length - TAG_LENGTH));
		return Buffer.concat([plain, decipher.final()]);
	} catch {
		return undefined;
	}
}

function readUint32(bytes: Uint8Array, offset: number): number {
	return (
		((bytes[offset] ?? 0) * 0x1000000 +
			((bytes[offset + 1] ?? 0) << 16) +
			((bytes[offset + 2] ?? 0) << 8) +
			(bytes[offset + 3] ?? 0)) >>>
		0
	);
}
