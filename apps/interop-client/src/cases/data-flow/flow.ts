/**
 * What the data-flow cases share: a publisher that publishes `moq-test/interop` and serves
 * `test-track` from a track, subscribers of that track, objects whose payload names their
 * location (so that every object received can be checked), and reading a number of objects.
 *
 * @module
 */

import {
	type ClientSession,
	type ClientSubscription,
	ObjectStatus,
	type Track,
	type TrackObject,
	text,
} from "@moqt/client";
import type { CaseContext } from "../../context.js";
import { TestFailure } from "../../failure.js";
import { namespaceOkName, TEST_NAMESPACE, TEST_TRACK } from "../../names.js";
import { setupNameFor } from "../expectations.js";

/**
 * The first Group ID of a case: the time in ms. A relay keeps a track's objects after its
 * publisher left, and a new subscription starts after the largest one it holds (the Latest
 * Object filter), so a publisher that began at group 0 again would publish nothing new to it.
 * Group IDs that grow from run to run, as a live publisher's do, keep every run's objects new.
 */
export function firstGroup(): bigint {
	return BigInt(Date.now());
}

/** The payload of the object at `group`/`object`. */
export function payloadAt(group: bigint, object: bigint): string {
	return `moq-test group ${group} object ${object}`;
}

/** "group/object", as the diagnostics print locations. */
export function locationOf(o: { readonly group: bigint; readonly object: bigint }): string {
	return `${o.group}/${o.object}`;
}

/** Connects the publisher, makes its track and publishes the namespace (REQUEST_OK). */
export async function startPublisher(t: CaseContext): Promise<{ session: ClientSession; track: Track }> {
	const session = await t.step(`publisher ${setupNameFor(t)}`, t.connect("publisher"));
	const track = session.track(TEST_NAMESPACE, TEST_TRACK);
	await t.step(
		`publisher ${namespaceOkName(session.draft)}`,
		session.publishNamespace(TEST_NAMESPACE, { signal: t.signal }),
	);
	return { session, track };
}

/** A subscriber: connected as `role`, subscribed (SUBSCRIBE_OK), reading from `objects`. */
export interface Subscriber {
	readonly role: string;
	readonly session: ClientSession;
	readonly subscription: ClientSubscription;
	readonly objects: AsyncIterator<TrackObject>;
}

/** Connects `role` and subscribes to the test track. */
export async function startSubscriber(t: CaseContext, role: string): Promise<Subscriber> {
	const session = await t.step(`${role} ${setupNameFor(t)}`, t.connect(role));
	const subscription = await t.step(
		`${role} SUBSCRIBE_OK`,
		session.subscribe(TEST_NAMESPACE, TEST_TRACK, { signal: t.signal }),
	);
	const largest = subscription.largest;
	if (largest !== undefined) t.note(`${role}_largest_location`, `${largest.group}/${largest.object}`);
	return { role, session, subscription, objects: subscription[Symbol.asyncIterator]() };
}

/** Writes `count` objects into group `id` and ends it; returns `id`. */
export async function writeGroup(track: Track, count: number, id: bigint): Promise<bigint> {
	const group = track.group(id);
	for (let i = 0; i < count; i++) await group.write(payloadAt(group.id, BigInt(i)));
	await group.end();
	return group.id;
}

/**
 * The next `count` objects `subscriber` receives (objects that carry a status rather than a
 * payload, such as an end of group, are passed over); each payload must match its location.
 */
export async function readObjects(t: CaseContext, subscriber: Subscriber, count: number): Promise<TrackObject[]> {
	const received: TrackObject[] = [];
	const expected = `${subscriber.role} ${count} objects`;
	await t.step(
		expected,
		(async () => {
			while (received.length < count) {
				const next = await subscriber.objects.next();
				if (next.done) {
					throw new TestFailure(
						`${subscriber.role}: the subscription ended after ${received.length} of ${count} objects`,
						{
							expected,
							received: `${received.length} objects, then the end of the subscription`,
						},
					);
				}
				if (next.value.status !== ObjectStatus.NORMAL) continue;
				received.push(checkPayload(next.value, subscriber.role));
			}
		})(),
	);
	return received;
}

function checkPayload(o: TrackObject, role: string): TrackObject {
	const want = payloadAt(o.group, o.object);
	const got = text(o);
	if (got !== want) {
		throw new TestFailure(`${role}: object ${locationOf(o)} has the wrong payload`, {
			expected: want,
			received: got,
		});
	}
	return o;
}

/** Fails unless `objects` are exactly `expected` ("group/object"), in that order. */
export function expectLocations(role: string, objects: readonly TrackObject[], expected: readonly string[]): void {
	const got = objects.map(locationOf);
	if (got.join(" ") === expected.join(" ")) return;
	throw new TestFailure(`${role} received other objects than were published`, {
		expected: expected.join(" "),
		received: got.join(" "),
	});
}
