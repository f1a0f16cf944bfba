/**
 * The SUBGROUP_HEADER a SubgroupSender writes, decoded from the raw stream (draft-14/-16 §10.4.2,
 * -18/-19 §11.4.2): Subgroup ID mode, DEFAULT_PRIORITY (-16+), the PROPERTIES bit, END_OF_GROUP,
 * and FIRST_OBJECT (-17+) — set only when the stream starts with the subgroup's first object.
 */

import { DataStreamDecoder, type Draft, GroupOrder, type SubgroupHeader, SubgroupIdMode } from "@moqt/wire";
import { describe, expect, it } from "vitest";
import { createMemoryPair } from "../../../transport/src/memory/index.js";
import type { SubgroupOptions } from "../../src/data/subgroup-sender.js";
import { TrackSender, type TrackSenderOptions } from "../../src/data/track-sender.js";
import type { OutgoingObject } from "../../src/data/types.js";
import { DRAFTS, FakeClock, settle } from "./helpers.js";

/** Sends the objects on one subgroup and returns the headers of the streams that carried them. */
async function headers(
	draft: Draft,
	subgroup: SubgroupOptions,
	objects: readonly OutgoingObject[],
	track: Partial<TrackSenderOptions> = {},
	between?: (sender: TrackSender) => void,
): Promise<SubgroupHeader[]> {
	const [publisher, subscriber] = createMemoryPair();
	const sender = new TrackSender({
		transport: publisher,
		draft,
		trackAlias: 12n,
		subscriberPriority: 0,
		groupOrder: GroupOrder.ASCENDING,
		clock: new FakeClock(),
		defaultPublisherPriority: 77,
		...track,
	});
	const out: SubgroupHeader[] = [];
	const collecting = (async () => {
		for await (const stream of subscriber.incomingUni) {
			const decoder = new DataStreamDecoder(draft);
			while (decoder.header === undefined) {
				const chunk = await stream.read().catch(() => undefined);
				if (chunk === undefined) break;
				decoder.push(chunk);
			}
			if (decoder.header?.type === "SUBGROUP_HEADER") out.push(decoder.header);
		}
	})();
	const sg = sender.openSubgroup(subgroup);
	for (const [i, o] of objects.entries()) {
		await sg.writeObject(o);
		if (i === 0) between?.(sender);
	}
	await sg.end();
	await settle();
	publisher.close();
	await collecting;
	return out;
}

describe.each(DRAFTS)("draft-%i SUBGROUP_HEADER", (draft) => {
	const firstObject = draft >= 17;

	it("gives Subgroup ID 0 implicitly and the priority explicitly when asked", async () => {
		const [h] = await headers(draft, { groupId: 5n, subgroupId: 0n, publisherPriority: 3, endOfGroup: true }, [
			{ objectId: 0n },
		]);
		expect(h).toMatchObject({
			trackAlias: 12n,
			groupId: 5n,
			subgroupIdMode: SubgroupIdMode.ZERO,
			subgroupId: 0n,
			publisherPriority: 3,
			hasProperties: false,
			endOfGroup: true,
			firstObject,
		});
	});

	it("inherits the default priority from -16 and writes it in draft-14", async () => {
		const [h] = await headers(draft, { groupId: 0n, subgroupId: 9n }, [{ objectId: 0n }]);
		expect(h).toMatchObject({
			subgroupIdMode: SubgroupIdMode.EXPLICIT,
			subgroupId: 9n,
			publisherPriority: draft === 14 ? 77 : undefined,
		});
	});

	it('uses the first Object ID as Subgroup ID in "first-object" mode, and sets PROPERTIES from the first object', async () => {
		const [h] = await headers(draft, { groupId: 0n, subgroupId: "first-object" }, [
			{ objectId: 6n, properties: [{ type: 4n, value: 1n }] },
			{ objectId: 7n },
		]);
		expect(h).toMatchObject({ subgroupIdMode: SubgroupIdMode.FIRST_OBJECT_ID, hasProperties: true, firstObject });
	});

	it("clears FIRST_OBJECT and names the Subgroup ID when the stream does not start the subgroup", async () => {
		const filtered = await headers(
			draft,
			{ groupId: 2n, subgroupId: "first-object" },
			[{ objectId: 1n }, { objectId: 2n }, { objectId: 3n }],
			{ filter: { start: { group: 2n, object: 2n } } },
		);
		expect(filtered).toHaveLength(1);
		expect(filtered[0]).toMatchObject({ subgroupIdMode: SubgroupIdMode.EXPLICIT, subgroupId: 1n });
		expect(filtered[0]?.firstObject).toBe(false);

		const reopened = await headers(
			draft,
			{ groupId: 0n, subgroupId: "first-object" },
			[{ objectId: 4n }, { objectId: 5n }],
			{},
			(sender) => {
				sender.update({ forward: false });
				sender.update({ forward: true });
			},
		);
		expect(reopened.map((h) => [h.subgroupIdMode, h.subgroupId, h.firstObject])).toEqual([
			[SubgroupIdMode.FIRST_OBJECT_ID, undefined, firstObject],
			[SubgroupIdMode.EXPLICIT, 4n, false],
		]);

		const relay = await headers(draft, { groupId: 0n, subgroupId: 0n, firstObject: false }, [{ objectId: 8n }]);
		expect(relay[0]?.firstObject).toBe(false);
	});
});
