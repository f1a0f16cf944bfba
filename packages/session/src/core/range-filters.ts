/**
 * Range Filters (draft-ietf-moq-transport-19 §5.1.3 "Range Filters", §10.3.1 "MAX FILTER
 * RANGES", §10.2 "PRIORITY FILTER" ... "TRACK PROPERTY FILTER"): the checks a receiver makes on
 * the range filters of a SUBSCRIBE, FETCH, SUBSCRIBE_TRACKS or REQUEST_UPDATE, each refused with
 * REQUEST_ERROR INVALID_FILTER:
 *
 * - "Range Filters are only allowed if the setup option MAX_FILTER_RANGES is non-zero, which
 *   limits the total number of Ranges"; exceeding it is INVALID_FILTER.
 * - "If the same combination of Parameter Type, SetID, and Property Type ... repeat in any
 *   message, an endpoint MUST reject this".
 * - A Priority Filter value above 255, an odd property type, or a value past 2^64 - 1.
 *
 * The same count bounds what we send, against the peer's MAX_FILTER_RANGES.
 *
 * @module
 */

import { type MessageParameters, RangeFilterKind, RequestErrorCode } from "@moqt/wire";
import type { RequestFailure } from "./responses-map.js";

const MAX_U64 = (1n << 64n) - 1n;

/** The number of ranges in a message's range filters. */
export function rangeCount(params: MessageParameters): bigint {
	let n = 0n;
	for (const f of params.rangeFilters ?? []) n += BigInt(f.ranges.length);
	return n;
}

/** Why the range filters of a request must be refused, if they must. */
export function rangeFilterFailure(params: MessageParameters, maxRanges: bigint): RequestFailure | undefined {
	const filters = params.rangeFilters;
	if (filters === undefined || filters.length === 0) return undefined;
	const invalid = (reason: string): RequestFailure => ({
		code: RequestErrorCode[19].INVALID_FILTER,
		reason,
		retryInterval: 0n,
	});
	if (rangeCount(params) > maxRanges) return invalid(`more than MAX_FILTER_RANGES (${maxRanges}) ranges`);
	const seen = new Set<string>();
	for (const f of filters) {
		const key = `${f.kind}:${f.setId ?? ""}:${f.propertyType ?? ""}`;
		if (seen.has(key)) return invalid("a range filter repeats");
		seen.add(key);
		if (f.propertyType !== undefined && (f.propertyType & 1n) === 1n) return invalid("an odd property type");
		const max = f.kind === RangeFilterKind.PRIORITY ? 255n : MAX_U64;
		for (const r of f.ranges) {
			if (r.start > max || (r.end !== undefined && r.end > max)) return invalid("a range value out of bounds");
		}
	}
	return undefined;
}
