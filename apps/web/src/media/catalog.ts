/**
 * The MSF catalog: a JSON document on the track named "catalog" that describes every track the
 * publisher produces (draft-ietf-moq-msf, editor's copy of 2026-08, §5 "Catalog": §5.1 "Root
 * Catalog Fields", §5.2 "Track Object Fields", §5.3 "Delta updates", §5.6 "Catalog Examples").
 *
 * {@link parseCatalog} reads either form a catalog object can take: an independent catalog
 * (`version` and `tracks`) or a delta update (`generatedAt` and a non-empty `deltaUpdate`, and no
 * other root field). It checks the JSON type of every field the draft defines and the structure
 * rules of delta updates, and throws {@link FormatError} where they fail. Fields it does not know
 * are ignored at the root, as the draft requires, and kept in `custom` on a track, so an
 * application's own track fields survive a parse / encode round trip and delta `clone`s.
 *
 * Requirements that depend on the kind of track (a codec for LOC media, a sample rate for audio,
 * an event type for event timelines, ...) are left to `catalogProblems` in `catalog-check.ts`:
 * several of the draft's own examples break them, and a player should still be able to use the
 * tracks it understands. {@link encodeCatalog} does insist on them for what it publishes.
 *
 * The draft leaves open how a multi-field MOQT namespace is written in the `namespace` string;
 * the demo never writes one, so its tracks inherit the catalog track's namespace (§5.2.2).
 *
 * @module
 */

import { FormatError } from "../errors.js";
import { utf8Decode, utf8Encode } from "../utf8.js";
import { catalogProblems } from "./catalog-check.js";

/** The MSF version this module writes, as the draft's examples spell it (§5.1.1). */
export const MSF_VERSION = "draft-01";

/** Target, minimum and maximum buffer, in milliseconds (§5.2.9 "Buffers"). */
export interface Buffers {
	readonly target?: number;
	readonly min?: number;
	readonly max?: number;
}

/**
 * A media timeline template (§7.4): start media time, media time step, start Location, Location
 * step, start wall clock, wall clock step.
 */
export type TimelineTemplate = readonly [
	number,
	number,
	readonly [number, number],
	readonly [number, number],
	number,
	number,
];

/** An accessibility descriptor (§5.2.44 "Accessibility"). */
export interface Accessibility {
	readonly scheme: string;
	readonly value: string;
}

/**
 * The fields of a track object (§5.2, Table 2), all optional: a delta `update` or `clone` carries
 * only the fields it changes. {@link CatalogTrack} is a complete track.
 */
export interface TrackFields {
	readonly name?: string;
	readonly namespace?: string;
	/** "loc", "mediatimeline", "eventtimeline", "moqlog", "moqmetrics" or "catalog" (Table 3). */
	readonly packaging?: string;
	readonly eventType?: string;
	readonly isLive?: boolean;
	readonly targetLatency?: number;
	readonly buffers?: Buffers;
	/** "video", "audio", "caption", ... (Table 4) or a custom role. */
	readonly role?: string;
	readonly label?: string;
	readonly renderGroup?: number;
	readonly altGroup?: number;
	readonly initRef?: string;
	readonly depends?: readonly string[];
	readonly template?: TimelineTemplate;
	readonly temporalId?: number;
	readonly spatialId?: number;
	/** A WebCodecs codec string, e.g. "avc1.42001f" or "vp8". */
	readonly codec?: string;
	readonly mimeType?: string;
	readonly framerate?: number;
	readonly timescale?: number;
	/** Maximum bitrate in bits per second. */
	readonly bitrate?: number;
	readonly avgBitrate?: number;
	readonly maxGopDuration?: number;
	readonly maxGroupDuration?: number;
	readonly width?: number;
	readonly height?: number;
	readonly samplerate?: number;
	readonly channelConfig?: string;
	readonly displayWidth?: number;
	readonly displayHeight?: number;
	readonly lang?: string;
	/** Only inside a delta `clone` or `update`. */
	readonly parentName?: string;
	/** Only inside a delta `clone` or `update`. */
	readonly parentNamespace?: string;
	readonly trackDuration?: number;
	readonly connectionUri?: string;
	readonly token?: string;
	readonly encryptionScheme?: string;
	readonly cipherSuite?: string;
	readonly keyId?: string;
	readonly trackBaseKey?: string;
	/** Authorization scheme name to scheme-specific configuration. */
	readonly authInfo?: Readonly<Record<string, unknown>>;
	readonly accessibility?: readonly Accessibility[];
	/** Fields this module does not define (an application's own, or a later draft's). */
	readonly custom?: Readonly<Record<string, unknown>>;
}

/** A complete track object: a name and a packaging at least. */
export interface CatalogTrack extends TrackFields {
	readonly name: string;
	readonly packaging: string;
}

/** An entry of the Initialization Data List (§5.1.7). */
export interface InitData {
	readonly id: string;
	/** "inline" (base64 data), "track-property" or "object-property" (a property type in hex). */
	readonly type: string;
	readonly data: string;
}

/** An independent catalog (§5.1). */
export interface Catalog {
	readonly version: string;
	/** Wall-clock milliseconds since the Unix epoch. */
	readonly generatedAt?: number;
	/** Present only as `true`: the broadcast is over. */
	readonly isComplete?: boolean;
	readonly tracks: readonly CatalogTrack[];
	readonly publishTracks?: readonly CatalogTrack[];
	readonly initDataList?: readonly InitData[];
}

/** One operation of a delta update (§5.1.6). */
export type DeltaOperation =
	| { readonly op: "add"; readonly tracks: readonly CatalogTrack[] }
	/** Tracks named by `name` and `namespace` only. */
	| { readonly op: "remove"; readonly tracks: readonly TrackFields[] }
	/** Each track names its `parentName` and its own new `name`. */
	| { readonly op: "clone"; readonly tracks: readonly TrackFields[] }
	/** Each track names its target by `parentName` or, as the draft's example does, by `name`. */
	| { readonly op: "update"; readonly tracks: readonly TrackFields[] };

/** A delta update (§5.3): operations applied in order to the catalog before it. */
export interface CatalogDelta {
	readonly generatedAt: number;
	readonly deltaUpdate: readonly DeltaOperation[];
}

/** Options of {@link parseCatalog}. */
export interface ParseCatalogOptions {
	/** The MSF versions understood (§5.1.1 "MUST NOT attempt to parse" others); [MSF_VERSION] by default. */
	readonly versions?: readonly string[];
}

/** True for a delta update, false for an independent catalog. */
export function isDelta(c: Catalog | CatalogDelta): c is CatalogDelta {
	return "deltaUpdate" in c;
}

/** Parses a catalog object's payload. Throws {@link FormatError} when it is not a valid catalog. */
export function parseCatalog(input: string | Uint8Array, options?: ParseCatalogOptions): Catalog | CatalogDelta {
	let root: unknown;
	try {
		root = JSON.parse(typeof input === "string" ? input : utf8Decode(input));
	} catch (e) {
		throw new FormatError("invalid-catalog", "the catalog is not UTF-8 JSON", { cause: e });
	}
	if (!isObject(root)) throw invalid("the catalog is not a JSON object");
	return "deltaUpdate" in root ? parseDelta(root) : parseIndependent(root, options?.versions ?? [MSF_VERSION]);
}

/**
 * Serializes a catalog or a delta update, with the root fields in the draft's order (the
 * Initialization Data List after the tracks, §5.1.7). Throws {@link FormatError} for an
 * independent catalog that `catalogProblems` finds fault with.
 */
export function encodeCatalog(c: Catalog | CatalogDelta): Uint8Array {
	// Each form is checked by parsing its own JSON shape, so what is sent is what a peer accepts.
	if (isDelta(c)) {
		const json = { generatedAt: c.generatedAt, deltaUpdate: c.deltaUpdate.map(jsonOperation) };
		parseDelta(json);
		return utf8Encode(JSON.stringify(json));
	}
	const json = {
		version: c.version,
		generatedAt: c.generatedAt,
		isComplete: c.isComplete,
		tracks: c.tracks.map(jsonTrack),
		publishTracks: c.publishTracks?.map(jsonTrack),
		initDataList: c.initDataList,
	};
	parseIndependent(withoutUndefined(json), [c.version]);
	const problems = catalogProblems(c);
	if (problems.length > 0) throw invalid(`the catalog breaks the draft: ${problems.join("; ")}`);
	return utf8Encode(JSON.stringify(json));
}

function parseIndependent(root: Record<string, unknown>, versions: readonly string[]): Catalog {
	const version = root.version;
	if (typeof version !== "string") throw invalid("the catalog has no version string");
	if (!versions.includes(version)) throw invalid(`MSF version ${JSON.stringify(version)} is not understood`);
	if (!Array.isArray(root.tracks)) throw invalid("the catalog has no tracks array");
	const generatedAt = optional(root, "generatedAt", "number");
	const isComplete = optional(root, "isComplete", "boolean");
	return {
		version,
		...(generatedAt !== undefined && { generatedAt }),
		...(isComplete !== undefined && { isComplete }),
		tracks: root.tracks.map((t) => completeTrack(t)),
		...(root.publishTracks !== undefined && {
			publishTracks: arrayOf(root.publishTracks, "publishTracks", completeTrack),
		}),
		...(root.initDataList !== undefined && { initDataList: arrayOf(root.initDataList, "initDataList", initData) }),
	};
}

// Root fields a delta update must not carry (§5.3); unknown root fields stay ignored.
const INDEPENDENT_ONLY = ["version", "isComplete", "tracks", "publishTracks", "initDataList"];

function parseDelta(root: Record<string, unknown>): CatalogDelta {
	const generatedAt = root.generatedAt;
	if (typeof generatedAt !== "number") throw invalid("a delta update needs generatedAt");
	for (const field of INDEPENDENT_ONLY) {
		if (field in root) throw invalid(`a delta update must not carry ${field}`);
	}
	const ops = root.deltaUpdate;
	if (!Array.isArray(ops) || ops.length === 0) throw invalid("deltaUpdate must be a non-empty array");
	return { generatedAt, deltaUpdate: ops.map(operation) };
}

function operation(value: unknown): DeltaOperation {
	if (!isObject(value)) throw invalid("a delta operation is not an object");
	const tracks = value.tracks;
	if (!Array.isArray(tracks)) throw invalid("a delta operation has no tracks array");
	switch (value.op) {
		case "add":
			return { op: "add", tracks: tracks.map((t) => completeTrack(t)) };
		case "remove":
			return {
				op: "remove",
				tracks: tracks.map((t) => {
					const track = trackFields(t);
					if (track.name === undefined) throw invalid("a removed track needs a name");
					const others = Object.keys(t as object).filter((k) => k !== "name" && k !== "namespace");
					if (others.length > 0)
						throw invalid(`a removed track must hold only name and namespace, not ${others.join(", ")}`);
					return track;
				}),
			};
		case "clone":
			return {
				op: "clone",
				tracks: tracks.map((t) => {
					const track = trackFields(t);
					if (track.parentName === undefined || track.name === undefined) {
						throw invalid("a cloned track needs a parentName and a new name");
					}
					return track;
				}),
			};
		case "update":
			return {
				op: "update",
				tracks: tracks.map((t) => {
					const track = trackFields(t);
					if (track.parentName === undefined && track.name === undefined) {
						throw invalid("an updated track needs a parentName (or name)");
					}
					return track;
				}),
			};
		default:
			throw invalid(`unknown delta operation ${JSON.stringify(value.op)}`);
	}
}

type Kind = "string" | "number" | "integer" | "boolean";

/** The JSON type of every scalar track field (§5.2); the structured ones are checked apart. */
const SCALAR_FIELDS: Readonly<Record<string, Kind>> = {
	name: "string",
	namespace: "string",
	packaging: "string",
	eventType: "string",
	isLive: "boolean",
	targetLatency: "number",
	role: "string",
	label: "string",
	renderGroup: "integer",
	altGroup: "integer",
	initRef: "string",
	temporalId: "integer",
	spatialId: "integer",
	codec: "string",
	mimeType: "string",
	framerate: "number",
	timescale: "number",
	bitrate: "number",
	avgBitrate: "number",
	maxGopDuration: "number",
	maxGroupDuration: "number",
	width: "number",
	height: "number",
	samplerate: "number",
	channelConfig: "string",
	displayWidth: "number",
	displayHeight: "number",
	lang: "string",
	parentName: "string",
	parentNamespace: "string",
	trackDuration: "integer",
	connectionUri: "string",
	token: "string",
	encryptionScheme: "string",
	cipherSuite: "string",
	keyId: "string",
	trackBaseKey: "string",
};

function completeTrack(value: unknown): CatalogTrack {
	const track = trackFields(value);
	if (track.name === undefined) throw invalid("a track has no name");
	if (track.packaging === undefined) throw invalid(`track ${JSON.stringify(track.name)} has no packaging`);
	return track as CatalogTrack;
}

function trackFields(value: unknown): TrackFields {
	if (!isObject(value)) throw invalid("a track is not an object");
	const track: Record<string, unknown> = {};
	const custom: Record<string, unknown> = {};
	for (const [key, v] of Object.entries(value)) {
		const kind = SCALAR_FIELDS[key];
		if (kind !== undefined) {
			if (!hasKind(v, kind)) throw invalid(`track field ${key} must be ${article(kind)}`);
			track[key] = v;
		} else if (key === "buffers") {
			track.buffers = buffers(v);
		} else if (key === "depends") {
			track.depends = arrayOf(v, "depends", (d) => expectKind(d, "string", "depends"));
		} else if (key === "template") {
			track.template = template(v);
		} else if (key === "authInfo") {
			if (!isObject(v)) throw invalid("track field authInfo must be an object");
			track.authInfo = v;
		} else if (key === "accessibility") {
			track.accessibility = arrayOf(v, "accessibility", accessibility);
		} else {
			custom[key] = v;
		}
	}
	if (Object.keys(custom).length > 0) track.custom = custom;
	return track as TrackFields;
}

function buffers(v: unknown): Buffers {
	if (!isObject(v)) throw invalid("track field buffers must be an object");
	// Unknown keys of the buffers object MUST be ignored (§5.2.9).
	const out: { target?: number; min?: number; max?: number } = {};
	for (const key of ["target", "min", "max"] as const) {
		const n = optional(v, key, "integer");
		if (n !== undefined) out[key] = n;
	}
	return out;
}

function template(v: unknown): TimelineTemplate {
	const pair = (p: unknown): p is [number, number] =>
		Array.isArray(p) && p.length === 2 && p.every((n) => typeof n === "number");
	const ok =
		Array.isArray(v) &&
		v.length === 6 &&
		[0, 1, 4, 5].every((i) => typeof v[i] === "number") &&
		pair(v[2]) &&
		pair(v[3]);
	if (!ok) throw invalid("track field template must be [number, number, [g, o], [g, o], number, number]");
	return v as unknown as TimelineTemplate;
}

function accessibility(v: unknown): Accessibility {
	if (!isObject(v) || typeof v.scheme !== "string" || typeof v.value !== "string") {
		throw invalid("an accessibility descriptor needs string scheme and value");
	}
	return { scheme: v.scheme, value: v.value };
}

function initData(v: unknown): InitData {
	if (!isObject(v) || typeof v.id !== "string" || typeof v.type !== "string" || typeof v.data !== "string") {
		throw invalid("an initDataList entry needs string id, type and data");
	}
	return { id: v.id, type: v.type, data: v.data };
}

function jsonTrack(t: TrackFields): Record<string, unknown> {
	const { custom, ...fields } = t;
	return withoutUndefined({ ...fields, ...custom });
}

function jsonOperation(o: DeltaOperation): Record<string, unknown> {
	return { op: o.op, tracks: o.tracks.map(jsonTrack) };
}

function withoutUndefined(o: Record<string, unknown>): Record<string, unknown> {
	return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

function optional<K extends Kind>(o: Record<string, unknown>, key: string, kind: K): KindType<K> | undefined {
	const v = o[key];
	return v === undefined ? undefined : expectKind(v, kind, key);
}

type KindType<K extends Kind> = K extends "string" ? string : K extends "boolean" ? boolean : number;

function expectKind<K extends Kind>(v: unknown, kind: K, field: string): KindType<K> {
	if (!hasKind(v, kind)) throw invalid(`${field} must be ${article(kind)}`);
	return v as KindType<K>;
}

function hasKind(v: unknown, kind: Kind): boolean {
	// The draft's integers (render groups, IDs, durations) are counts: non-negative.
	if (kind === "integer") return Number.isSafeInteger(v) && (v as number) >= 0;
	return typeof v === kind;
}

function arrayOf<T>(v: unknown, field: string, item: (x: unknown) => T): T[] {
	if (!Array.isArray(v)) throw invalid(`${field} must be an array`);
	return v.map(item);
}

function article(kind: Kind): string {
	return kind === "integer" ? "a non-negative integer" : `a ${kind}`;
}

function isObject(v: unknown): v is Record<string, unknown> {
	return typeof v === "object" && v !== null && !Array.isArray(v);
}

function invalid(message: string): FormatError {
	return new FormatError("invalid-catalog", message);
}
