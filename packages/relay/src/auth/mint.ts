/**
 * Minting the relay's JWT tokens (the format of claims.ts), for tests, the CLI and the demo.
 *
 * @module
 */

import type { TrackNamespace } from "@moqt/wire";
import { SignJWT } from "jose";
import { encodeGrants } from "./claims.js";
import { type AuthKeyConfig, importSigningKey } from "./keys.js";

/** What to put in a token. */
export interface MintOptions {
	/** The signing key: an HS256 `secret`, or an ES256 / EdDSA `privateKey`. Its `kid` goes in the header. */
	readonly key: AuthKeyConfig;
	/** Namespace prefixes the bearer may publish under. */
	readonly publish?: readonly TrackNamespace[];
	/** Namespace prefixes the bearer may subscribe under. */
	readonly subscribe?: readonly TrackNamespace[];
	/** Lifetime in seconds from now (default 3600); `null` mints a token without `exp`. */
	readonly expiresInSeconds?: number | null;
	/** Seconds from now before which the token is not valid (`nbf`); none by default. */
	readonly notBeforeSeconds?: number;
	readonly subject?: string;
	readonly issuer?: string;
	readonly audience?: string;
	/** The clock, in milliseconds; `Date.now` by default. */
	readonly now?: () => number;
}

/** A signed token granting what `options` says. */
export async function mintToken(options: MintOptions): Promise<string> {
	const key = await importSigningKey(options.key);
	const now = Math.floor((options.now ?? Date.now)() / 1000);
	const jwt = new SignJWT({
		moqt: encodeGrants({
			...(options.publish === undefined ? {} : { publish: options.publish }),
			...(options.subscribe === undefined ? {} : { subscribe: options.subscribe }),
		}),
	})
		.setProtectedHeader({ alg: key.alg, typ: "JWT", ...(key.kid === undefined ? {} : { kid: key.kid }) })
		.setIssuedAt(now);
	const lifetime = options.expiresInSeconds === undefined ? 3600 : options.expiresInSeconds;
	if (lifetime !== null) jwt.setExpirationTime(now + lifetime);
	if (options.notBeforeSeconds !== undefined) jwt.setNotBefore(now + options.notBeforeSeconds);
	if (options.subject !== undefined) jwt.setSubject(options.subject);
	if (options.issuer !== undefined) jwt.setIssuer(options.issuer);
	if (options.audience !== undefined) jwt.setAudience(options.audience);
	return jwt.sign(key.key);
}
