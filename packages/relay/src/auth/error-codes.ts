/**
 * The error code a refused request carries, per draft and per request (draft-ietf-moq-transport-14
 * §13.1.2-§13.1.7, one table per *_ERROR message; -16 §13.4.2, -18 §15.10.2, -19 §15.11.2
 * REQUEST_ERROR). The numbers come from `@moqt/wire`'s tables: UNAUTHORIZED is 0x1 everywhere,
 * MALFORMED_AUTH_TOKEN / EXPIRED_AUTH_TOKEN are 0x10 / 0x12 in draft-14 and 0x4 / 0x5 from -16.
 *
 * Draft-14's PUBLISH_ERROR has no token codes, so a bad or expired token on a PUBLISH is
 * UNAUTHORIZED there. SUBSCRIBE_TRACKS does not exist in draft-14 (SUBSCRIBE_NAMESPACE covers
 * tracks), so it maps to the SUBSCRIBE_NAMESPACE_ERROR table.
 *
 * @module
 */

import {
	type Draft,
	FetchErrorCode,
	PublishErrorCode,
	PublishNamespaceErrorCode,
	RequestErrorCode,
	SubscribeErrorCode,
	SubscribeNamespaceErrorCode,
} from "@moqt/wire";
import { AuthAction } from "./claims.js";

/** The requests that carry an AUTHORIZATION TOKEN and that the relay authorizes. */
export const AuthRequest = {
	SUBSCRIBE: "SUBSCRIBE",
	FETCH: "FETCH",
	TRACK_STATUS: "TRACK_STATUS",
	PUBLISH: "PUBLISH",
	PUBLISH_NAMESPACE: "PUBLISH_NAMESPACE",
	SUBSCRIBE_NAMESPACE: "SUBSCRIBE_NAMESPACE",
	SUBSCRIBE_TRACKS: "SUBSCRIBE_TRACKS",
} as const;
/** An {@link AuthRequest}. */
export type AuthRequest = (typeof AuthRequest)[keyof typeof AuthRequest];

/** Why a request was refused, by the drafts' error names. */
export type AuthError = "UNAUTHORIZED" | "MALFORMED_AUTH_TOKEN" | "EXPIRED_AUTH_TOKEN";

/** What a request asks the token for: to publish or to subscribe. */
export function actionOf(request: AuthRequest): AuthAction {
	return request === AuthRequest.PUBLISH || request === AuthRequest.PUBLISH_NAMESPACE
		? AuthAction.PUBLISH
		: AuthAction.SUBSCRIBE;
}

/** The draft-14 *_ERROR table a request's error message uses. */
function draft14Table(request: AuthRequest): Partial<Record<AuthError, number>> {
	switch (request) {
		case AuthRequest.SUBSCRIBE:
		case AuthRequest.TRACK_STATUS:
			return SubscribeErrorCode;
		case AuthRequest.FETCH:
			return FetchErrorCode;
		case AuthRequest.PUBLISH:
			return PublishErrorCode;
		case AuthRequest.PUBLISH_NAMESPACE:
			return PublishNamespaceErrorCode;
		case AuthRequest.SUBSCRIBE_NAMESPACE:
		case AuthRequest.SUBSCRIBE_TRACKS:
			return SubscribeNamespaceErrorCode;
	}
}

/** The numeric code of `error` in the error message that answers `request` in `draft`. */
export function authErrorCode(error: AuthError, request: AuthRequest, draft: Draft): number {
	if (draft === 14) {
		const table = draft14Table(request);
		return table[error] ?? PublishErrorCode.UNAUTHORIZED;
	}
	return RequestErrorCode[draft][error];
}
