/**
 * Setup Parameters (draft-ietf-moq-transport-14 §9.3.2, -16 §9.3.1) and Setup Options (-18 and
 * -19 §10.3.1), as one semantic model: the options of CLIENT_SETUP / SERVER_SETUP (≤ 16) and SETUP
 * (≥ 17). On the wire they are Key-Value-Pairs (-14 §1.4.2, absolute types; -16 §1.4.2 and -18 / -19
 * §1.4.3, delta types), counted in CLIENT_SETUP / SERVER_SETUP and filling the body of SETUP.
 *
 * | Type | Option                    | Drafts         | Value                   |
 * |-----:|:--------------------------|:---------------|:------------------------|
 * | 0x01 | PATH                      | all            | bytes (URI path, query) |
 * | 0x02 | MAX_REQUEST_ID            | 14, 16         | varint                  |
 * | 0x03 | AUTHORIZATION TOKEN       | all, repeatable| Token structure         |
 * | 0x04 | MAX_AUTH_TOKEN_CACHE_SIZE | all            | varint                  |
 * | 0x05 | AUTHORITY                 | all            | bytes (URI authority)   |
 * | 0x06 | MAX_FILTER_RANGES         | 19             | varint                  |
 * | 0x07 | MOQT_IMPLEMENTATION       | all            | UTF-8                   |
 * | 0x08 | MAX_REQUEST_UPDATES       | 19             | varint                  |
 *
 * MOQT_IMPLEMENTATION in draft-14: its text gives Parameter Type 0x05, the type of AUTHORITY. The
 * collision was fixed to 0x07 in draft-15 (#1191), and the draft-14 stacks checked (moxygen among
 * them) send 0x07. This codec uses 0x07 in every draft and always reads 0x05 as AUTHORITY, so a
 * draft-14 peer that followed the text literally shows up as an `authority` from a server. Deciding
 * whether to close the session for that (INVALID_AUTHORITY) is the session layer's call.
 *
 * Unknown options (GREASE `0x7f * N + 0x9D`, later extensions, or a type this draft does not define,
 * such as MAX_REQUEST_ID in draft-19) MUST be ignored: the decoder keeps them in `unknown`, in wire
 * order, and never fails on them. A known option that repeats (other than AUTHORIZATION TOKEN) is
 * a PROTOCOL_VIOLATION; a known option whose value does not parse is a KEY_VALUE_FORMATTING_ERROR.
 * Which options each role may send, and the token alias rules (no DELETE / USE_ALIAS in setup
 * from draft-15), belong to the session layer.
 *
 * @module
 */

import type { Codec } from "./codec.js";
import { WireError } from "./errors.js";
import { readToken, writeToken } from "./fields.js";
import { readKeyValuePair, writeKeyValuePairs } from "./kvp.js";
import { Reader } from "./reader.js";
import type { AuthorizationToken, KeyValuePair } from "./types.js";
import { utf8Decode, utf8Encode } from "./utf8.js";
import type { Draft } from "./version.js";
import { Writer } from "./writer.js";

/** Setup Parameter / Setup Option types. */
export const SetupOptionType = {
	PATH: 0x01,
	/** draft-14 and -16 only (MAX_REQUEST_ID went away with request streams in -17). */
	MAX_REQUEST_ID: 0x02,
	AUTHORIZATION_TOKEN: 0x03,
	MAX_AUTH_TOKEN_CACHE_SIZE: 0x04,
	AUTHORITY: 0x05,
	/** draft-19 and later. */
	MAX_FILTER_RANGES: 0x06,
	/** 0x07 in every draft; draft-14's text says 0x05, a collision with AUTHORITY (see the module doc). */
	MOQT_IMPLEMENTATION: 0x07,
	/** draft-19 and later. */
	MAX_REQUEST_UPDATES: 0x08,
} as const;
/** A known Setup Option type. */
export type SetupOptionType = (typeof SetupOptionType)[keyof typeof SetupOptionType];

/** The options of a setup message, by meaning. Absent means "not sent" (the peer uses the default). */
export interface SetupOptions {
	/** PATH: the `path-abempty` and `?query` of a `moqt://` URI (client, native QUIC only). */
	readonly path?: string;
	/** AUTHORITY: the authority of a `moqt://` URI (client, native QUIC only). */
	readonly authority?: string;
	/** MAX_REQUEST_ID: the initial Maximum Request ID (draft-14 and -16; default 0). */
	readonly maxRequestId?: bigint;
	/** MAX_AUTH_TOKEN_CACHE_SIZE in bytes (default 0: no token aliases). */
	readonly maxAuthTokenCacheSize?: bigint;
	/** AUTHORIZATION TOKEN options, in order (repeatable). */
	readonly authorizationTokens?: readonly AuthorizationToken[];
	/** MOQT_IMPLEMENTATION: the sender's implementation name and version. */
	readonly implementation?: string;
	/** MAX_FILTER_RANGES (draft-19; default 0: no range filters). */
	readonly maxFilterRanges?: bigint;
	/** MAX_REQUEST_UPDATES (draft-19; default 0: unlimited). */
	readonly maxRequestUpdates?: bigint;
	/** Options this draft does not define (GREASE, extensions), kept so they can be logged or relayed. */
	readonly unknown?: readonly KeyValuePair[];
}

type Kind = "string" | "int" | "token";
type Field = Exclude<keyof SetupOptions, "unknown">;

interface Spec {
	readonly field: Field;
	readonly code: SetupOptionType;
	readonly kind: Kind;
	readonly drafts: readonly Draft[];
}

const ALL: readonly Draft[] = [14, 16, 18, 19];

// In ascending type order, which is also the draft-14 wire order the encoder uses.
const SPECS: readonly Spec[] = [
	{ field: "path", code: SetupOptionType.PATH, kind: "string", drafts: ALL },
	{ field: "maxRequestId", code: SetupOptionType.MAX_REQUEST_ID, kind: "int", drafts: [14, 16] },
	{ field: "authorizationTokens", code: SetupOptionType.AUTHORIZATION_TOKEN, kind: "token", drafts: ALL },
	{ field: "maxAuthTokenCacheSize", code: SetupOptionType.MAX_AUTH_TOKEN_CACHE_SIZE, kind: "int", drafts: ALL },
	{ field: "authority", code: SetupOptionType.AUTHORITY, kind: "string", drafts: ALL },
	{ field: "maxFilterRanges", code: SetupOptionType.MAX_FILTER_RANGES, kind: "int", drafts: [19] },
	{ field: "implementation", code: SetupOptionType.MOQT_IMPLEMENTATION, kind: "string", drafts: ALL },
	{ field: "maxRequestUpdates", code: SetupOptionType.MAX_REQUEST_UPDATES, kind: "int", drafts: [19] },
];

const BY_CODE = new Map<Draft, ReadonlyMap<bigint, Spec>>(
	ALL.map((d) => [d, new Map(SPECS.filter((s) => s.drafts.includes(d)).map((s) => [BigInt(s.code), s]))]),
);

type Target = { -readonly [K in keyof SetupOptions]?: SetupOptions[K] };

/**
 * Reads setup options into `target`: `count` of them (CLIENT_SETUP / SERVER_SETUP), or, when
 * `count` is undefined, up to `r.end` (SETUP). At most `c.limits.maxParameters` options.
 */
export function readSetupOptions(r: Reader, c: Codec, count: number | undefined, target: Target): void {
	const max = c.limits.maxParameters;
	if (count !== undefined && count > max) {
		throw new WireError("too-large", `${count} setup options exceed the limit`, { offset: r.pos });
	}
	const known = BY_CODE.get(c.draft)!;
	const seen = new Set<bigint>();
	const unknown: KeyValuePair[] = [];
	let prev = 0n;
	for (let n = 0; count === undefined ? r.pos < r.end : n < count; n++) {
		if (n === max) throw new WireError("too-large", "too many setup options", { offset: r.pos });
		const at = r.pos;
		const kv = readKeyValuePair(r, c, prev);
		prev = kv.type;
		const spec = known.get(kv.type);
		if (spec === undefined) {
			unknown.push(kv);
			continue;
		}
		if (spec.kind !== "token") {
			if (seen.has(kv.type)) {
				throw new WireError("invalid-value", `duplicate setup option ${spec.field}`, { offset: at });
			}
			seen.add(kv.type);
		}
		assign(target, spec, kv.value, r, c);
	}
	if (unknown.length > 0) target.unknown = unknown;
}

// The parity of each known type fixes the shape of its value, so `value` already has the right kind.
function assign(target: Target, spec: Spec, value: bigint | Uint8Array, r: Reader, c: Codec): void {
	switch (spec.kind) {
		case "int":
			(target as Record<Field, unknown>)[spec.field] = value;
			return;
		case "string":
			(target as Record<Field, unknown>)[spec.field] = utf8Decode(value as Uint8Array);
			return;
		case "token": {
			const bytes = value as Uint8Array;
			// A reader over the same buffer keeps error offsets relative to the message.
			const start = bytes.byteOffset - r.buf.byteOffset;
			const end = start + bytes.length;
			const token = readToken(new Reader(r.buf, c.moqtVarint, start, end), end);
			target.authorizationTokens = [...(target.authorizationTokens ?? []), token];
			return;
		}
	}
}

/**
 * Writes setup options: preceded by their count when `counted` (CLIENT_SETUP / SERVER_SETUP), bare
 * for SETUP. An option the draft does not define is an "unsupported" {@link WireError}; an
 * `unknown` entry whose type the draft does define is an "invalid-value" one.
 */
export function writeSetupOptions(w: Writer, c: Codec, o: SetupOptions, counted: boolean): void {
	const pairs: KeyValuePair[] = [];
	for (const spec of SPECS) {
		const value = o[spec.field];
		if (value === undefined) continue;
		if (!spec.drafts.includes(c.draft)) {
			throw new WireError("unsupported", `draft-${c.draft} has no ${spec.field} setup option`);
		}
		const type = BigInt(spec.code);
		switch (spec.kind) {
			case "int":
				pairs.push({ type, value: value as bigint });
				break;
			case "string":
				pairs.push({ type, value: utf8Encode(value as string) });
				break;
			case "token":
				for (const t of value as readonly AuthorizationToken[]) pairs.push({ type, value: tokenBytes(t, c) });
				break;
		}
	}
	const known = BY_CODE.get(c.draft)!;
	for (const kv of o.unknown ?? []) {
		if (known.has(kv.type)) {
			throw new WireError("invalid-value", `setup option type ${kv.type} is defined in draft-${c.draft}, not unknown`);
		}
		pairs.push(kv);
	}
	if (pairs.length > c.limits.maxParameters) throw new WireError("too-large", `${pairs.length} setup options`);
	if (counted) w.varint(pairs.length);
	writeKeyValuePairs(w, c, pairs);
}

function tokenBytes(t: AuthorizationToken, c: Codec): Uint8Array {
	const inner = new Writer(32, c.moqtVarint);
	writeToken(inner, t);
	return inner.finish();
}
