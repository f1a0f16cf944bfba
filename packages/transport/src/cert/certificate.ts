/**
 * Self-signed development certificates, generated in memory with node:crypto (no openssl
 * binary, nothing written to disk).
 *
 * The defaults suit WebTransport's `serverCertificateHashes` (W3C WebTransport §"Certificate
 * hashes"): an X.509v3 certificate with an ECDSA P-256 key, valid for at most 14 days. The
 * certificate is also marked as a CA so that a client can trust it directly as its own root
 * (raw QUIC clients verifying "by CA file").
 *
 * @module
 */

import { createHash, createPrivateKey, generateKeyPairSync, type KeyObject, randomBytes, sign } from "node:crypto";
import { bits, explicit, octets, oid, seq, set, time, tlv, uint, utf8 } from "./der.js";

/** Options of {@link generateCertificate}. */
export interface CertificateOptions {
	/** Subject common name. Default "localhost". */
	readonly commonName?: string;
	/** DNS names for subjectAltName. Default ["localhost"]. */
	readonly dnsNames?: readonly string[];
	/** IP addresses for subjectAltName. Default ["127.0.0.1", "::1"]. */
	readonly ipAddresses?: readonly string[];
	/** Validity in days, starting an hour ago (clock skew). Default 10; browsers accept ≤ 14 for hashes. */
	readonly days?: number;
}

/** A generated certificate and its key. */
export interface GeneratedCertificate {
	/** The certificate, PEM. */
	readonly cert: string;
	/** The private key, PKCS#8 PEM. */
	readonly key: string;
	/** The certificate, DER. */
	readonly der: Uint8Array;
	/** SHA-256 of the DER certificate (WebTransport `serverCertificateHashes`). */
	readonly sha256: Uint8Array;
	/** The same hash as lowercase hex. */
	readonly sha256Hex: string;
	readonly notBefore: Date;
	readonly notAfter: Date;
}

const ECDSA_WITH_SHA256 = seq(oid("1.2.840.10045.4.3.2"));

/** Generates a self-signed ECDSA P-256 certificate. */
export function generateCertificate(options: CertificateOptions = {}): GeneratedCertificate {
	const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
	const cn = options.commonName ?? "localhost";
	const dnsNames = options.dnsNames ?? ["localhost"];
	const ipAddresses = options.ipAddresses ?? ["127.0.0.1", "::1"];
	const notBefore = new Date(Date.now() - 3600_000);
	const notAfter = new Date(notBefore.getTime() + (options.days ?? 10) * 86400_000);
	const name = seq(set(seq(oid("2.5.4.3"), utf8(cn))));
	const spki = new Uint8Array(publicKey.export({ type: "spki", format: "der" }));
	const altNames = seq(
		...dnsNames.map((d) => tlv(0x82, new TextEncoder().encode(d))),
		...ipAddresses.map((ip) => tlv(0x87, ipBytes(ip))),
	);
	const extensions = seq(
		seq(oid("2.5.29.17"), octets(altNames)),
		// basicConstraints critical, CA:TRUE (trusted directly as a root by clients).
		seq(oid("2.5.29.19"), tlv(0x01, Uint8Array.of(0xff)), octets(seq(tlv(0x01, Uint8Array.of(0xff))))),
		// keyUsage critical: digitalSignature, keyCertSign.
		seq(oid("2.5.29.15"), tlv(0x01, Uint8Array.of(0xff)), octets(tlv(0x03, Uint8Array.of(0x02, 0x84)))),
		// extendedKeyUsage: serverAuth.
		seq(oid("2.5.29.37"), octets(seq(oid("1.3.6.1.5.5.7.3.1")))),
	);
	const serial = randomBytes(16);
	serial[0] = serial[0]! & 0x7f;
	const tbs = seq(
		explicit(0, uint(Uint8Array.of(2))),
		uint(serial),
		ECDSA_WITH_SHA256,
		name,
		seq(time(notBefore), time(notAfter)),
		name,
		spki,
		explicit(3, extensions),
	);
	const signature = new Uint8Array(sign("sha256", tbs, privateKey));
	const der = seq(tbs, ECDSA_WITH_SHA256, bits(signature));
	const sha256 = new Uint8Array(createHash("sha256").update(der).digest());
	return {
		cert: pem("CERTIFICATE", der),
		key: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
		der,
		sha256,
		sha256Hex: Buffer.from(sha256).toString("hex"),
		notBefore,
		notAfter,
	};
}

/** The SHA-256 hash of a PEM or DER certificate. */
export function certificateSha256(cert: string | Uint8Array): Uint8Array {
	const der = typeof cert === "string" ? pemToDer(cert) : cert;
	return new Uint8Array(createHash("sha256").update(der).digest());
}

/** The DER bytes of the first certificate in a PEM string. */
export function pemToDer(text: string): Uint8Array {
	const m = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/.exec(text);
	if (m === null) throw new Error("no PEM certificate found");
	return new Uint8Array(Buffer.from(m[1]!.replace(/\s+/g, ""), "base64"));
}

/** A private key object from PEM (to check it parses). */
export function parsePrivateKey(text: string): KeyObject {
	return createPrivateKey(text);
}

function pem(label: string, der: Uint8Array): string {
	const b64 = Buffer.from(der).toString("base64");
	return `-----BEGIN ${label}-----\n${b64.replace(/.{1,64}/g, "$&\n")}-----END ${label}-----\n`;
}

function ipBytes(ip: string): Uint8Array {
	if (ip.includes(":")) {
		const [head = "", tail = ""] = ip.split("::");
		const h = head === "" ? [] : head.split(":");
		const t = tail === "" ? [] : tail.split(":");
		const groups = ip.includes("::") ? [...h, ...Array(8 - h.length - t.length).fill("0"), ...t] : h;
		const out = new Uint8Array(16);
		groups.forEach((g, i) => {
			const v = Number.parseInt(g, 16);
			out[2 * i] = v >> 8;
			out[2 * i + 1] = v & 0xff;
		});
		return out;
	}
	return Uint8Array.from(ip.split(".").map(Number));
}
