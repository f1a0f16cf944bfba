/**
 * Server certificate checks done after the handshake, where BoringSSL (through quiche's bindings)
 * cannot do them: SHA-256 pinning as W3C WebTransport's `serverCertificateHashes` does, and an
 * IP address identity (RFC 5280 §4.2.1.6 iPAddress; RFC 6066 §3 forbids IP literals in SNI, so
 * BoringSSL only checks names). A failed check closes the connection with a CRYPTO_ERROR for
 * bad_certificate (RFC 9001 §4.8).
 *
 * @module
 */

import { createHash, X509Certificate } from "node:crypto";

/** A pinned certificate: its SHA-256 digest, alone or in the W3C `{ algorithm, value }` shape. */
export type CertificateHash =
	| Uint8Array
	| { readonly algorithm: string; readonly value: ArrayBuffer | ArrayBufferView<ArrayBufferLike> };

function digestOf(hash: CertificateHash): Uint8Array | undefined {
	if (hash instanceof Uint8Array) return hash;
	if (hash.algorithm.toLowerCase() !== "sha-256") return undefined;
	const value = hash.value;
	return ArrayBuffer.isView(value)
		? new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
		: new Uint8Array(value);
}

/**
 * Checks the leaf certificate of `chain` against `hashes`, and that it is valid at `now`.
 * Returns why it fails, or undefined when it passes.
 */
export function checkPinned(
	chain: readonly Uint8Array[] | null,
	hashes: readonly CertificateHash[],
	now: Date,
): string | undefined {
	const leaf = chain?.[0];
	if (!leaf) return "the server sent no certificate";
	const digest = createHash("sha256").update(leaf).digest();
	const pinned = hashes.some((hash) => {
		const expected = digestOf(hash);
		return expected !== undefined && digest.equals(expected);
	});
	if (!pinned) return "the server certificate matches none of the pinned SHA-256 hashes";
	const certificate = new X509Certificate(leaf);
	if (now < new Date(certificate.validFrom) || now > new Date(certificate.validTo)) {
		return "the pinned server certificate is outside its validity period";
	}
	return undefined;
}

/** Checks that the leaf certificate of `chain` names IP address `ip`; returns why not, or undefined. */
export function checkIpIdentity(chain: readonly Uint8Array[] | null, ip: string): string | undefined {
	const leaf = chain?.[0];
	if (!leaf) return "the server sent no certificate";
	return new X509Certificate(leaf).checkIP(ip) === undefined
		? `the server certificate is not valid for IP address ${ip}`
		: undefined;
}
