/**
 * The `moqt` claim of the relay's JWT tokens: which namespace prefixes the bearer may publish and
 * subscribe under. The drafts leave the token format to the application ("The specifics of how a
 * relay authorizes a user are outside the scope of this specification", draft-ietf-moq-transport-19
 * §9.4 "Subscriber Interactions"; §13.3 "Authorization"; -14 §8.3), so this format is the relay's own:
 *
 * ```json
 * {
 *   "sub": "alice",
 *   "exp": 1767225600,
 *   "moqt": {
 *     "pub": [["room", "1"]],
 *     "sub": [["room"], [{ "b64": "AAEC" }, "video"]]
 *   }
 * }
 * ```
 *
 * - `moqt.pub` and `moqt.sub` are lists of namespace prefixes; each prefix is a list of fields; a
 *   field is a string (its UTF-8 bytes) or `{ "b64": "..." }` (base64 or base64url bytes, for
 *   fields that are not text). `[]` is the empty prefix and grants every namespace.
 * - `pub` allows PUBLISH_NAMESPACE of a namespace under a granted prefix and PUBLISH of a track
 *   whose namespace is under one. `sub` allows SUBSCRIBE, FETCH and TRACK_STATUS of such a track,
 *   and SUBSCRIBE_NAMESPACE / SUBSCRIBE_TRACKS of a prefix under a granted prefix: a token for
 *   ("room", "1") cannot discover ("room"), which would reveal ("room", "2").
 * - Matching is Namespace Prefix Matching on exact bytes (draft-19 §9.5).
 * - Either list may be absent (no grant). Anything else in `moqt` is ignored, so the format can
 *   grow; a `moqt` claim that is not of this shape makes the token malformed.
 *
 * @module
 */

import { Buffer } from "node:buffer";
import type { TrackNamespace } from "@moqt/wire";
import { isPrefixOf, namespaceProblem } from "../namespaces/names.js";

/** A namespace field in a token: a UTF-8 string, or base64 / base64url bytes. */
export type TokenField = string | { readonly b64: string };

/** The `moqt` claim, as JSON. */
export interface MoqtClaim {
	/** Namespace prefixes the bearer may publish under. */
	readonly pub?: readonly (readonly TokenField[])[];
	/** Namespace prefixes the bearer may subscribe under. */
	readonly sub?: readonly (readonly TokenField[])[];
}

/** What a token grants, decoded. */
export interface Grants {
	readonly publish: readonly TrackNamespace[];
	readonly subscribe: readonly TrackNamespace[];
}

/** The two things a token can allow. */
export const AuthAction = {
	PUBLISH: "publish",
	SUBSCRIBE: "subscribe",
} as const;
/** An {@link AuthAction}. */
export type AuthAction = (typeof AuthAction)[keyof typeof AuthAction];

/** The most prefixes one list of a token may carry. */
export const MAX_GRANTS = 256;

const BASE64 = /^(?:[A-Za-z0-9+/]*={0,2}|[A-Za-z0-9_-]*)$/;
const encoder = new TextEncoder();
const strictDecoder = new TextDecoder("utf-8", { fatal: true });

function decodeField(field: unknown): Uint8Array | string {
	if (typeof field === "string") return encoder.encode(field);
	if (typeof field === "object" && field !== null && !Array.isArray(field)) {
		const b64 = (field as { b64?: unknown }).b64;
		if (typeof b64 === "string" && b64.length % 4 !== 1 && BASE64.test(b64)) {
			return new Uint8Array(Buffer.from(b64, b64.includes("-") || b64.includes("_") ? "base64url" : "base64"));
		}
		return 'a binary field must be { "b64": "<base64>" }';
	}
	return "a field must be a string or { b64 }";
}

function decodeList(list: unknown, name: string): TrackNamespace[] | string {
	if (list === undefined) return [];
	if (!Array.isArray(list)) return `moqt.${name} must be an array of namespace prefixes`;
	if (list.length > MAX_GRANTS) return `moqt.${name} has more than ${MAX_GRANTS} prefixes`;
	const prefixes: TrackNamespace[] = [];
	for (const [i, prefix] of list.entries()) {
		if (!Array.isArray(prefix)) return `moqt.${name}[${i}] must be an array of fields`;
		if (prefix.length > 32) return `moqt.${name}[${i}] has more than 32 fields`;
		const fields: Uint8Array[] = [];
		for (const field of prefix) {
			const decoded = decodeField(field);
			if (typeof decoded === "string") return `moqt.${name}[${i}]: ${decoded}`;
			fields.push(decoded);
		}
		const problem = namespaceProblem(fields);
		if (problem !== undefined) return `moqt.${name}[${i}]: ${problem}`;
		prefixes.push(fields);
	}
	return prefixes;
}

/** Decodes the `moqt` claim; a string says why it is malformed. */
export function parseGrants(claim: unknown): Grants | string {
	if (typeof claim !== "object" || claim === null || Array.isArray(claim)) return "the moqt claim must be an object";
	const publish = decodeList((claim as { pub?: unknown }).pub, "pub");
	if (typeof publish === "string") return publish;
	const subscribe = decodeList((claim as { sub?: unknown }).sub, "sub");
	if (typeof subscribe === "string") return subscribe;
	return { publish, subscribe };
}

function encodeField(field: Uint8Array): TokenField {
	try {
		const text = strictDecoder.decode(field);
		// Only a string that encodes back to the same bytes can stand for them.
		if (Buffer.compare(encoder.encode(text), field) === 0) return text;
	} catch {
		// Not UTF-8: base64url below.
	}
	return { b64: Buffer.from(field).toString("base64url") };
}

/** The `moqt` claim that grants these prefixes (text fields as strings, others as base64url). */
export function encodeGrants(grants: Partial<Grants>): MoqtClaim {
	const list = (prefixes: readonly TrackNamespace[]) => prefixes.map((p) => p.map(encodeField));
	return {
		...(grants.publish === undefined ? {} : { pub: list(grants.publish) }),
		...(grants.subscribe === undefined ? {} : { sub: list(grants.subscribe) }),
	};
}

/** True when `grants` allow `action` on `namespace` (a track's namespace, or a requested prefix). */
export function allows(grants: Grants, action: AuthAction, namespace: TrackNamespace): boolean {
	const prefixes = action === AuthAction.PUBLISH ? grants.publish : grants.subscribe;
	return prefixes.some((prefix) => isPrefixOf(prefix, namespace));
}
