/**
 * The keys that sign and verify the relay's JWT tokens (RFC 7519 via `jose`; the token rides in
 * the AUTHORIZATION TOKEN parameter, draft-ietf-moq-transport-19 §10.2.2, with a Token Type the
 * deployment agrees on out of band).
 *
 * Three algorithms: HS256 (a shared secret of at least 32 bytes, RFC 7518 §3.2), ES256 (P-256)
 * and EdDSA (Ed25519). Verification keys come from the relay configuration: a base64 / base64url
 * `secret`, or a `publicKey` as SPKI PEM or a JWK. Signing keys (for {@link mintToken} in tests,
 * the CLI and the demo) use `secret` or a `privateKey` as PKCS#8 PEM or a JWK.
 *
 * @module
 */

import { Buffer } from "node:buffer";
import { generateKeyPairSync, randomBytes, webcrypto } from "node:crypto";
import { type CryptoKey, importJWK, importPKCS8, importSPKI, type JWK } from "jose";

/** The signature algorithms the relay accepts. */
export const AUTH_ALGORITHMS = ["HS256", "ES256", "EdDSA"] as const;
/** A signature algorithm the relay accepts. */
export type AuthAlgorithm = (typeof AUTH_ALGORITHMS)[number];

/** A key as the configuration spells it. */
export interface AuthKeyConfig {
	/** Matched against the token's `kid` header when present. */
	readonly kid?: string;
	readonly alg: AuthAlgorithm;
	/** HS256: the shared secret, base64 or base64url, at least 32 bytes. */
	readonly secret?: string;
	/** ES256 / EdDSA verification: SPKI PEM or a public JWK. */
	readonly publicKey?: string | JWK;
	/** ES256 / EdDSA signing: PKCS#8 PEM or a private JWK. */
	readonly privateKey?: string | JWK;
}

/** An imported key. */
export interface ImportedKey {
	readonly kid: string | undefined;
	readonly alg: AuthAlgorithm;
	readonly key: CryptoKey;
}

/** The shortest HS256 secret accepted (RFC 7518 §3.2: at least the hash size). */
export const MIN_SECRET_BYTES = 32;

// An HMAC key imported once: jose would otherwise import raw secret bytes on every verification,
// which makes HS256 several times slower than with a ready CryptoKey.
async function importSecret(cfg: AuthKeyConfig, use: "sign" | "verify"): Promise<ImportedKey> {
	const secret = cfg.secret;
	if (secret === undefined) throw new TypeError("an HS256 key needs a secret");
	if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(secret)) throw new TypeError("the secret must be base64 or base64url");
	const bytes = new Uint8Array(Buffer.from(secret, /[-_]/.test(secret) ? "base64url" : "base64"));
	if (bytes.byteLength < MIN_SECRET_BYTES) {
		throw new TypeError(`an HS256 secret needs at least ${MIN_SECRET_BYTES} bytes, not ${bytes.byteLength}`);
	}
	const key = await webcrypto.subtle.importKey("raw", bytes, { name: "HMAC", hash: "SHA-256" }, false, [use]);
	return { kid: cfg.kid, alg: cfg.alg, key: key as CryptoKey };
}

async function importAsymmetric(cfg: AuthKeyConfig, which: "publicKey" | "privateKey"): Promise<ImportedKey> {
	const material = cfg[which];
	if (material === undefined) throw new TypeError(`an ${cfg.alg} key needs a ${which}`);
	const key =
		typeof material === "string"
			? which === "publicKey"
				? await importSPKI(material, cfg.alg)
				: await importPKCS8(material, cfg.alg)
			: await importJWK(material, cfg.alg);
	if (key instanceof Uint8Array) throw new TypeError(`an ${cfg.alg} key cannot be a symmetric JWK`);
	return { kid: cfg.kid, alg: cfg.alg, key };
}

function checkAlg(alg: unknown): asserts alg is AuthAlgorithm {
	if (!(AUTH_ALGORITHMS as readonly unknown[]).includes(alg)) {
		throw new TypeError(`alg must be one of ${AUTH_ALGORITHMS.join(", ")}, not ${String(alg)}`);
	}
}

/** Imports a key for verifying tokens. Throws a TypeError naming what is wrong. */
export async function importVerificationKey(cfg: AuthKeyConfig): Promise<ImportedKey> {
	checkAlg(cfg.alg);
	if (cfg.alg === "HS256") return importSecret(cfg, "verify");
	return importAsymmetric(cfg, "publicKey");
}

/** Imports a key for signing tokens. Throws a TypeError naming what is wrong. */
export async function importSigningKey(cfg: AuthKeyConfig): Promise<ImportedKey> {
	checkAlg(cfg.alg);
	if (cfg.alg === "HS256") return importSecret(cfg, "sign");
	return importAsymmetric(cfg, "privateKey");
}

/**
 * A new key of `alg`, as configuration: a random 32-byte secret for HS256, or a PEM key pair for
 * ES256 / EdDSA (give the relay the config without `privateKey`).
 */
export function generateAuthKey(alg: AuthAlgorithm, kid?: string): AuthKeyConfig {
	const withKid = kid === undefined ? {} : { kid };
	if (alg === "HS256") return { ...withKid, alg, secret: randomBytes(MIN_SECRET_BYTES).toString("base64url") };
	const pair = alg === "ES256" ? generateKeyPairSync("ec", { namedCurve: "P-256" }) : generateKeyPairSync("ed25519");
	return {
		...withKid,
		alg,
		publicKey: pair.publicKey.export({ type: "spki", format: "pem" }).toString(),
		privateKey: pair.privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
	};
}
