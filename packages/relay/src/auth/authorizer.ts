/**
 * Authorizing requests with JWT tokens (draft-ietf-moq-transport-19 §9.4 "Subscriber Interactions":
 * "Relays MUST ensure subscribers are authorized"; §9.5 "Publisher Interactions": "Relays MUST
 * verify that publishers are authorized"; §10.2.2 AUTHORIZATION TOKEN; -14 §8.3, §8.4, §9.2.1.1).
 *
 * A token is verified (signature with a configured key, `exp`, `nbf`, and `iss` / `aud` when
 * configured) and its `moqt` claim (see claims.ts) decides. The outcome is the draft's error:
 *
 * - MALFORMED_AUTH_TOKEN: not a JWT at all, too long, or a `moqt` claim of the wrong shape
 *   (-19: "a well-formed Token structure but otherwise invalid").
 * - EXPIRED_AUTH_TOKEN: validly signed, but past `exp`.
 * - UNAUTHORIZED: everything else: no token while authorization is on ("no token, no access"), a
 *   signature no configured key verifies, an unknown `kid`, a wrong issuer or audience, a token
 *   not valid yet, or a valid token that does not grant the request.
 *
 * When authorization is off ({@link Authorizer.disabled}), every request is allowed. Time comes
 * from the injected clock, so expiry is testable without waiting.
 *
 * @module
 */

import type { Draft, TrackNamespace } from "@moqt/wire";
import { decodeJwt, decodeProtectedHeader, errors, type JWTPayload, jwtVerify } from "jose";
import { allows, type Grants, parseGrants } from "./claims.js";
import { type AuthError, type AuthRequest, actionOf, authErrorCode } from "./error-codes.js";
import { type AuthKeyConfig, type ImportedKey, importVerificationKey } from "./keys.js";

/** The longest token accepted, in bytes; longer ones are malformed (a cheap guard before parsing). */
export const MAX_TOKEN_BYTES = 8192;

/** Options of an {@link Authorizer}. */
export interface AuthorizerOptions {
	/** The verification keys; at least one. */
	readonly keys: readonly AuthKeyConfig[];
	/** When set, tokens must carry this `iss`. */
	readonly issuer?: string;
	/** When set, tokens must carry this `aud`. */
	readonly audience?: string;
	/** Slack for `exp` and `nbf`, in seconds (default 0). */
	readonly clockToleranceSeconds?: number;
	/** Whether a token without `exp` is refused (default true: a token should not live forever). */
	readonly requireExpiry?: boolean;
	/** The clock, in milliseconds; `Date.now` by default. */
	readonly now?: () => number;
}

/** A verified token. */
export interface VerifiedToken {
	readonly grants: Grants;
	/** The `sub` claim, for logs. */
	readonly subject: string | undefined;
	/** The `exp` claim in milliseconds, when present: the relay may end what the token allowed then. */
	readonly expiresAt: number | undefined;
}

/** The outcome of verifying a token. */
export type VerifyResult =
	| ({ readonly ok: true } & VerifiedToken)
	| { readonly ok: false; readonly error: AuthError; readonly reason: string };

/** The outcome of authorizing a request. */
export type AuthDecision =
	| { readonly allowed: true; readonly subject: string | undefined }
	| {
			readonly allowed: false;
			readonly error: AuthError;
			/** The code for the draft's error message (REQUEST_ERROR, or draft-14's *_ERROR). */
			readonly code: number;
			/** A reason phrase for the error message and the log. */
			readonly reason: string;
	  };

const decoder = new TextDecoder("utf-8", { fatal: true });

function fail(error: AuthError, reason: string): VerifyResult {
	return { ok: false, error, reason };
}

// jose's errors, by what they mean for the requester.
function classify(e: unknown): VerifyResult {
	if (e instanceof errors.JWTExpired) return fail("EXPIRED_AUTH_TOKEN", "the token has expired");
	if (e instanceof errors.JWSInvalid || e instanceof errors.JWTInvalid) {
		return fail("MALFORMED_AUTH_TOKEN", `the token is not a valid JWT: ${e.message}`);
	}
	if (e instanceof errors.JWTClaimValidationFailed)
		return fail("UNAUTHORIZED", `the token's ${e.claim} claim is not acceptable`);
	if (e instanceof errors.JOSEError) return fail("UNAUTHORIZED", "the token's signature does not verify");
	throw e;
}

/** Verifies tokens and decides requests. */
export class Authorizer {
	readonly #keys: readonly ImportedKey[];
	readonly #options: AuthorizerOptions | undefined;

	private constructor(keys: readonly ImportedKey[], options: AuthorizerOptions | undefined) {
		this.#keys = keys;
		this.#options = options;
	}

	/** An authorizer that verifies tokens with `options.keys`. Rejects when a key cannot be imported. */
	static async create(options: AuthorizerOptions): Promise<Authorizer> {
		if (options.keys.length === 0) throw new TypeError("authorization needs at least one key");
		const keys = await Promise.all(
			options.keys.map((key, i) =>
				importVerificationKey(key).catch((e: unknown) => {
					const name = key.kid === undefined ? `auth.keys[${i}]` : `auth.keys[${i}] (kid ${key.kid})`;
					throw new TypeError(`${name}: ${(e as Error).message}`, { cause: e });
				}),
			),
		);
		return new Authorizer(keys, options);
	}

	/** An authorizer that allows everything (authorization off). */
	static disabled(): Authorizer {
		return new Authorizer([], undefined);
	}

	/** Whether tokens are checked at all. */
	get enabled(): boolean {
		return this.#options !== undefined;
	}

	/** Verifies a token (the AUTHORIZATION TOKEN's Token Value, as bytes or text). */
	async verify(token: string | Uint8Array | undefined): Promise<VerifyResult> {
		if (token === undefined) return fail("UNAUTHORIZED", "a token is required");
		const length = typeof token === "string" ? token.length : token.byteLength;
		if (length > MAX_TOKEN_BYTES) return fail("MALFORMED_AUTH_TOKEN", `the token exceeds ${MAX_TOKEN_BYTES} bytes`);
		let text: string;
		try {
			text = typeof token === "string" ? token : decoder.decode(token);
		} catch {
			return fail("MALFORMED_AUTH_TOKEN", "the token is not UTF-8");
		}
		let header: { alg?: string; kid?: string };
		try {
			// Both throw on anything that is not header.payload.signature with JSON objects inside.
			header = decodeProtectedHeader(text);
			decodeJwt(text);
		} catch {
			return fail("MALFORMED_AUTH_TOKEN", "the token is not a JWT");
		}
		// A kid picks its key; a token whose kid no key has may still verify with a key configured
		// without a kid (issuers often set one the relay was not told about).
		let candidates = this.#keys.filter((k) => header.kid !== undefined && k.kid === header.kid);
		if (candidates.length === 0) candidates = this.#keys.filter((k) => k.kid === undefined && k.alg === header.alg);
		if (candidates.length === 0) {
			return fail(
				"UNAUTHORIZED",
				header.kid !== undefined ? "the token's key id is unknown" : "no key for the token's algorithm",
			);
		}
		let outcome: VerifyResult = fail("UNAUTHORIZED", "the token's signature does not verify");
		for (const candidate of candidates) {
			let payload: JWTPayload;
			try {
				payload = (await jwtVerify(text, candidate.key, this.#verifyOptions(candidate))).payload;
			} catch (e) {
				outcome = classify(e);
				// A signature this key checked but a claim failed: another key cannot do better.
				if (outcome.ok === false && outcome.error !== "UNAUTHORIZED") return outcome;
				continue;
			}
			return this.#accept(payload);
		}
		return outcome;
	}

	/**
	 * Decides a request: `namespace` is the track's namespace, or the prefix of a
	 * SUBSCRIBE_NAMESPACE / SUBSCRIBE_TRACKS. `draft` picks the error code.
	 */
	async authorize(
		token: string | Uint8Array | undefined,
		request: AuthRequest,
		namespace: TrackNamespace,
		draft: Draft,
	): Promise<AuthDecision> {
		if (!this.enabled) return { allowed: true, subject: undefined };
		const verified = await this.verify(token);
		if (!verified.ok) {
			return {
				allowed: false,
				error: verified.error,
				code: authErrorCode(verified.error, request, draft),
				reason: verified.reason,
			};
		}
		return this.check(verified, request, namespace, draft);
	}

	/** Decides a request with a token verified before (a session may verify its token once). */
	check(token: VerifiedToken, request: AuthRequest, namespace: TrackNamespace, draft: Draft): AuthDecision {
		if (!this.enabled) return { allowed: true, subject: token.subject };
		if (token.expiresAt !== undefined && token.expiresAt <= this.#now() - this.#toleranceMs()) {
			return {
				allowed: false,
				error: "EXPIRED_AUTH_TOKEN",
				code: authErrorCode("EXPIRED_AUTH_TOKEN", request, draft),
				reason: "the token has expired",
			};
		}
		if (allows(token.grants, actionOf(request), namespace)) return { allowed: true, subject: token.subject };
		return {
			allowed: false,
			error: "UNAUTHORIZED",
			code: authErrorCode("UNAUTHORIZED", request, draft),
			reason: `the token does not allow ${request} here`,
		};
	}

	#now(): number {
		return (this.#options?.now ?? Date.now)();
	}

	#toleranceMs(): number {
		return (this.#options?.clockToleranceSeconds ?? 0) * 1000;
	}

	#verifyOptions(key: ImportedKey) {
		const o = this.#options!;
		return {
			algorithms: [key.alg],
			currentDate: new Date(this.#now()),
			clockTolerance: o.clockToleranceSeconds ?? 0,
			requiredClaims: o.requireExpiry === false ? [] : ["exp"],
			...(o.issuer === undefined ? {} : { issuer: o.issuer }),
			...(o.audience === undefined ? {} : { audience: o.audience }),
		};
	}

	#accept(payload: JWTPayload): VerifyResult {
		const grants = parseGrants(payload.moqt ?? {});
		if (typeof grants === "string") return fail("MALFORMED_AUTH_TOKEN", grants);
		return {
			ok: true,
			grants,
			subject: typeof payload.sub === "string" ? payload.sub : undefined,
			expiresAt: typeof payload.exp === "number" ? payload.exp * 1000 : undefined,
		};
	}
}
