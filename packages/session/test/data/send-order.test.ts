/**
 * Priorities → transport send orders (draft-19 §7.2 "Scheduling Algorithm"): the exact encoding
 * table, the order it induces, and its edges.
 */

import { GroupOrder } from "@moqt/wire";
import { describe, expect, it } from "vitest";
import {
	fetchSendOrder,
	groupKey,
	MAX_DATA_SEND_ORDER,
	type SendOrderKey,
	subgroupSendOrder,
} from "../../src/data/send-order.js";

const base: SendOrderKey = {
	subscriberPriority: 128,
	publisherPriority: 128,
	groupOrder: GroupOrder.ASCENDING,
	groupId: 100n,
	subgroupId: 0n,
	baseGroup: 100n,
};

function order(changes: Partial<SendOrderKey>): number {
	return subgroupSendOrder({ ...base, ...changes });
}

describe("subgroupSendOrder", () => {
	it("packs the fields as documented: -1 - (sub·2^45 + pub·2^37 + groupKey·2^13 + subgroup)", () => {
		const table: [Partial<SendOrderKey>, number][] = [
			[{ subscriberPriority: 0, publisherPriority: 0, groupId: 100n, subgroupId: 0n }, -1 - 2 ** 23 * 2 ** 13],
			[{ subscriberPriority: 1, publisherPriority: 0, groupId: 100n, subgroupId: 0n }, -1 - (2 ** 45 + 2 ** 36)],
			[{ subscriberPriority: 0, publisherPriority: 1, groupId: 100n, subgroupId: 0n }, -1 - (2 ** 37 + 2 ** 36)],
			[{ subscriberPriority: 0, publisherPriority: 0, groupId: 101n, subgroupId: 0n }, -1 - (2 ** 23 + 1) * 2 ** 13],
			[{ subscriberPriority: 0, publisherPriority: 0, groupId: 100n, subgroupId: 5n }, -1 - (2 ** 36 + 5)],
			[
				{ subscriberPriority: 0, publisherPriority: 0, groupId: 101n, groupOrder: GroupOrder.DESCENDING },
				-1 - (2 ** 23 - 1) * 2 ** 13,
			],
			[
				{ subscriberPriority: 255, publisherPriority: 255, groupId: 100n + 2n ** 23n - 1n, subgroupId: 8191n },
				-(2 ** 53),
			],
		];
		for (const [key, expected] of table) expect(order(key)).toBe(expected);
	});

	it("orders by subscriber priority, then publisher priority, then group order, then subgroup", () => {
		// Listed in the order the draft says they are to be sent.
		const expected: Partial<SendOrderKey>[] = [
			{ subscriberPriority: 1, publisherPriority: 200, groupId: 120n, subgroupId: 9n },
			{ subscriberPriority: 2, publisherPriority: 0, groupId: 90n, subgroupId: 0n },
			{ subscriberPriority: 2, publisherPriority: 1, groupId: 80n, subgroupId: 3n },
			{ subscriberPriority: 2, publisherPriority: 1, groupId: 81n, subgroupId: 0n },
			{ subscriberPriority: 2, publisherPriority: 1, groupId: 81n, subgroupId: 1n },
			{ subscriberPriority: 2, publisherPriority: 1, groupId: 81n, subgroupId: 7n },
			{ subscriberPriority: 2, publisherPriority: 1, groupId: 200n, subgroupId: 0n },
		];
		const values = expected.map(order);
		const sorted = [...values].sort((a, b) => b - a);
		expect(sorted).toEqual(values);
		expect(new Set(values).size).toBe(values.length);
	});

	it("puts higher groups first in Descending order", () => {
		const d = (groupId: bigint) => order({ groupId, groupOrder: GroupOrder.DESCENDING });
		expect(d(105n)).toBeGreaterThan(d(104n));
		expect(d(104n)).toBeGreaterThan(d(100n));
		expect(d(100n)).toBeGreaterThan(d(42n));
	});

	it("gives distinct exact integers for distinct keys, all below the control streams' 0", () => {
		const seen = new Set<string>();
		for (const subscriberPriority of [0, 1, 127, 254, 255])
			for (const publisherPriority of [0, 1, 128, 255])
				for (const groupId of [0n, 99n, 100n, 101n, 5000n])
					for (const subgroupId of [0n, 1n, 8190n, 8191n])
						for (const groupOrder of [GroupOrder.ASCENDING, GroupOrder.DESCENDING]) {
							const v = order({ subscriberPriority, publisherPriority, groupId, subgroupId, groupOrder });
							expect(Number.isSafeInteger(v) || v === -(2 ** 53)).toBe(true);
							expect(v).toBeLessThanOrEqual(MAX_DATA_SEND_ORDER);
							expect(v).toBeGreaterThanOrEqual(-(2 ** 53));
							seen.add(`${groupOrder}:${v}`);
						}
		expect(seen.size).toBe(5 * 4 * 5 * 4 * 2);
	});

	it("handles Group IDs far beyond 2^53 through the base group", () => {
		const huge = 2n ** 62n;
		const at = (groupId: bigint) => order({ groupId, baseGroup: huge });
		expect(at(huge + 1n)).toBeLessThan(at(huge));
		expect(at(huge - 1n)).toBeGreaterThan(at(huge));
	});

	it("saturates (ties, never inverts) beyond the key ranges", () => {
		const far = 2n ** 23n;
		expect(groupKey(100n + far + 5n, 100n, GroupOrder.ASCENDING)).toBe(2 ** 24 - 1);
		expect(groupKey(100n + far + 6n, 100n, GroupOrder.ASCENDING)).toBe(2 ** 24 - 1);
		expect(groupKey(0n, 100n + far, GroupOrder.ASCENDING)).toBe(0);
		expect(order({ subgroupId: 10_000n })).toBe(order({ subgroupId: 8191n }));
		expect(order({ subgroupId: 10_000n })).toBeLessThan(order({ subgroupId: 8190n }));
	});

	it("rejects priorities outside 0-255", () => {
		expect(() => order({ subscriberPriority: 256 })).toThrow(RangeError);
		expect(() => order({ publisherPriority: -1 })).toThrow(RangeError);
		expect(() => order({ publisherPriority: 1.5 })).toThrow(RangeError);
	});
});

describe("fetchSendOrder", () => {
	it("uses the next object's publisher priority under the subscriber priority", () => {
		expect(fetchSendOrder(0, 0)).toBe(-1);
		expect(fetchSendOrder(3, 7)).toBe(-1 - (3 * 2 ** 45 + 7 * 2 ** 37));
		expect(fetchSendOrder(3, 7)).toBeGreaterThan(fetchSendOrder(3, 8));
		expect(fetchSendOrder(3, 255)).toBeGreaterThan(fetchSendOrder(4, 0));
		// Ahead of subscription streams of equal priorities (implementation-defined order).
		expect(fetchSendOrder(128, 128)).toBeGreaterThan(order({}));
	});
});
