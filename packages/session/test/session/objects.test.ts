/**
 * The data plane through the session: objects that beat SUBSCRIBE_OK, the subscriber's queue
 * holding the publisher back (backpressure through stream flow control), the Forward State, and
 * several subscriptions sharing one session.
 */

import { describe, expect, it, vi } from "vitest";
import type { ReceivedObject, TrackPublisher } from "../../src/index.js";
import { b, closeBoth, connect, DRAFTS, ns, settle } from "./helpers.js";

const text = (o: ReceivedObject) => new TextDecoder().decode(o.payload);

describe.each(DRAFTS)("draft-%i objects", (draft) => {
	it("keeps objects sent right after SUBSCRIBE_OK, whichever stream arrives first", async () => {
		const p = await connect(draft);
		p.server.handlers.onSubscribe = (req) => {
			const publisher = req.accept({ trackAlias: 77n });
			const subgroup = publisher.openSubgroup({ groupId: 0n, subgroupId: 0n });
			void subgroup.writeObject({ objectId: 0n, payload: b("fast") });
			void subgroup.end();
		};
		const sub = await p.client.subscribe(ns("a"), b("t"));
		const first = await sub[Symbol.asyncIterator]().next();
		expect(first.value && text(first.value)).toBe("fast");
		await closeBoth(p);
	});

	it("holds the publisher back while the subscriber does not read", async () => {
		const p = await connect(draft, { pair: { streamBufferSize: 256 }, client: { receive: { maxObjects: 2 } } });
		let publisher: TrackPublisher | undefined;
		p.server.handlers.onSubscribe = (req) => {
			publisher = req.accept();
		};
		const sub = await p.client.subscribe(ns("a"), b("t"));
		const subgroup = publisher!.openSubgroup({ groupId: 0n, subgroupId: 0n });
		let written = 0;
		const writes: Promise<void>[] = [];
		for (let i = 0; i < 20; i++) {
			writes.push(
				subgroup.writeObject({ objectId: BigInt(i), payload: new Uint8Array(100).fill(i) }).then(() => {
					written++;
				}),
			);
		}
		await settle(200);
		// The queue holds 2, the router one more, the transport ~256 bytes: far from all 20.
		expect(written).toBeLessThan(10);
		const received: number[] = [];
		for await (const o of sub) {
			received.push(o.payload[0]!);
			if (received.length === 20) break;
		}
		await Promise.all(writes);
		expect(written).toBe(20);
		expect(received).toEqual([...Array(20).keys()]);
		await closeBoth(p);
	});

	it("sends nothing while the Forward State is 0, and resumes when the subscriber updates it", async () => {
		const p = await connect(draft);
		let publisher: TrackPublisher | undefined;
		p.server.handlers.onSubscribe = (req) => {
			publisher = req.accept();
		};
		const sub = await p.client.subscribe(ns("a"), b("t"), { forward: false });
		expect(publisher!.forward).toBe(false);
		await publisher!.openSubgroup({ groupId: 0n, subgroupId: 0n }).writeObject({ objectId: 0n, payload: b("dropped") });
		expect(publisher!.streamCount).toBe(0);
		await sub.update({ forward: true });
		await vi.waitFor(() => expect(publisher!.forward).toBe(true));
		await publisher!.openSubgroup({ groupId: 1n, subgroupId: 0n }).writeObject({ objectId: 0n, payload: b("sent") });
		const first = await sub[Symbol.asyncIterator]().next();
		expect(first.value && text(first.value)).toBe("sent");
		expect(first.value?.groupId).toBe(1n);
		await closeBoth(p);
	});

	it("routes the objects of several subscriptions by their aliases", async () => {
		const p = await connect(draft);
		const publishers = new Map<string, TrackPublisher>();
		p.server.handlers.onSubscribe = (req) => {
			publishers.set(new TextDecoder().decode(req.message.trackName), req.accept());
		};
		const video = await p.client.subscribe(ns("a"), b("video"));
		const audio = await p.client.subscribe(ns("a"), b("audio"));
		expect(video.trackAlias).not.toBe(audio.trackAlias);
		for (const [name, publisher] of publishers) {
			const subgroup = publisher.openSubgroup({ groupId: 0n, subgroupId: 0n });
			await subgroup.writeObject({ objectId: 0n, payload: b(name) });
			await subgroup.end();
			publisher.close();
		}
		const names = async (sub: AsyncIterable<ReceivedObject>) => {
			const out: string[] = [];
			for await (const o of sub) out.push(text(o));
			return out;
		};
		expect(await names(video)).toEqual(["video"]);
		expect(await names(audio)).toEqual(["audio"]);
		await closeBoth(p);
	});
});
