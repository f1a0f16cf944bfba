/**
 * An arbitrary for every control message of every supported draft, generating only messages the
 * draft can carry, each paired with what decoding its encoding must give.
 *
 * The expectation differs from the generated message only where the codec documents a
 * normalisation, and each one is named where it is applied:
 *
 * - defaults of fields a draft requires but the model leaves optional: the encoder writes the
 *   default and that draft's decoder always sets the field (draft-14 fixed fields such as
 *   Subscriber Priority 128, Group Order, Forward 1, the AbsoluteStart {0, 0} filter, Expires 0;
 *   CLIENT_SETUP / SERVER_SETUP versions in -14; Subscribe Options BOTH in -16; the GOAWAY
 *   Timeout from -17; an empty Redirect for REDIRECT; an empty Track Properties list);
 * - wire orders: delta-typed key-value pairs (Track Properties, setup options from -16) and
 *   parameters (Range Filters) are sorted by type, stably;
 * - GROUP_ORDER 0 is the parameter's absence from -16 (see parameters.ts).
 *
 * @module
 */

import fc from "fast-check";
import { RequestErrorCode } from "../../src/error-codes.js";
import { FetchType } from "../../src/messages/fetch.js";
import type { ControlMessage } from "../../src/messages/index.js";
import { STREAM_COUNT_UNKNOWN } from "../../src/messages/publish-done.js";
import { SubscribeOptions } from "../../src/messages/subscribe-namespace.js";
import { SetupOptionType } from "../../src/setup-options.js";
import { FilterType, GroupOrder, type KeyValuePair, type SubscriptionFilter } from "../../src/types.js";
import { DRAFTS, type Draft, versionOfDraft } from "../../src/version.js";
import { normalizeParameters, parameters } from "./parameters.js";
import {
	authorizationToken,
	fullTrackName,
	keyValuePair,
	location,
	pairsOfTypes,
	partial,
	QUIC_MAX,
	reasonPhrase,
	record,
	safeNumber,
	shortOrLong,
	sortedByType,
	subscriptionFilter,
	trackNamespace,
	trackProperties,
	typesFromDeltas,
	u8,
	uri,
	utf8String,
	varint,
} from "./primitives.js";

/** A generated message and what decoding its encoding must give. */
export interface MessageCase {
	readonly message: ControlMessage;
	readonly expected: ControlMessage;
}

/** A message type name. */
export type MessageType = ControlMessage["type"];

type Fields = Record<string, unknown>;

// Joins records generated separately into one message.
function merge(...parts: fc.Arbitrary<object>[]): fc.Arbitrary<Fields> {
	return fc.tuple(...parts).map((ps) => Object.assign({}, ...ps) as Fields);
}

const none: fc.Arbitrary<object> = fc.constant({});
const type = <T extends MessageType>(t: T) => fc.constant({ type: t });

// Builds the case: `expect` turns the generated message into the decoder's result.
function cases(arb: fc.Arbitrary<Fields>, expect: (m: Fields) => Fields = (m) => m): fc.Arbitrary<MessageCase> {
	return arb.map((m) => ({
		message: m as unknown as ControlMessage,
		expected: expect(m) as unknown as ControlMessage,
	}));
}

/** Request IDs and Track Aliases. */
const id = varint;

/** The Request ID that responses carry up to -16 and not from -17 (request streams). */
function responseRequestId(d: Draft): fc.Arbitrary<object> {
	return d <= 16 ? record({ requestId: id(d) }) : none;
}

/** Error and status codes: the small, named ones mostly, any safe number sometimes. */
function code(d: Draft): fc.Arbitrary<number> {
	return fc.oneof({ weight: 2, arbitrary: fc.integer({ min: 0, max: 0x40 }) }, { weight: 1, arbitrary: safeNumber(d) });
}

/** Track Properties (-16+): absent means none, and the decoder always sets the list, sorted by type. */
function withTrackProperties(d: Draft): fc.Arbitrary<object> {
	return d >= 16 ? partial({ trackProperties: trackProperties(d) }) : none;
}
function expectTrackProperties(d: Draft, m: Fields): Fields {
	if (d < 16) return m;
	return { ...m, trackProperties: sortedByType((m.trackProperties as KeyValuePair[] | undefined) ?? []) };
}

// draft-14 AbsoluteStart {0, 0}: the filter an absent subscriptionFilter is written as.
const UNFILTERED_14: SubscriptionFilter = { type: FilterType.ABSOLUTE_START, start: { group: 0n, object: 0n } };
const DELIVERY_ORDER = fc.constantFrom(GroupOrder.ASCENDING, GroupOrder.DESCENDING);
const ANY_ORDER = fc.constantFrom(GroupOrder.PUBLISHER, GroupOrder.ASCENDING, GroupOrder.DESCENDING);

// --- SUBSCRIBE, TRACK_STATUS (same layout in -14) ----------------------------------------------

function subscribeLike(name: "SUBSCRIBE" | "TRACK_STATUS") {
	return (d: Draft) => {
		// draft-14 §9.7: Subscriber Priority, Group Order (0 = publisher's), Forward, filter.
		const fixed = partial({
			subscriberPriority: u8,
			groupOrder: ANY_ORDER,
			forward: fc.boolean(),
			subscriptionFilter: subscriptionFilter(d),
		});
		return cases(
			merge(type(name), record({ requestId: id(d) }), fullTrackName(d), d === 14 ? fixed : none, parameters(d, name)),
			(m) =>
				normalizeParameters(
					d,
					// -14 defaults (subscribe.ts writeSubscriptionFields14): its decoder sets all four.
					d === 14
						? {
								subscriberPriority: 128,
								groupOrder: GroupOrder.PUBLISHER,
								forward: true,
								subscriptionFilter: UNFILTERED_14,
								...m,
							}
						: m,
				),
		);
	};
}

// --- SUBSCRIBE_OK, TRACK_STATUS_OK (-14) ---------------------------------------------------------

// draft-14 §9.8: Expires, Group Order (Ascending or Descending), Content Exists + Largest Location.
const subscribeOkFields14 = (d: Draft) =>
	partial({ expires: varint(d), groupOrder: DELIVERY_ORDER, largestObject: location(d) });
// Absent Expires is written as 0 and Group Order as Ascending; absent largestObject stays absent
// (Content Exists 0).
const subscribeOkDefaults14 = { expires: 0n, groupOrder: GroupOrder.ASCENDING };

function subscribeOk(d: Draft) {
	return cases(
		merge(
			type("SUBSCRIBE_OK"),
			responseRequestId(d),
			record({ trackAlias: id(d) }),
			d === 14 ? subscribeOkFields14(d) : none,
			parameters(d, "SUBSCRIBE_OK"),
			withTrackProperties(d),
		),
		(m) => expectTrackProperties(d, normalizeParameters(d, d === 14 ? { ...subscribeOkDefaults14, ...m } : m)),
	);
}

function trackStatusOk(d: Draft) {
	return cases(
		merge(
			type("TRACK_STATUS_OK"),
			record({ requestId: id(d) }),
			// "Track Alias … set to 0"; written as 0 when absent.
			partial({ trackAlias: id(d) }),
			subscribeOkFields14(d),
			parameters(d, "TRACK_STATUS_OK"),
		),
		(m) => ({ trackAlias: 0n, ...subscribeOkDefaults14, ...m }),
	);
}

// --- SUBSCRIBE_UPDATE (-14), REQUEST_UPDATE (-16+) ----------------------------------------------

function subscribeUpdate(d: Draft) {
	// End Group is sent plus 1, so the largest inclusive End Group -14 can say is 2^62-2.
	const filter = subscriptionFilter(d, [FilterType.ABSOLUTE_START, FilterType.ABSOLUTE_RANGE], QUIC_MAX - 1n);
	return cases(
		merge(
			type("SUBSCRIBE_UPDATE"),
			record({
				requestId: id(d),
				subscriptionRequestId: id(d),
				subscriptionFilter: filter,
				subscriberPriority: u8,
				forward: fc.boolean(),
			}),
			parameters(d, "SUBSCRIBE_UPDATE"),
		),
	);
}

function requestUpdate(d: Draft) {
	return cases(
		merge(
			type("REQUEST_UPDATE"),
			record({ requestId: id(d) }),
			d === 16 ? record({ existingRequestId: id(d) }) : none,
			parameters(d, "REQUEST_UPDATE"),
		),
		(m) => normalizeParameters(d, m),
	);
}

// --- PUBLISH, PUBLISH_OK, PUBLISH_DONE ----------------------------------------------------------

function publish(d: Draft) {
	// draft-14 §9.13: Group Order (Ascending or Descending), Content Exists + Largest, Forward.
	const fixed = partial({ groupOrder: DELIVERY_ORDER, largestObject: location(d), forward: fc.boolean() });
	return cases(
		merge(
			type("PUBLISH"),
			record({ requestId: id(d) }),
			fullTrackName(d),
			record({ trackAlias: id(d) }),
			d === 14 ? fixed : none,
			parameters(d, "PUBLISH"),
			withTrackProperties(d),
		),
		(m) =>
			expectTrackProperties(
				d,
				normalizeParameters(d, d === 14 ? { groupOrder: GroupOrder.ASCENDING, forward: true, ...m } : m),
			),
	);
}

function publishOk(d: Draft) {
	// draft-14 §9.14: Group Order is required (no "the PUBLISH's order" value); the others default.
	const fixed = merge(
		record({ groupOrder: DELIVERY_ORDER }),
		partial({ forward: fc.boolean(), subscriberPriority: u8, subscriptionFilter: subscriptionFilter(d) }),
	);
	return cases(
		merge(type("PUBLISH_OK"), record({ requestId: id(d) }), d === 14 ? fixed : none, parameters(d, "PUBLISH_OK")),
		(m) =>
			normalizeParameters(
				d,
				d === 14 ? { forward: true, subscriberPriority: 128, subscriptionFilter: UNFILTERED_14, ...m } : m,
			),
	);
}

function publishDone(d: Draft) {
	const streamCount = fc.oneof(
		{ weight: 6, arbitrary: varint(d) },
		{ weight: 1, arbitrary: fc.constant(STREAM_COUNT_UNKNOWN) },
	);
	return cases(
		merge(type("PUBLISH_DONE"), responseRequestId(d), record({ statusCode: code(d), streamCount, reasonPhrase })),
	);
}

// --- FETCH, FETCH_OK ----------------------------------------------------------------------------

function fetchType(d: Draft) {
	const standalone = merge(
		fc.constant({ type: FetchType.STANDALONE }),
		fullTrackName(d),
		record({ startLocation: location(d), endLocation: location(d) }),
	);
	const joining = merge(
		record({ type: fc.constantFrom(FetchType.RELATIVE_JOINING, FetchType.ABSOLUTE_JOINING) }),
		record({ joiningRequestId: id(d), joiningStart: varint(d) }),
	);
	return fc.oneof(standalone, joining);
}

function fetch(d: Draft) {
	// draft-14 §9.16: Subscriber Priority and Group Order (0 = publisher's) fixed fields.
	const fixed = partial({ subscriberPriority: u8, groupOrder: ANY_ORDER });
	return cases(
		merge(
			type("FETCH"),
			record({ requestId: id(d), fetchType: fetchType(d) }),
			d === 14 ? fixed : none,
			parameters(d, "FETCH"),
		),
		(m) => normalizeParameters(d, d === 14 ? { subscriberPriority: 128, groupOrder: GroupOrder.PUBLISHER, ...m } : m),
	);
}

function fetchOk(d: Draft) {
	return cases(
		merge(
			type("FETCH_OK"),
			responseRequestId(d),
			// draft-14 §9.17 Group Order: Ascending or Descending, written as Ascending when absent.
			d === 14 ? partial({ groupOrder: DELIVERY_ORDER }) : none,
			record({ endOfTrack: fc.boolean(), endLocation: location(d) }),
			parameters(d, "FETCH_OK"),
			withTrackProperties(d),
		),
		(m) => expectTrackProperties(d, d === 14 ? { groupOrder: GroupOrder.ASCENDING, ...m } : m),
	);
}

// --- Namespace messages -------------------------------------------------------------------------

function publishNamespace(d: Draft) {
	return cases(
		merge(
			type("PUBLISH_NAMESPACE"),
			record({ requestId: id(d), trackNamespace: trackNamespace(d) }),
			parameters(d, "PUBLISH_NAMESPACE"),
		),
	);
}

// draft-14 names the published namespace, -16 the PUBLISH_NAMESPACE's Request ID.
function publishedNamespaceRef(d: Draft): fc.Arbitrary<object> {
	return d === 14 ? record({ trackNamespace: trackNamespace(d) }) : record({ requestId: id(d) });
}

function subscribeNamespace(d: Draft) {
	return cases(
		merge(
			type("SUBSCRIBE_NAMESPACE"),
			record({ requestId: id(d), trackNamespacePrefix: trackNamespace(d, { prefix: true }) }),
			// draft-16 only; written as BOTH when absent, and the -16 decoder always sets it.
			d === 16 ? partial({ subscribeOptions: fc.constantFrom(0, 1, 2) }) : none,
			parameters(d, "SUBSCRIBE_NAMESPACE"),
		),
		(m) => (d === 16 ? { subscribeOptions: SubscribeOptions.BOTH, ...m } : m),
	);
}

function subscribeTracks(d: Draft) {
	return cases(
		merge(
			type("SUBSCRIBE_TRACKS"),
			record({ requestId: id(d), trackNamespacePrefix: trackNamespace(d, { prefix: true }) }),
			parameters(d, "SUBSCRIBE_TRACKS"),
		),
		(m) => normalizeParameters(d, m),
	);
}

function namespaceSuffix(name: "NAMESPACE" | "NAMESPACE_DONE") {
	return (d: Draft) => cases(merge(type(name), record({ trackNamespaceSuffix: trackNamespace(d, { prefix: true }) })));
}

function skippedTrack(name: "PUBLISH_BLOCKED" | "PUBLISH_SKIPPED") {
	return (d: Draft) =>
		cases(
			merge(
				type(name),
				fullTrackName(d, { prefix: true }).map((t) => ({
					trackNamespaceSuffix: t.trackNamespace,
					trackName: t.trackName,
				})),
			),
		);
}

// --- Session messages ---------------------------------------------------------------------------

/** Setup option types each draft defines (unknown ones must be of another type). */
function knownSetupTypes(d: Draft): Set<bigint> {
	const known: number[] = [
		SetupOptionType.PATH,
		SetupOptionType.AUTHORIZATION_TOKEN,
		SetupOptionType.MAX_AUTH_TOKEN_CACHE_SIZE,
		SetupOptionType.AUTHORITY,
		SetupOptionType.MOQT_IMPLEMENTATION,
	];
	if (d <= 16) known.push(SetupOptionType.MAX_REQUEST_ID);
	if (d >= 19) known.push(SetupOptionType.MAX_FILTER_RANGES, SetupOptionType.MAX_REQUEST_UPDATES);
	return new Set(known.map(BigInt));
}

/**
 * Setup options of a draft: only the options it defines, and unknown ones (GREASE
 * `0x7f * N + 0x9D`, types of other drafts, anything else) that it must keep.
 */
function setupOptions(d: Draft): fc.Arbitrary<Fields> {
	const known = knownSetupTypes(d);
	const unknownType = fc
		.oneof(
			fc.bigInt({ min: 0n, max: 1000n }).map((n) => 0x7fn * n + 0x9dn),
			fc.bigInt({ min: 0n, max: 12n }),
			varint(d),
		)
		.filter((t) => !known.has(t));
	// Or ascending from deltas, above every known type (so that no known option sits in between).
	const unknown = fc.oneof(
		{ weight: 3, arbitrary: shortOrLong(keyValuePair(d, unknownType)) },
		{ weight: 1, arbitrary: typesFromDeltas(d, 3, 9n).chain((types) => pairsOfTypes(d, types)) },
	);
	const model: Record<string, fc.Arbitrary<unknown>> = {
		path: utf8String(256),
		authority: utf8String(64),
		implementation: utf8String(64),
		maxAuthTokenCacheSize: varint(d),
		authorizationTokens: shortOrLong(authorizationToken(d)),
		unknown,
	};
	if (d <= 16) model.maxRequestId = varint(d);
	if (d >= 19) {
		model.maxFilterRanges = varint(d);
		model.maxRequestUpdates = varint(d);
	}
	// As for parameters: none at all (an empty SETUP body) gets its own weight.
	return fc.oneof({ weight: 1, arbitrary: fc.constant({}) }, { weight: 5, arbitrary: partial(model) });
}

// Unknown options keep their wire order, which is sorted by type from -16 (delta types).
function expectSetupOptions(d: Draft, m: Fields): Fields {
	if (d < 16 || m.unknown === undefined) return m;
	return { ...m, unknown: sortedByType(m.unknown as KeyValuePair[]) };
}

const version = varint(14, 0xffffffffn)
	.map(Number)
	.chain((v) => fc.constantFrom(v, 0xff000000 + 14, 0xff000000 + 16, 0xff000000 + 19));

function clientSetup(d: Draft) {
	return cases(
		merge(
			type("CLIENT_SETUP"),
			d === 14 ? partial({ supportedVersions: shortOrLong(version, 0) }) : none,
			setupOptions(d),
		),
		// draft-14 writes [draft-14's version] when absent and its decoder always sets the list.
		(m) => expectSetupOptions(d, d === 14 ? { supportedVersions: [versionOfDraft(14)], ...m } : m),
	);
}

function serverSetup(d: Draft) {
	return cases(
		merge(type("SERVER_SETUP"), d === 14 ? partial({ selectedVersion: version }) : none, setupOptions(d)),
		(m) => expectSetupOptions(d, d === 14 ? { selectedVersion: versionOfDraft(14), ...m } : m),
	);
}

function setup(d: Draft) {
	return cases(merge(type("SETUP"), setupOptions(d)), (m) => expectSetupOptions(d, m));
}

function goaway(d: Draft) {
	return cases(
		merge(
			type("GOAWAY"),
			record({ newSessionUri: uri }),
			// -17+: Timeout, written as 0 when absent and always decoded; -18 only: Request ID.
			d >= 17 ? partial({ timeout: varint(d) }) : none,
			d === 18 ? partial({ requestId: id(d) }) : none,
		),
		(m) => (d >= 17 ? { timeout: 0n, ...m } : m),
	);
}

function maxRequestIdLike(name: "MAX_REQUEST_ID" | "REQUESTS_BLOCKED") {
	return (d: Draft) => cases(merge(type(name), record({ maxRequestId: id(d) })));
}

function requestIdOnly(name: "UNSUBSCRIBE" | "FETCH_CANCEL" | "PUBLISH_NAMESPACE_OK" | "SUBSCRIBE_NAMESPACE_OK") {
	return (d: Draft) => cases(merge(type(name), record({ requestId: id(d) })));
}

function requestOk(d: Draft) {
	return cases(
		merge(
			type("REQUEST_OK"),
			d === 16 ? record({ requestId: id(d) }) : none,
			parameters(d, "REQUEST_OK"),
			// -17+: Track Properties run to the end; the decoder always sets the (sorted) list.
			d >= 17 ? partial({ trackProperties: trackProperties(d) }) : none,
		),
		(m) => {
			const p = normalizeParameters(d, m);
			if (d < 17) return p;
			return { ...p, trackProperties: sortedByType((m.trackProperties as KeyValuePair[] | undefined) ?? []) };
		},
	);
}

const REDIRECT = RequestErrorCode[18].REDIRECT;

function requestError(d: Draft) {
	const errorCode = fc.oneof(
		{ weight: 3, arbitrary: code(d) },
		{ weight: d >= 18 ? 2 : 1, arbitrary: fc.constant(REDIRECT) },
	);
	const redirect = merge(record({ connectUri: uri }), fullTrackName(d));
	return cases(
		merge(
			type("REQUEST_ERROR"),
			d === 16 ? record({ requestId: id(d) }) : none,
			record({ retryInterval: varint(d), reasonPhrase }),
			// -18+: a Redirect follows REDIRECT only; absent, an empty one (same session and track).
			errorCode.chain((c) =>
				d >= 18 && c === REDIRECT
					? partial({ redirect }).map((r) => ({ errorCode: c, ...r }))
					: fc.constant({ errorCode: c }),
			),
		),
		(m) =>
			d >= 18 && m.errorCode === REDIRECT
				? { redirect: { connectUri: "", trackNamespace: [], trackName: new Uint8Array(0) }, ...m }
				: m,
	);
}

type RequestError14Name =
	| "SUBSCRIBE_ERROR"
	| "PUBLISH_NAMESPACE_ERROR"
	| "TRACK_STATUS_ERROR"
	| "SUBSCRIBE_NAMESPACE_ERROR"
	| "FETCH_ERROR"
	| "PUBLISH_ERROR";

function requestError14(name: RequestError14Name) {
	return (d: Draft) => cases(merge(type(name), record({ requestId: id(d), errorCode: code(d), reasonPhrase })));
}

function publishNamespaceDone(d: Draft) {
	return cases(merge(type("PUBLISH_NAMESPACE_DONE"), publishedNamespaceRef(d)));
}

function publishNamespaceCancel(d: Draft) {
	return cases(
		merge(type("PUBLISH_NAMESPACE_CANCEL"), publishedNamespaceRef(d), record({ errorCode: code(d), reasonPhrase })),
	);
}

function unsubscribeNamespace(d: Draft) {
	return cases(
		merge(type("UNSUBSCRIBE_NAMESPACE"), record({ trackNamespacePrefix: trackNamespace(d, { prefix: true }) })),
	);
}

// --- The table ----------------------------------------------------------------------------------

type Builder = (d: Draft) => fc.Arbitrary<MessageCase>;

const ALL: readonly Draft[] = DRAFTS;
const UP_TO_16: readonly Draft[] = [14, 16];
const FROM_16: readonly Draft[] = [16, 18, 19];
const FROM_18: readonly Draft[] = [18, 19];

/**
 * Each message type, the drafts this suite expects to define it (checked against
 * `messageTypes(draft)` by the coverage test), and its arbitrary.
 */
const DEFINITIONS: readonly (readonly [MessageType, readonly Draft[], Builder])[] = [
	["CLIENT_SETUP", UP_TO_16, clientSetup],
	["SERVER_SETUP", UP_TO_16, serverSetup],
	["SETUP", FROM_18, setup],
	["GOAWAY", ALL, goaway],
	["MAX_REQUEST_ID", UP_TO_16, maxRequestIdLike("MAX_REQUEST_ID")],
	["REQUESTS_BLOCKED", UP_TO_16, maxRequestIdLike("REQUESTS_BLOCKED")],
	["REQUEST_OK", FROM_16, requestOk],
	["REQUEST_ERROR", FROM_16, requestError],
	["SUBSCRIBE_ERROR", [14], requestError14("SUBSCRIBE_ERROR")],
	["PUBLISH_NAMESPACE_ERROR", [14], requestError14("PUBLISH_NAMESPACE_ERROR")],
	["TRACK_STATUS_ERROR", [14], requestError14("TRACK_STATUS_ERROR")],
	["SUBSCRIBE_NAMESPACE_ERROR", [14], requestError14("SUBSCRIBE_NAMESPACE_ERROR")],
	["FETCH_ERROR", [14], requestError14("FETCH_ERROR")],
	["PUBLISH_ERROR", [14], requestError14("PUBLISH_ERROR")],
	["SUBSCRIBE", ALL, subscribeLike("SUBSCRIBE")],
	["SUBSCRIBE_OK", ALL, subscribeOk],
	["SUBSCRIBE_UPDATE", [14], subscribeUpdate],
	["REQUEST_UPDATE", FROM_16, requestUpdate],
	["UNSUBSCRIBE", UP_TO_16, requestIdOnly("UNSUBSCRIBE")],
	["PUBLISH_DONE", ALL, publishDone],
	["PUBLISH", ALL, publish],
	["PUBLISH_OK", UP_TO_16, publishOk],
	["TRACK_STATUS", ALL, subscribeLike("TRACK_STATUS")],
	["TRACK_STATUS_OK", [14], trackStatusOk],
	["PUBLISH_BLOCKED", [18], skippedTrack("PUBLISH_BLOCKED")],
	["PUBLISH_SKIPPED", [19], skippedTrack("PUBLISH_SKIPPED")],
	["FETCH", ALL, fetch],
	["FETCH_OK", ALL, fetchOk],
	["FETCH_CANCEL", UP_TO_16, requestIdOnly("FETCH_CANCEL")],
	["PUBLISH_NAMESPACE", ALL, publishNamespace],
	["PUBLISH_NAMESPACE_OK", [14], requestIdOnly("PUBLISH_NAMESPACE_OK")],
	["PUBLISH_NAMESPACE_DONE", UP_TO_16, publishNamespaceDone],
	["PUBLISH_NAMESPACE_CANCEL", UP_TO_16, publishNamespaceCancel],
	["SUBSCRIBE_NAMESPACE", ALL, subscribeNamespace],
	["SUBSCRIBE_NAMESPACE_OK", [14], requestIdOnly("SUBSCRIBE_NAMESPACE_OK")],
	["UNSUBSCRIBE_NAMESPACE", [14], unsubscribeNamespace],
	["NAMESPACE", FROM_16, namespaceSuffix("NAMESPACE")],
	["NAMESPACE_DONE", FROM_16, namespaceSuffix("NAMESPACE_DONE")],
	["SUBSCRIBE_TRACKS", FROM_18, subscribeTracks],
];

/** The arbitrary of every message type this suite knows for each draft. */
export const MESSAGE_ARBITRARIES: { readonly [D in Draft]: Partial<Record<MessageType, fc.Arbitrary<MessageCase>>> } =
	Object.fromEntries(
		DRAFTS.map((d) => [
			d,
			Object.fromEntries(DEFINITIONS.filter(([, drafts]) => drafts.includes(d)).map(([t, , build]) => [t, build(d)])),
		]),
	) as never;

/** Any message of the draft (every type equally likely). */
export function anyMessage(d: Draft): fc.Arbitrary<MessageCase> {
	return fc.oneof(...Object.values(MESSAGE_ARBITRARIES[d]));
}
