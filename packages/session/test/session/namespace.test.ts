/**
 * Namespace requests end to end: PUBLISH_NAMESPACE (accepted, refused, withdrawn, revoked),
 * SUBSCRIBE_NAMESPACE with NAMESPACE / NAMESPACE_DONE (draft-16+) or PUBLISH_NAMESPACE requests
 * (draft-14), and SUBSCRIBE_TRACKS (draft-18+).
 */

import { PublishNamespaceErrorCode, RequestErrorCode, SubscribeNamespaceErrorCode } from "@moqt/wire";
import { describe, expect, it, vi } from "vitest";
import {
	type AcceptedRequest,
	type IncomingPublishNamespace,
	type NamespaceItem,
	type NamespaceResponder,
	RequestError,
	SessionError,
	type SkippedTrack,
	type TracksResponder,
} from "../../src/index.js";
import { b, closeBoth, connect, DRAFTS, ns, settle } from "./helpers.js";

describe.each(DRAFTS)("draft-%i PUBLISH_NAMESPACE", (draft) => {
	it("is accepted, then withdrawn: the peer's handle ends", async () => {
		const p = await connect(draft);
		let accepted: AcceptedRequest | undefined;
		let seen: IncomingPublishNamespace | undefined;
		p.server.handlers.onPublishNamespace = (req) => {
			seen = req;
			accepted = req.accept();
		};
		const published = await p.client.publishNamespace(ns("meet", "room1"));
		expect(seen?.message.trackNamespace).toEqual(ns("meet", "room1"));
		published.withdraw();
		expect(await published.done).toBeUndefined();
		// PUBLISH_NAMESPACE_DONE (14, 16) or a stream reset (18, 19): either way it is over.
		const end = await accepted!.done;
		if (draft <= 16) expect(end).toBeUndefined();
		else expect(end).toMatchObject({ ended: "cancelled" });
		await closeBoth(p);
	});

	it("is refused by default with UNINTERESTED", async () => {
		const p = await connect(draft);
		const uninterested = draft === 14 ? PublishNamespaceErrorCode.UNINTERESTED : RequestErrorCode[draft].UNINTERESTED;
		await expect(p.client.publishNamespace(ns("x"))).rejects.toMatchObject({ code: uninterested });
		await closeBoth(p);
	});

	it("can be revoked by the subscriber: our handle reports the cancellation", async () => {
		const p = await connect(draft);
		let accepted: AcceptedRequest | undefined;
		p.server.handlers.onPublishNamespace = (req) => {
			accepted = req.accept();
		};
		const published = await p.client.publishNamespace(ns("x"));
		accepted!.cancel(draft <= 16 ? 0x1 : undefined, "expired");
		expect(await accepted!.done).toBeUndefined();
		const end = await published.done;
		expect(RequestError.isInstance(end)).toBe(true);
		expect(end).toMatchObject({ ended: "cancelled", request: "PUBLISH_NAMESPACE" });
		if (draft <= 16) expect(end).toMatchObject({ code: 0x1, reason: "expired" });
		await closeBoth(p);
	});
});

describe.each(DRAFTS)("draft-%i SUBSCRIBE_NAMESPACE", (draft) => {
	it("is refused by default: nothing is published under the prefix", async () => {
		const p = await connect(draft);
		const code =
			draft === 14 ? SubscribeNamespaceErrorCode.NAMESPACE_PREFIX_UNKNOWN : RequestErrorCode[draft].DOES_NOT_EXIST;
		await expect(p.client.subscribeNamespace(ns("x"))).rejects.toMatchObject({ code });
		await closeBoth(p);
	});
});

describe.each([16, 18, 19] as const)("draft-%i SUBSCRIBE_NAMESPACE", (draft) => {
	it("yields NAMESPACE and NAMESPACE_DONE for the prefix", async () => {
		const p = await connect(draft);
		let responder: NamespaceResponder | undefined;
		p.server.handlers.onSubscribeNamespace = (req) => {
			responder = req.accept();
		};
		const subscription = await p.client.subscribeNamespace(ns("meet"));
		expect(responder!.namespace(ns("meet", "a"))).toBe(true);
		expect(responder!.namespace(ns("meet", "a"))).toBe(false);
		expect(responder!.namespace(ns("meet", "b"))).toBe(true);
		expect(responder!.namespaceDone(ns("meet", "a"))).toBe(true);
		expect(() => responder!.namespace(ns("other"))).toThrow(SessionError);
		const items: NamespaceItem[] = [];
		for await (const item of subscription) {
			items.push(item);
			if (items.length === 3) break;
		}
		expect(items).toEqual([
			{ kind: "namespace", trackNamespace: ns("meet", "a"), trackNamespaceSuffix: ns("a") },
			{ kind: "namespace", trackNamespace: ns("meet", "b"), trackNamespaceSuffix: ns("b") },
			{ kind: "namespace-done", trackNamespace: ns("meet", "a"), trackNamespaceSuffix: ns("a") },
		]);
		subscription.cancel();
		expect(await subscription.done).toBeUndefined();
		expect(await responder!.done).toMatchObject({ ended: "cancelled" });
		await closeBoth(p);
	});
});

describe("draft-14 SUBSCRIBE_NAMESPACE", () => {
	it("is answered with PUBLISH_NAMESPACE requests", async () => {
		const p = await connect(14);
		const announced: Uint8Array[][] = [];
		p.server.handlers.onSubscribeNamespace = (req) => {
			req.accept();
			void p.server.publishNamespace(ns("meet", "a"));
		};
		p.client.handlers.onPublishNamespace = (req) => {
			announced.push([...req.message.trackNamespace]);
			req.accept();
		};
		const subscription = await p.client.subscribeNamespace(ns("meet"));
		await vi.waitFor(() => expect(announced).toEqual([ns("meet", "a")]));
		subscription.cancel();
		expect(await subscription.done).toBeUndefined();
		await closeBoth(p);
	});
});

describe.each([14, 16] as const)("draft-%i SUBSCRIBE_TRACKS", (draft) => {
	it("does not exist before draft-18", async () => {
		const p = await connect(draft);
		await expect(p.client.subscribeTracks(ns("x"))).rejects.toSatisfy(
			(e) => e instanceof SessionError && e.code === "unsupported",
		);
		await closeBoth(p);
	});
});

describe.each([18, 19] as const)("draft-%i SUBSCRIBE_TRACKS", (draft) => {
	it("is answered with PUBLISH requests and skipped tracks", async () => {
		const p = await connect(draft);
		let responder: TracksResponder | undefined;
		const published: string[] = [];
		p.server.handlers.onSubscribeTracks = (req) => {
			responder = req.accept();
			void p.server.publish(ns("meet", "a"), b("video"), { waitResponse: false });
		};
		p.client.handlers.onPublish = (req) => {
			published.push(new TextDecoder().decode(req.message.trackName));
			req.accept();
		};
		const tracks = await p.client.subscribeTracks(ns("meet"));
		expect(responder!.publishSkipped(ns("meet", "b"), b("audio"))).toBe(true);
		const skipped: SkippedTrack[] = [];
		for await (const s of tracks) {
			skipped.push(s);
			break;
		}
		expect(skipped).toEqual([
			{ trackNamespace: ns("meet", "b"), trackNamespaceSuffix: ns("b"), trackName: b("audio") },
		]);
		await vi.waitFor(() => expect(published).toEqual(["video"]));
		tracks.cancel();
		expect(await responder!.done).toMatchObject({ ended: "cancelled" });
		await settle();
		await closeBoth(p);
	});

	it("is refused by default with DOES_NOT_EXIST", async () => {
		const p = await connect(draft);
		await expect(p.client.subscribeTracks(ns("x"))).rejects.toMatchObject({
			code: RequestErrorCode[draft].DOES_NOT_EXIST,
		});
		await closeBoth(p);
	});
});
