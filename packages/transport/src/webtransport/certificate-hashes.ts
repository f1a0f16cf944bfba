/**
 * `serverCertificateHashes` entries (W3C WebTransport §"WebTransportHash"): SHA-256 digests of
 * self-signed certificates a client trusts without a CA.
 *
 * @module
 */

import { TransportError } from "../errors.js";

/** A W3C `WebTransportHash`. */
export interface WebTransportHashInit {
	readonly algorithm: "sha-256";
	readonly value: Uint8Array;
}

/** Converts hashes given as bytes, or hex with or without colons, to W3C `WebTransportHash`es. */
export function certificateHashes(hashes: readonly (Uint8Array | string)[]): WebTransportHashInit[] {
	return hashes.map((hash) => ({ algorithm: "sha-256", value: typeof hash === "string" ? hexBytes(hash) : hash }));
}

function hexBytes(hash: string): Uint8Array {
	const hex = hash.replaceAll(":", "");
	if (!/^(?:[0-9a-fA-F]{2})+$/.test(hex)) throw new TransportError("certificate", `invalid certificate hash ${hash}`);
	return Uint8Array.from(hex.match(/../g) ?? [], (byte) => Number.parseInt(byte, 16));
}
