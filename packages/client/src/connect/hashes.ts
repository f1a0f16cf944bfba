/**
 * Certificate hashes as the options take them: bytes, or hex with or without colons (as
 * `openssl x509 -fingerprint -sha256` prints them).
 *
 * @module
 */

/** @internal The SHA-256 hash as bytes; throws a TypeError for malformed hex. */
export function hashBytes(hash: Uint8Array | string): Uint8Array {
	if (typeof hash !== "string") return hash;
	const hex = hash.replaceAll(":", "");
	if (!/^(?:[0-9a-fA-F]{2}){32}$/.test(hex)) throw new TypeError(`${hash} is not a SHA-256 hash in hex`);
	return Uint8Array.from(hex.match(/../g) ?? [], (byte) => Number.parseInt(byte, 16));
}
