/**
 * Drafts meeting in one relay: a draft-14 publisher and a draft-19 subscriber (and the reverse)
 * exchange objects whose properties keep their meaning (Immutable Properties re-encoded for the
 * other draft), and codes keep their names across drafts.
 */

import type { PublishDone, RequestError } from "@moqt/session";
import {
	type Draft,
	encodeImmutableProperties,
	ObjectPropertyType,
	ObjectStatus,
	PublishDoneCode,
	RequestErrorCode,
	readImmutableProperties,
	SubscribeErrorCode,
} from "@moqt/wire";
import { describe, expect, test } from "vitest";
import { b, join, ns, TestPublisher, take, testRelay, text, until, writeGroups } from "./relay-helpers.js";

describe("cross-draft relaying", () => {
	test.each([
		[14, 19],
		[19, 14],
		[16, 18],
		[18, 16],
	] as const)("draft-%i publisher, draft-%i subscriber", async (from: Draft, to: Draft) => {
		const relay = testRelay();
		const publisher = new TestPublisher((await join(relay, from)).session);
		await publisher.session.publishNamespace(ns("x"));
		const subscriber = (await join(relay, to)).session;
		const subscription = await subscriber.subscribe(ns("x"), b("t"));
		const inner = [
			{ type: 0x7an, value: 42n },
			{ type: 0x7bn, value: b("odd") },
		];
		await writeGroups(await publisher.track(), [0n, 1n], 2, (g, o) => [
			{ type: 0x7cn, value: g * 10n + o },
			{ type: ObjectPropertyType.IMMUTABLE_PROPERTIES, value: encodeImmutableProperties(inner, from) },
		]);
		const objects = await take(subscription, 4);
		expect(objects.map((o) => text(o.payload))).toEqual(["0:0", "0:1", "1:0", "1:1"]);
		for (const o of objects) {
			// Delta-encoded drafts write properties sorted by type; compare by type.
			expect(o.properties.find((p) => p.type === 0x7cn)?.value).toBe(o.groupId * 10n + o.objectId);
			const immutable = o.properties.find((p) => p.type === ObjectPropertyType.IMMUTABLE_PROPERTIES);
			expect(readImmutableProperties(immutable?.value as Uint8Array, to)).toEqual(inner);
		}
		(await publisher.track()).close(PublishDoneCode[from].TRACK_ENDED);
		expect(((await subscription.done) as PublishDone).statusCode).toBe(PublishDoneCode[to].TRACK_ENDED);
		await relay.close();
	});

	test("an upstream refusal keeps its meaning: TRACK_DOES_NOT_EXIST (14) becomes DOES_NOT_EXIST (19)", async () => {
		const relay = testRelay();
		const publisher = (await join(relay, 14)).session;
		publisher.handlers.onSubscribe = (request) =>
			request.reject(SubscribeErrorCode.TRACK_DOES_NOT_EXIST, "no such track");
		await publisher.publishNamespace(ns("x"));
		for (const [draft, code] of [
			[19, RequestErrorCode[19].DOES_NOT_EXIST],
			[14, SubscribeErrorCode.TRACK_DOES_NOT_EXIST],
		] as const) {
			const subscriber = (await join(relay, draft)).session;
			const error = (await subscriber.subscribe(ns("x"), b("t")).catch((e: unknown) => e)) as RequestError;
			expect([error.code, error.reason]).toEqual([code, "no such track"]);
		}
		expect(relay.stats.tracks).toBe(0);
		await relay.close();
	});

	test("draft-14 status objects reach a draft-19 subscriber as that draft allows", async () => {
		const relay = testRelay();
		const publisher = new TestPublisher((await join(relay, 14)).session);
		await publisher.session.publishNamespace(ns("s"));
		const subscription = await (await join(relay, 19)).session.subscribe(ns("s"), b("t"));
		const ends: string[] = [];
		subscription.onStreamEnd = (end) => ends.push(end.kind);
		const subgroup = (await publisher.track()).openSubgroup({ groupId: 0n, subgroupId: 0n, hasProperties: true });
		await subgroup.writeObject({ objectId: 0n, payload: b("a") });
		await subgroup.writeObject({ objectId: 1n, status: ObjectStatus.DOES_NOT_EXIST });
		await subgroup.writeObject({ objectId: 2n, payload: b("c") });
		const tag = [{ type: 0x7an, value: 1n }];
		await subgroup.writeObject({ objectId: 3n, status: ObjectStatus.END_OF_GROUP, properties: tag });
		await subgroup.end();
		const seen: string[] = [];
		const it = subscription[Symbol.asyncIterator]();
		while (seen.length < 3) {
			const { value: o } = await it.next();
			seen.push(`${o!.objectId}:${o!.status}:${o!.properties.length}`);
		}
		// Does Not Exist is left out (a gap says so from draft-15); End of Group loses its properties.
		expect(seen).toEqual(["0:0:0", "2:0:0", `3:${ObjectStatus.END_OF_GROUP}:0`]);
		await until(() => ends.length === 1);
		expect(ends).toEqual(["fin"]);
		await relay.close();
	});
});
