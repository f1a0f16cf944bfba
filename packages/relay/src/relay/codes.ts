/**
 * The codes a relay sends, by the drafts' names, and their translation between drafts: a
 * draft-14 publisher and a draft-19 subscriber meet in one relay, and an error, PUBLISH_DONE
 * status or stream reset from one side reaches the other with the same meaning and the other
 * draft's number (draft-ietf-moq-transport-14 §13.1, -16 §13.4, -18 §15.10, -19 §15.11).
 *
 * - Request errors: draft-14 has one table per *_ERROR message (TRACK_DOES_NOT_EXIST,
 *   NAMESPACE_PREFIX_OVERLAP), later drafts one REQUEST_ERROR table (DOES_NOT_EXIST,
 *   PREFIX_OVERLAP); names are matched through those aliases. A name the target draft lacks
 *   (GOING_AWAY in draft-14) becomes INTERNAL_ERROR, 0x0 in every table.
 * - PUBLISH_DONE and stream reset codes: one table per draft, matched by name; unknown codes
 *   become INTERNAL_ERROR (the drafts read an unknown code so).
 *
 * @module
 */

import {
	type Draft,
	FetchErrorCode,
	PublishDoneCode,
	PublishErrorCode,
	PublishNamespaceErrorCode,
	RequestErrorCode,
	StreamResetCode,
	SubscribeErrorCode,
	SubscribeNamespaceErrorCode,
	TerminationCode,
} from "@moqt/wire";

/** The requests a relay answers or forwards. */
export type RelayRequest =
	| "SUBSCRIBE"
	| "FETCH"
	| "TRACK_STATUS"
	| "PUBLISH"
	| "PUBLISH_NAMESPACE"
	| "SUBSCRIBE_NAMESPACE"
	| "SUBSCRIBE_TRACKS";

/** Request error names the relay itself uses (later drafts' spelling). */
export type RequestErrorName =
	| "INTERNAL_ERROR"
	| "UNAUTHORIZED"
	| "TIMEOUT"
	| "NOT_SUPPORTED"
	| "DOES_NOT_EXIST"
	| "INVALID_RANGE"
	| "PREFIX_OVERLAP"
	| "GOING_AWAY"
	| "EXCESSIVE_LOAD"
	| "UNINTERESTED"
	| "INVALID_JOINING_REQUEST_ID"
	| "MALFORMED_TRACK";

type Table = Readonly<Record<string, number>>;

// draft-14 spells two codes differently; these map its names to the later drafts' names.
const ALIASES_14: Readonly<Record<string, string>> = {
	TRACK_DOES_NOT_EXIST: "DOES_NOT_EXIST",
	NAMESPACE_PREFIX_OVERLAP: "PREFIX_OVERLAP",
	NAMESPACE_PREFIX_UNKNOWN: "DOES_NOT_EXIST",
	UNKNOWN_STATUS_IN_RANGE: "INVALID_RANGE",
};
const INTERNAL_ERROR = 0;

function table14(request: RelayRequest): Table {
	switch (request) {
		case "SUBSCRIBE":
		case "TRACK_STATUS":
			return SubscribeErrorCode;
		case "FETCH":
			return FetchErrorCode;
		case "PUBLISH":
			return PublishErrorCode;
		case "PUBLISH_NAMESPACE":
			return PublishNamespaceErrorCode;
		case "SUBSCRIBE_NAMESPACE":
		case "SUBSCRIBE_TRACKS":
			return SubscribeNamespaceErrorCode;
	}
}

function requestTable(draft: Draft, request: RelayRequest): Table {
	return draft === 14 ? table14(request) : RequestErrorCode[draft];
}

function nameOf(table: Table, code: number): string | undefined {
	for (const [name, value] of Object.entries(table)) if (value === code) return name;
	return undefined;
}

function codeIn(table: Table, name: string, aliases: Readonly<Record<string, string>>): number {
	const direct = table[name];
	if (direct !== undefined) return direct;
	for (const [alias, canonical] of Object.entries(aliases)) {
		if (canonical === name && table[alias] !== undefined) return table[alias];
	}
	return INTERNAL_ERROR;
}

/** The code of a request error `name` in the error message that answers `request` in `draft`. */
export function requestErrorCode(draft: Draft, request: RelayRequest, name: RequestErrorName): number {
	return codeIn(requestTable(draft, request), name, draft === 14 ? ALIASES_14 : {});
}

/** The later drafts' name of a request error code, or undefined for a code the table lacks. */
export function requestErrorName(draft: Draft, request: RelayRequest, code: number): string | undefined {
	const name = nameOf(requestTable(draft, request), code);
	return name === undefined ? undefined : (ALIASES_14[name] ?? name);
}

/** A request error of one draft, as the same error in another draft (INTERNAL_ERROR if it has none). */
export function translateRequestError(from: Draft, to: Draft, request: RelayRequest, code: number): number {
	const name = requestErrorName(from, request, code);
	return name === undefined ? INTERNAL_ERROR : codeIn(requestTable(to, request), name, to === 14 ? ALIASES_14 : {});
}

/** The PUBLISH_DONE names every draft has. */
export type PublishDoneName = keyof (typeof PublishDoneCode)[14];

/** A PUBLISH_DONE status code by name. */
export function publishDoneCode(draft: Draft, name: PublishDoneName): number {
	return PublishDoneCode[draft][name];
}

/** A PUBLISH_DONE status of one draft as the same status in another. */
export function translatePublishDone(from: Draft, to: Draft, code: number): number {
	const name = nameOf(PublishDoneCode[from], code);
	return name === undefined ? INTERNAL_ERROR : codeIn(PublishDoneCode[to], name, {});
}

/** A stream reset code of one draft as the same code in another. */
export function translateStreamReset(from: Draft, to: Draft, code: number): number {
	const name = nameOf(StreamResetCode[from], code);
	return name === undefined ? INTERNAL_ERROR : codeIn(StreamResetCode[to], name, {});
}

/** The name of a session termination code (for metrics and logs), or its number as text. */
export function terminationName(code: number): string {
	return nameOf(TerminationCode, code) ?? String(code);
}
