/**
 * draft-19 Range Filters: MAX_FILTER_RANGES in both directions, and the filters a receiver
 * refuses with INVALID_FILTER.
 */

import { type RangeFilter, RangeFilterKind } from "@moqt/wire";
import { describe, expect, it } from "vitest";
import { b, messagesOf, ns, one, Pair, Peer } from "./pair.js";

const track = { trackNamespace: ns("r"), trackName: b("t") };
const subgroups = (setId: number, ...ranges: [bigint, bigint?][]): RangeFilter => ({
	kind: RangeFilterKind.SUBGROUP,
	setId,
	ranges: ranges.map(([start, end]) => (end === undefined ? { start } : { start, end })),
});

describe("draft-19 range filters", () => {
	it("are accepted within the peer's MAX_FILTER_RANGES and refused locally beyond it", () => {
		const p = new Pair(19, { server: { maxFilterRanges: 2n } });
		p.take("server");
		expect(() =>
			p.client.subscribe({ ...track, rangeFilters: [subgroups(0, [1n, 2n], [4n, 5n], [7n])] }, p.now),
		).toThrow(expect.objectContaining({ code: "limit" }));
		const id = p.client.subscribe({ ...track, rangeFilters: [subgroups(0, [1n, 2n], [4n])] }, p.now);
		p.drive();
		expect(one(p.take("server"), "request").message).toMatchObject({ rangeFilters: [subgroups(0, [1n, 2n], [4n])] });
		expect(p.server.subscription(id)?.parameters.rangeFilters).toHaveLength(1);
		// Without the peer's MAX_FILTER_RANGES (default 0) none may be sent.
		const q = new Pair(19);
		expect(() => q.client.subscribe({ ...track, rangeFilters: [subgroups(0, [1n])] }, q.now)).toThrow(
			/MAX_FILTER_RANGES/,
		);
	});

	function refusedWith(filters: RangeFilter[], max = 8n): unknown {
		const server = new Peer(19, "server", { setup: { maxFilterRanges: max } }).completeSetup();
		server.feed(server.core.channelOpened(0), { type: "SUBSCRIBE", requestId: 0n, ...track, rangeFilters: filters });
		const sent = messagesOf(server.transmits());
		expect(server.events()).toEqual([]);
		return sent[0];
	}

	it("beyond our MAX_FILTER_RANGES are refused with INVALID_FILTER", () => {
		expect(refusedWith([subgroups(0, [1n, 2n], [3n])], 1n)).toMatchObject({ type: "REQUEST_ERROR", errorCode: 0x36 });
	});

	it("repeating a filter, an odd property type or a priority above 255 are refused with INVALID_FILTER", () => {
		expect(refusedWith([subgroups(1, [1n]), subgroups(1, [5n])])).toMatchObject({ errorCode: 0x36 });
		const odd: RangeFilter = {
			kind: RangeFilterKind.OBJECT_PROPERTY,
			setId: 0,
			propertyType: 3n,
			ranges: [{ start: 1n }],
		};
		expect(refusedWith([odd])).toMatchObject({ errorCode: 0x36 });
		const priority: RangeFilter = { kind: RangeFilterKind.PRIORITY, setId: 0, ranges: [{ start: 10n, end: 300n }] };
		expect(refusedWith([priority])).toMatchObject({ errorCode: 0x36 });
	});

	it("in different sets are accepted", () => {
		const server = new Peer(19, "server", { setup: { maxFilterRanges: 8n } }).completeSetup();
		server.feed(server.core.channelOpened(0), {
			type: "SUBSCRIBE",
			requestId: 0n,
			...track,
			rangeFilters: [subgroups(0, [1n]), subgroups(1, [5n])],
		});
		expect(one(server.events(), "request").requestId).toBe(0n);
	});
});
