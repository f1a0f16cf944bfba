/**
 * Message Parameters, for every supported draft.
 *
 * - draft-14 §9.2 "Parameters" / "Version Specific Parameters": key-value pairs with absolute
 *   types; unknown parameters, and known ones in a message that does not allow them, are ignored.
 * - draft-16 §9.2 "Parameters" / "Message Parameters": delta-typed key-value pairs; an unknown
 *   parameter is a PROTOCOL_VIOLATION, a known one in the wrong message is ignored.
 * - draft-18 and -19 §10.2 "Message Parameters": `Type Delta (vi64), Value (..)` where the value
 *   encoding depends on the type (uint8, varint, Location, length-prefixed); unknown parameters
 *   and parameters in the wrong message are a PROTOCOL_VIOLATION.
 *
 * The model is semantic: a message carries `subscriberPriority`, `forward`, `largestObject` and
 * the like as plain fields, whether the draft has them as fixed fields (draft-14) or as
 * parameters (later drafts). Each message codec writes its fixed fields itself and hands the rest
 * to {@link writeParameters}, naming the fields it consumed.
 *
 * @module
 */

import type { Codec } from "./codec.js";
import { WireError } from "./errors.js";
import { readLocation, readNamespace, readToken, writeLocation, writeNamespace, writeToken } from "./fields.js";
import {
	type RangeFilter,
	RangeFilterKind,
	readRangeFilter,
	readSubscriptionFilter,
	writeRangeFilter,
	writeSubscriptionFilter,
} from "./filters.js";
import { readKeyValuePair } from "./kvp.js";
import { Reader } from "./reader.js";
import type { AuthorizationToken, GroupOrder, Location, SubscriptionFilter, TrackNamespace } from "./types.js";
import type { Draft } from "./version.js";
import { varintLength, type Writer } from "./writer.js";

/** The optional elements of control messages, by meaning rather than by wire position. */
export interface MessageParameters {
	/** AUTHORIZATION TOKEN (0x03), repeatable. */
	readonly authorizationTokens?: readonly AuthorizationToken[];
	/** DELIVERY TIMEOUT (0x02) up to -16, OBJECT_DELIVERY_TIMEOUT (0x02) from -17, in ms. */
	readonly deliveryTimeout?: bigint;
	/** SUBGROUP_DELIVERY_TIMEOUT (0x06), -17+, in ms. */
	readonly subgroupDeliveryTimeout?: bigint;
	/** MAX_CACHE_DURATION (0x04), draft-14 only (a track extension / property later), in ms. */
	readonly maxCacheDuration?: bigint;
	/** RENDEZVOUS_TIMEOUT (0x04), -17+, in ms. */
	readonly rendezvousTimeout?: bigint;
	/** EXPIRES: a SUBSCRIBE_OK field in -14, parameter 0x08 from -15, in ms (0 = never). */
	readonly expires?: bigint;
	/** The largest Location: Content Exists + Largest Location in -14, LARGEST_OBJECT (0x09) later. */
	readonly largestObject?: Location;
	/** FILL_TIMEOUT (0x0A), -17+, in ms. */
	readonly fillTimeout?: bigint;
	/** Forward state: a field in -14, FORWARD (0x10) later. Default true. */
	readonly forward?: boolean;
	/** Subscriber priority 0–255: a field in -14, SUBSCRIBER_PRIORITY (0x20) later. Default 128. */
	readonly subscriberPriority?: number;
	/** A field in -14, SUBSCRIPTION_FILTER (0x21) in -16/-18, LOCATION_FILTER (0x21) in -19. */
	readonly subscriptionFilter?: SubscriptionFilter;
	/** Group order: a field in -14, GROUP_ORDER (0x22) later. */
	readonly groupOrder?: GroupOrder;
	/** Range Filters (0x25–0x29), -19+, repeatable. */
	readonly rangeFilters?: readonly RangeFilter[];
	/** NEW_GROUP_REQUEST (0x32), -16+. */
	readonly newGroupRequest?: bigint;
	/** TRACK_NAMESPACE_PREFIX (0x34), -17+, in REQUEST_UPDATE. */
	readonly trackNamespacePrefix?: TrackNamespace;
}

/** The name of a field of {@link MessageParameters}. */
export type ParameterField = keyof MessageParameters;

type Kind = "int" | "u8" | "order" | "bool" | "location" | "filter" | "token" | "namespace" | "range";

interface Spec {
	readonly field: ParameterField;
	readonly kind: Kind;
	readonly code: number;
	/** For each draft that defines the parameter, the messages it may appear in. */
	readonly allowed: Partial<Record<Draft, ReadonlySet<string>>>;
}

const set = (...names: string[]): ReadonlySet<string> => new Set(names);

// In -17+ PUBLISH_OK, REQUEST_UPDATE_OK, TRACK_STATUS_OK and the namespace OKs are all REQUEST_OK
// (draft-18 §10.5 REQUEST_OK): a parameter allowed in any of them is allowed in REQUEST_OK, and the session
// layer checks the narrower rule for the request the response answers.
const AUTH_16 = set(
	"PUBLISH",
	"SUBSCRIBE",
	"REQUEST_UPDATE",
	"SUBSCRIBE_NAMESPACE",
	"PUBLISH_NAMESPACE",
	"TRACK_STATUS",
	"FETCH",
);
const AUTH_18 = set(...AUTH_16, "SUBSCRIBE_TRACKS");
const SUB_TIMEOUTS = set("SUBSCRIBE", "REQUEST_UPDATE", "PUBLISH_OK", "REQUEST_OK");
// -19 "Parameters on SUBSCRIBE_TRACKS": any parameter valid in SUBSCRIBE is valid there too.
const SUB_TIMEOUTS_19 = set(...SUB_TIMEOUTS, "SUBSCRIBE_TRACKS");
const RANGE_19 = set("SUBSCRIBE", "FETCH", "SUBSCRIBE_TRACKS", "REQUEST_OK", "REQUEST_UPDATE");

const SPECS: readonly Spec[] = [
	{
		field: "authorizationTokens",
		kind: "token",
		code: 0x03,
		allowed: {
			14: set(
				"PUBLISH",
				"SUBSCRIBE",
				"SUBSCRIBE_UPDATE",
				"SUBSCRIBE_NAMESPACE",
				"PUBLISH_NAMESPACE",
				"TRACK_STATUS",
				"FETCH",
			),
			16: AUTH_16,
			18: AUTH_18,
			19: AUTH_18,
		},
	},
	{
		field: "deliveryTimeout",
		kind: "int",
		code: 0x02,
		allowed: {
			14: set(
				"TRACK_STATUS",
				"TRACK_STATUS_OK",
				"PUBLISH",
				"PUBLISH_OK",
				"SUBSCRIBE",
				"SUBSCRIBE_OK",
				"SUBSCRIBE_UPDATE",
			),
			16: set("PUBLISH_OK", "SUBSCRIBE", "REQUEST_UPDATE"),
			18: SUB_TIMEOUTS,
			19: SUB_TIMEOUTS_19,
		},
	},
	{
		field: "maxCacheDuration",
		kind: "int",
		code: 0x04,
		allowed: { 14: set("PUBLISH", "SUBSCRIBE_OK", "FETCH_OK", "TRACK_STATUS_OK") },
	},
	{
		field: "rendezvousTimeout",
		kind: "int",
		code: 0x04,
		allowed: { 18: set("SUBSCRIBE"), 19: set("SUBSCRIBE", "SUBSCRIBE_TRACKS") },
	},
	{ field: "subgroupDeliveryTimeout", kind: "int", code: 0x06, allowed: { 18: SUB_TIMEOUTS, 19: SUB_TIMEOUTS_19 } },
	{
		field: "expires",
		kind: "int",
		code: 0x08,
		allowed: {
			// -16 has "(TODO: or REQUEST_OK)"; accepted there too.
			16: set("SUBSCRIBE_OK", "PUBLISH", "PUBLISH_OK", "REQUEST_OK"),
			18: set("SUBSCRIBE_OK", "PUBLISH", "REQUEST_OK"),
			19: set("SUBSCRIBE_OK", "PUBLISH", "REQUEST_OK"),
		},
	},
	{
		field: "largestObject",
		kind: "location",
		code: 0x09,
		allowed: {
			16: set("SUBSCRIBE_OK", "PUBLISH", "REQUEST_OK"),
			18: set("SUBSCRIBE_OK", "PUBLISH", "REQUEST_OK"),
			19: set("SUBSCRIBE_OK", "PUBLISH", "REQUEST_OK"),
		},
	},
	{ field: "fillTimeout", kind: "int", code: 0x0a, allowed: { 18: set("FETCH"), 19: set("FETCH") } },
	{
		field: "forward",
		kind: "bool",
		code: 0x10,
		allowed: {
			16: set("SUBSCRIBE", "REQUEST_UPDATE", "PUBLISH", "PUBLISH_OK", "SUBSCRIBE_NAMESPACE"),
			18: set("SUBSCRIBE", "REQUEST_UPDATE", "PUBLISH", "REQUEST_OK", "SUBSCRIBE_TRACKS"),
			19: set("SUBSCRIBE", "REQUEST_UPDATE", "PUBLISH", "REQUEST_OK", "SUBSCRIBE_TRACKS"),
		},
	},
	{
		field: "subscriberPriority",
		kind: "u8",
		code: 0x20,
		allowed: {
			16: set("SUBSCRIBE", "FETCH", "REQUEST_UPDATE", "PUBLISH_OK"),
			18: set("SUBSCRIBE", "FETCH", "REQUEST_UPDATE", "REQUEST_OK"),
			19: set("SUBSCRIBE", "FETCH", "REQUEST_UPDATE", "REQUEST_OK", "SUBSCRIBE_TRACKS"),
		},
	},
	{
		field: "subscriptionFilter",
		kind: "filter",
		code: 0x21,
		allowed: {
			16: set("SUBSCRIBE", "PUBLISH_OK", "REQUEST_UPDATE"),
			18: set("SUBSCRIBE", "REQUEST_OK", "REQUEST_UPDATE"),
			19: set("SUBSCRIBE", "REQUEST_OK", "REQUEST_UPDATE", "SUBSCRIBE_TRACKS"),
		},
	},
	{
		field: "groupOrder",
		kind: "order",
		code: 0x22,
		allowed: {
			16: set("SUBSCRIBE", "PUBLISH_OK", "FETCH"),
			18: set("SUBSCRIBE", "REQUEST_OK", "FETCH"),
			// -19 moved it from PUBLISH_OK to SUBSCRIBE_TRACKS (#1777).
			19: set("SUBSCRIBE", "SUBSCRIBE_TRACKS", "FETCH"),
		},
	},
	{ field: "rangeFilters", kind: "range", code: RangeFilterKind.SUBGROUP, allowed: { 19: RANGE_19 } },
	{ field: "rangeFilters", kind: "range", code: RangeFilterKind.OBJECT_ID, allowed: { 19: RANGE_19 } },
	{ field: "rangeFilters", kind: "range", code: RangeFilterKind.PRIORITY, allowed: { 19: RANGE_19 } },
	{ field: "rangeFilters", kind: "range", code: RangeFilterKind.OBJECT_PROPERTY, allowed: { 19: RANGE_19 } },
	{
		field: "rangeFilters",
		kind: "range",
		code: RangeFilterKind.TRACK_PROPERTY,
		allowed: { 19: set("SUBSCRIBE_TRACKS", "REQUEST_UPDATE") },
	},
	{
		field: "newGroupRequest",
		kind: "int",
		code: 0x32,
		allowed: {
			16: set("PUBLISH_OK", "SUBSCRIBE", "REQUEST_UPDATE"),
			18: set("REQUEST_OK", "SUBSCRIBE", "REQUEST_UPDATE"),
			19: set("REQUEST_OK", "SUBSCRIBE", "REQUEST_UPDATE", "SUBSCRIBE_TRACKS"),
		},
	},
	{
		field: "trackNamespacePrefix",
		kind: "namespace",
		code: 0x34,
		allowed: { 18: set("REQUEST_UPDATE"), 19: set("REQUEST_UPDATE") },
	},
];

// Per draft: the specs it defines, by code, and in ascending code order.
const BY_CODE = new Map<Draft, Map<number, Spec>>();
const ORDERED = new Map<Draft, readonly Spec[]>();
for (const d of [14, 16, 18, 19] as const) {
	const specs = SPECS.filter((s) => s.allowed[d] !== undefined).sort((a, b) => a.code - b.code);
	ORDERED.set(d, specs);
	BY_CODE.set(d, new Map(specs.map((s) => [s.code, s])));
}

const REPEATABLE = new Set<ParameterField>(["authorizationTokens", "rangeFilters"]);
// Each spec's bit in the duplicate check (there are fewer than 32).
const SPEC_INDEX = new Map<Spec, number>(SPECS.map((s, i) => [s, i]));
if (SPECS.length > 31) throw new Error("parameter duplicate check needs a wider bit set");

/** A message under construction: parameters are assigned as they are read. */
type Target = { -readonly [K in ParameterField]?: MessageParameters[K] };

/**
 * Reads `Number of Parameters` and the parameters of `message`, assigning the known ones to
 * `target`.
 */
export function readParameters(r: Reader, c: Codec, message: string, target: Target): void {
	const countAt = r.pos;
	const count = r.varint();
	if (count > c.limits.maxParameters) {
		throw new WireError("too-large", `${count} parameters exceed the limit`, { offset: countAt });
	}
	const byCode = BY_CODE.get(c.draft)!;
	let seen = 0; // bit i set: the spec at SPECS index i was seen (non-repeatable ones only)
	let prevType = 0n; // key-value pair types are bigints (draft-14 / -16)
	let prevCode = 0; // typed parameter types as numbers (-17+); past 2^53 they are unknown anyway
	for (let i = 0; i < count; i++) {
		const at = r.pos;
		let spec: Spec | undefined;
		if (!c.info.typedParameters) {
			// draft-14 / -16: a key-value pair; its parity decides the value's shape.
			const kv = readKeyValuePair(r, c, prevType);
			prevType = kv.type;
			spec = kv.type <= 0xffffn ? byCode.get(Number(kv.type)) : undefined;
			if (spec === undefined) {
				if (c.draft >= 16) throw new WireError("invalid-value", `unknown Message Parameter ${kv.type}`, { offset: at });
				continue; // draft-14: receivers ignore unrecognized parameters
			}
			if (!spec.allowed[c.draft]!.has(message)) continue; // -14 / -16: MUST be ignored
			seen = checkDuplicate(spec, seen, at);
			assign(target, spec, kvValue(spec, kv.value, c, at));
			continue;
		}
		prevCode += r.varintSaturated();
		spec = prevCode <= 0xffff ? byCode.get(prevCode) : undefined;
		if (spec === undefined)
			throw new WireError("invalid-value", `unknown Message Parameter ${prevCode}`, { offset: at });
		if (!spec.allowed[c.draft]!.has(message)) {
			throw new WireError("invalid-value", `parameter ${spec.field} is not allowed in ${message}`, { offset: at });
		}
		seen = checkDuplicate(spec, seen, at);
		assign(target, spec, typedValue(r, spec, c, at));
	}
}

function checkDuplicate(spec: Spec, seen: number, at: number): number {
	if (REPEATABLE.has(spec.field)) return seen;
	const bit = 1 << SPEC_INDEX.get(spec)!;
	if ((seen & bit) !== 0) throw new WireError("invalid-value", `duplicate parameter ${spec.field}`, { offset: at });
	return seen | bit;
}

function assign(target: Target, spec: Spec, value: unknown): void {
	if (spec.field === "authorizationTokens") {
		target.authorizationTokens = [...(target.authorizationTokens ?? []), value as AuthorizationToken];
	} else if (spec.field === "rangeFilters") {
		target.rangeFilters = [...(target.rangeFilters ?? []), value as RangeFilter];
	} else {
		(target as Record<string, unknown>)[spec.field] = value;
	}
}

function checkU8(v: bigint, spec: Spec, at: number): number {
	if (spec.kind === "order" ? v !== 1n && v !== 2n : v > 255n) {
		throw new WireError("invalid-value", `${spec.field} out of range: ${v}`, { offset: at });
	}
	return Number(v);
}

function checkBool(v: bigint, at: number): boolean {
	if (v > 1n) throw new WireError("invalid-value", `forward must be 0 or 1, got ${v}`, { offset: at });
	return v === 1n;
}

// Draft-14 / -16: interpret a key-value pair's value for a known parameter.
function kvValue(spec: Spec, value: bigint | Uint8Array, c: Codec, at: number): unknown {
	if (typeof value === "bigint") {
		switch (spec.kind) {
			case "int":
				return value;
			case "u8":
			case "order":
				return checkU8(value, spec, at);
			case "bool":
				return checkBool(value, at);
		}
		throw new WireError("malformed", `parameter ${spec.field} needs a byte value`, { offset: at });
	}
	const inner = new Reader(value, c.moqtVarint);
	try {
		let v: unknown;
		switch (spec.kind) {
			case "token":
				return readToken(inner, value.length);
			case "location":
				v = readLocation(inner);
				break;
			case "filter":
				v = readSubscriptionFilter(inner, c);
				break;
			default:
				throw new WireError("malformed", `parameter ${spec.field} needs an integer value`, { offset: at });
		}
		if (inner.pos !== value.length)
			throw new WireError("malformed", `parameter ${spec.field} has trailing bytes`, { offset: at });
		return v;
	} catch (e) {
		if (e instanceof WireError) throw e;
		throw new WireError("malformed", `parameter ${spec.field} is truncated`, { offset: at });
	}
}

// Draft-17+: read a typed parameter value.
function typedValue(r: Reader, spec: Spec, c: Codec, at: number): unknown {
	switch (spec.kind) {
		case "int":
			return r.varintBig();
		case "u8":
		case "order":
			return checkU8(BigInt(r.u8()), spec, at);
		case "bool":
			return checkBool(BigInt(r.u8()), at);
		case "location":
			return readLocation(r);
		case "namespace":
			return readNamespace(r, c, { prefix: true });
		case "token":
		case "filter":
		case "range": {
			const len = r.varint();
			if (len > r.remaining)
				throw new WireError("malformed", `parameter ${spec.field} runs past its message`, { offset: at });
			const end = r.pos + len;
			const savedEnd = r.end;
			r.end = end;
			try {
				let v: unknown;
				if (spec.kind === "token") v = readToken(r, end);
				else if (spec.kind === "range") v = readRangeFilter(r, spec.code as RangeFilterKind, end);
				else v = readSubscriptionFilter(r, c);
				if (r.pos !== end)
					throw new WireError("malformed", `parameter ${spec.field} has trailing bytes`, { offset: at });
				return v;
			} finally {
				r.end = savedEnd;
			}
		}
	}
}

/**
 * Writes `Number of Parameters` and the parameters of `message` found in `p`. Fields the message
 * encoder already wrote as fixed fields are named in `consumed`; any other field the draft cannot
 * carry in this message is an "unsupported" {@link WireError}.
 */
export function writeParameters(
	w: Writer,
	c: Codec,
	message: string,
	p: MessageParameters,
	consumed: readonly ParameterField[] = [],
): void {
	const plan = planOf(c.draft, message);
	// One pass over the message's own keys (fewer and faster than probing every parameter name).
	const specs = SCRATCH_SPECS;
	const values = SCRATCH_VALUES;
	let n = 0; // entries collected (the scratch arrays are reused, never shrunk)
	let ranges = 0;
	for (const key in p) {
		const value = (p as Record<string, unknown>)[key];
		if (value === undefined) continue;
		const allowed = plan.byField.get(key);
		if (allowed === undefined) {
			if (!FIELD_SET.has(key) || consumed.includes(key as ParameterField)) continue;
			if (key === "groupOrder" && value === 0) continue;
			if (key === "rangeFilters" && (value as readonly RangeFilter[]).length === 0) continue;
			// A field this draft cannot carry in this message: an error, never silently dropped.
			throw new WireError("unsupported", `${message} cannot carry ${key} in draft-${c.draft}`);
		}
		for (const spec of allowed) {
			if (spec.kind === "token") {
				for (const t of value as readonly AuthorizationToken[]) n = add(specs, values, n, spec, t);
			} else if (spec.kind === "range") {
				for (const f of value as readonly RangeFilter[]) {
					if (f.kind !== spec.code) continue;
					n = add(specs, values, n, spec, f);
					ranges++;
				}
			} else if (!(spec.kind === "order" && value === 0 && c.draft >= 16)) {
				// Group order 0 ("publisher's preference", a draft-14 field value) is the parameter's absence.
				n = add(specs, values, n, spec, value);
			}
		}
	}
	if (ranges !== (p.rangeFilters?.length ?? 0)) {
		throw new WireError("invalid-value", `a Range Filter kind that ${message} cannot carry in draft-${c.draft}`);
	}
	w.varint(n);
	let prev = 0;
	for (let i = 0; i < n; i++) {
		const spec = specs[i]!;
		w.varint(c.info.deltaKeyValuePairs ? spec.code - prev : spec.code);
		prev = spec.code;
		if (c.info.typedParameters) writeTyped(w, c, spec, values[i]);
		else writeKv(w, c, spec, values[i]);
		values[i] = undefined; // do not keep the message's values alive
	}
}

// Reused across calls (encoding is synchronous and never re-enters writeParameters).
const SCRATCH_SPECS: Spec[] = [];
const SCRATCH_VALUES: unknown[] = [];

// Inserts entry n in ascending type order (stable): the wire order from -16, harmless for -14.
// Returns the new count.
function add(specs: Spec[], values: unknown[], n: number, spec: Spec, value: unknown): number {
	let i = n;
	while (i > 0 && specs[i - 1]!.code > spec.code) {
		specs[i] = specs[i - 1]!;
		values[i] = values[i - 1];
		i--;
	}
	specs[i] = spec;
	values[i] = value;
	return n + 1;
}

/** What a message may carry in a draft. */
interface Plan {
	/** For each field the message may carry, its specs in ascending type order. */
	readonly byField: ReadonlyMap<string, readonly Spec[]>;
}

const FIELD_SET: ReadonlySet<string> = new Set(SPECS.map((s) => s.field));
const PLANS = new Map<Draft, Map<string, Plan>>();

// Cached per (draft, message): both are few.
function planOf(draft: Draft, message: string): Plan {
	let byMessage = PLANS.get(draft);
	if (byMessage === undefined) {
		byMessage = new Map();
		PLANS.set(draft, byMessage);
	}
	let plan = byMessage.get(message);
	if (plan === undefined) {
		const byField = new Map<string, Spec[]>();
		for (const spec of ORDERED.get(draft)!) {
			if (!spec.allowed[draft]!.has(message)) continue;
			byField.set(spec.field, [...(byField.get(spec.field) ?? []), spec]);
		}
		plan = { byField };
		byMessage.set(message, plan);
	}
	return plan;
}

function intValue(spec: Spec, value: unknown): bigint | number {
	switch (spec.kind) {
		case "bool":
			return value ? 1 : 0;
		case "u8":
		case "order":
			return value as number;
		default:
			return value as bigint;
	}
}

// Writes a length-prefixed value in place: one byte is reserved for the length, and the value is
// moved up in the rare case its length needs a longer varint (no temporary buffer).
function writeNested(w: Writer, c: Codec, write: (w: Writer) => void): void {
	w.ensure(1);
	const lengthAt = w.pos;
	w.pos++;
	write(w);
	const end = w.pos;
	const length = end - lengthAt - 1;
	const size = varintLength(length, c.moqtVarint);
	if (size > 1) {
		w.ensure(size - 1);
		w.buf.copyWithin(lengthAt + size, lengthAt + 1, end);
	}
	w.pos = lengthAt;
	w.varint(length);
	w.pos = end + size - 1;
}

function writeBody(inner: Writer, c: Codec, spec: Spec, value: unknown): void {
	switch (spec.kind) {
		case "token":
			writeToken(inner, value as AuthorizationToken);
			return;
		case "location":
			writeLocation(inner, value as Location);
			return;
		case "filter":
			writeSubscriptionFilter(inner, c, value as SubscriptionFilter);
			return;
		case "range":
			writeRangeFilter(inner, value as RangeFilter);
			return;
		default:
			throw new WireError("invalid-value", `cannot nest ${spec.field}`);
	}
}

function writeKv(w: Writer, c: Codec, spec: Spec, value: unknown): void {
	if ((spec.code & 1) === 0) {
		const v = intValue(spec, value);
		if ((spec.kind === "u8" || spec.kind === "order") && !((v as number) >= 0 && (v as number) <= 255)) {
			throw new WireError("invalid-value", `${spec.field} out of range`);
		}
		w.varint(v);
		return;
	}
	writeNested(w, c, (inner) => writeBody(inner, c, spec, value));
}

function writeTyped(w: Writer, c: Codec, spec: Spec, value: unknown): void {
	switch (spec.kind) {
		case "int":
			w.varint(value as bigint);
			return;
		case "u8":
		case "order":
		case "bool":
			w.u8(intValue(spec, value) as number);
			return;
		case "location":
			writeLocation(w, value as Location);
			return;
		case "namespace":
			writeNamespace(w, c, value as TrackNamespace, { prefix: true });
			return;
		default:
			writeNested(w, c, (inner) => writeBody(inner, c, spec, value));
	}
}
