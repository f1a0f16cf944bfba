/**
 * Authorization of one session's requests (draft-ietf-moq-transport-19 §9.4: "Relays MUST ensure
 * subscribers are authorized ... The authorization information can be part of request itself or
 * part of the encompassing session"; §9.5: "Relays MUST verify that publishers are authorized";
 * §10.2.2 AUTHORIZATION TOKEN; §10.1.1.4 the SETUP option; -14 §8.3, §8.4, §9.2.1.1).
 *
 * A request is decided by the tokens it carries (resolved from the session's alias cache by
 * `@moqt/session`), or by the token of the session's setup when it carries none; with
 * authorization on, no token means no access. Each distinct token is verified once per session
 * (signature and claims), and each decision then checks expiry and the grants against the
 * request's namespace.
 *
 * @module
 */

import type { ResolvedToken } from "@moqt/session";
import type { Draft, TrackNamespace } from "@moqt/wire";
import type { AuthDecision, Authorizer, VerifyResult } from "../auth/authorizer.js";
import { type AuthRequest, authErrorCode } from "../auth/error-codes.js";

/** Distinct tokens whose verification a session remembers. */
const MAX_VERIFIED = 16;

const ALLOWED: AuthDecision = { allowed: true, subject: undefined };

/** One session's view of the authorizer. */
export class AuthGate {
	readonly #authorizer: Authorizer;
	readonly #draft: Draft;
	readonly #setupTokens: readonly ResolvedToken[];
	readonly #verified = new Map<string, Promise<VerifyResult>>();
	readonly #decoder = new TextDecoder();

	constructor(authorizer: Authorizer, draft: Draft, setupTokens: readonly ResolvedToken[]) {
		this.#authorizer = authorizer;
		this.#draft = draft;
		this.#setupTokens = setupTokens;
	}

	/** Decides `request` on `namespace` (a track's namespace, or a requested prefix). */
	async authorize(
		request: AuthRequest,
		namespace: TrackNamespace,
		tokens: readonly ResolvedToken[],
	): Promise<AuthDecision> {
		const authorizer = this.#authorizer;
		if (!authorizer.enabled) return ALLOWED;
		const candidates = tokens.length > 0 ? tokens : this.#setupTokens;
		if (candidates.length === 0) {
			return {
				allowed: false,
				error: "UNAUTHORIZED",
				code: authErrorCode("UNAUTHORIZED", request, this.#draft),
				reason: "a token is required",
			};
		}
		let refusal: AuthDecision | undefined;
		for (const token of candidates) {
			const verified = await this.#verify(token.value);
			const decision = verified.ok
				? authorizer.check(verified, request, namespace, this.#draft)
				: {
						allowed: false as const,
						error: verified.error,
						code: authErrorCode(verified.error, request, this.#draft),
						reason: verified.reason,
					};
			if (decision.allowed) return decision;
			refusal ??= decision;
		}
		return refusal!;
	}

	#verify(value: Uint8Array): Promise<VerifyResult> {
		const text = this.#decoder.decode(value);
		let result = this.#verified.get(text);
		if (result === undefined) {
			if (this.#verified.size >= MAX_VERIFIED) this.#verified.delete(this.#verified.keys().next().value!);
			result = this.#authorizer.verify(value);
			this.#verified.set(text, result);
		}
		return result;
	}
}
