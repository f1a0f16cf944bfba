/**
 * Namespaces, per draft, against a bare `@moqt/session` server: announcing ours
 * (PUBLISH_NAMESPACE), and discovering the server's with `subscribeNamespace` — NAMESPACE /
 * NAMESPACE_DONE from draft-16, PUBLISH_NAMESPACE requests in draft-14 — and with `tracks: true`
 * the PUBLISH offers under the prefix (draft-14 as they come, draft-16 through Subscribe Options,
 * draft-18+ through SUBSCRIBE_TRACKS).
 */

import type { MoqtSession } from "@moqt/session";
import { SubscribeOptions } from "@moqt/wire";
import { describe, expect, it } from "vitest";
import { type Announcement, namespaceText, text, toNamespace } from "../../src/index.js";
import { closeAll, DRAFTS, rawPeer } from "../helpers.js";

const A = toNamespace("live/a");

/** The server announces `live/a` under any prefix asked for, the way its draft does. */
function announcing(server: MoqtSession, withdraw: Promise<void>): void {
	server.handlers.onSubscribeNamespace = async (request) => {
		const responder = request.accept();
		if (server.draft === 14) {
			const published = await server.publishNamespace(A);
			await withdraw;
			published.withdraw();
		} else {
			responder.namespace(A);
			await withdraw;
			responder.namespaceDone(A);
		}
	};
}

function describeAnnouncement(a: Announcement): string {
	return `${a.kind} ${namespaceText(a.namespace)} (${namespaceText(a.suffix)})`;
}

describe.each(DRAFTS)("draft-%i namespaces", (draft) => {
	it("yields the namespaces under the prefix, then their withdrawal", async () => {
		const { client, server } = await rawPeer(draft);
		let withdraw!: () => void;
		announcing(server, new Promise((resolve) => (withdraw = resolve)));
		const watch = await client.subscribeNamespace("live");
		const seen: string[] = [];
		for await (const announcement of watch) {
			seen.push(describeAnnouncement(announcement));
			if (announcement.kind === "namespace") withdraw();
			else break;
		}
		expect(seen).toEqual(["namespace live/a (a)", "namespace-done live/a (a)"]);
		expect(watch.over).toBe(true);
		expect(await watch.done).toBeUndefined();
		await closeAll(client, server);
	});

	it("yields PUBLISH offers under the prefix with tracks: true; accepting one subscribes", async () => {
		const { client, server } = await rawPeer(draft);
		const asked: string[] = [];
		server.handlers.onSubscribeNamespace = (request) => {
			if (draft === 16) asked.push(`options ${request.message.subscribeOptions}`);
			request.accept();
		};
		server.handlers.onSubscribeTracks = (request) => {
			asked.push("tracks");
			request.accept();
		};
		const watch = await client.subscribeNamespace("live", { tracks: true });
		await watch.trackRequest?.response;
		const publisher = await server.publish(A, new TextEncoder().encode("cam"), { waitResponse: false });
		const iterator = watch[Symbol.asyncIterator]();
		const offer = (await iterator.next()).value as Announcement;
		expect(offer.kind).toBe("publish");
		if (offer.kind !== "publish") return;
		expect(text({ payload: offer.name })).toBe("cam");
		const subscription = offer.accept({ priority: 2 });
		await publisher.response;
		expect(publisher.parameters.subscriberPriority).toBe(2);
		const subgroup = publisher.openSubgroup({ groupId: 0n, subgroupId: 0n });
		await subgroup.writeObject({ objectId: 0n, payload: new TextEncoder().encode("frame") });
		const first = await subscription[Symbol.asyncIterator]().next();
		expect(text(first.value)).toBe("frame");
		expect(asked).toEqual(draft === 16 ? [`options ${SubscribeOptions.BOTH}`] : draft >= 18 ? ["tracks"] : []);
		watch.cancel();
		await closeAll(client, server);
	});

	it("refuses PUBLISH offers it was not asked for", async () => {
		const { client, server } = await rawPeer(draft);
		server.handlers.onSubscribeNamespace = (request) => {
			if (draft === 16) expect(request.message.subscribeOptions).toBe(SubscribeOptions.NAMESPACE);
			request.accept();
		};
		const watch = await client.subscribeNamespace("live");
		await expect(server.publish(A, new TextEncoder().encode("cam"))).rejects.toMatchObject({
			codeName: "UNINTERESTED",
		});
		watch.cancel();
		await closeAll(client, server);
	});

	it("refuses the PUBLISH offers still unanswered when the watch ends", async () => {
		const { client, server } = await rawPeer(draft);
		server.handlers.onSubscribeNamespace = (request) => void request.accept();
		server.handlers.onSubscribeTracks = (request) => void request.accept();
		const watch = await client.subscribeNamespace("live", { tracks: true });
		await watch.trackRequest?.response;
		const publisher = await server.publish(A, new TextEncoder().encode("cam"), { waitResponse: false });
		const offer = await watch[Symbol.asyncIterator]().next();
		expect(offer.value?.kind).toBe("publish");
		watch.cancel();
		await expect(publisher.response).rejects.toMatchObject({ codeName: "UNINTERESTED" });
		await closeAll(client, server);
	});

	it("announces our namespace until withdrawn", async () => {
		const { client, server } = await rawPeer(draft);
		const accepted: Promise<Error | undefined>[] = [];
		server.handlers.onPublishNamespace = (request) => {
			expect(namespaceText(request.message.trackNamespace)).toBe("live/b");
			accepted.push(request.accept().done);
		};
		const published = await client.publishNamespace("live/b");
		published.withdraw();
		expect(await published.done).toBeUndefined();
		// Drafts 14 and 16 withdraw with PUBLISH_NAMESPACE_DONE; later ones reset the request stream.
		const ended = await accepted[0];
		if (draft <= 16) expect(ended).toBeUndefined();
		else expect(ended).toMatchObject({ request: "PUBLISH_NAMESPACE", ended: "cancelled" });
		await closeAll(client, server);
	});

	it("passes the refusal of a namespace subscription on", async () => {
		const { client, server } = await rawPeer(draft);
		await expect(client.subscribeNamespace("nothing")).rejects.toMatchObject({
			codeName: draft === 14 ? "NAMESPACE_PREFIX_UNKNOWN" : "DOES_NOT_EXIST",
		});
		await closeAll(client, server);
	});
});
