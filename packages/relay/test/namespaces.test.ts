/**
 * Namespaces through the relay: PUBLISH_NAMESPACE routes SUBSCRIBEs by Namespace Prefix Matching,
 * SUBSCRIBE_NAMESPACE hears of existing and new namespaces (NAMESPACE / NAMESPACE_DONE from
 * draft-16, PUBLISH_NAMESPACE in draft-14), and withdrawal (done, cancel, disconnect) is told.
 */

import type { NamespaceItem, RequestError } from "@moqt/session";
import { RequestErrorCode, SubscribeErrorCode } from "@moqt/wire";
import { describe, expect, test } from "vitest";
import { b, join, ns, TestPublisher, testRelay, text, until } from "./relay-helpers.js";

function names(items: readonly NamespaceItem[]): string[] {
	return items.map((i) => `${i.kind} ${i.trackNamespace.map(text).join("/")}`);
}

describe("namespaces", () => {
	test("prefix matching: (foo) and (foo, bar) publishers get SUBSCRIBE for (foo, bar); (foobar) does not", async () => {
		const relay = testRelay();
		const foo = new TestPublisher((await join(relay, 19)).session);
		const fooBar = new TestPublisher((await join(relay, 19)).session);
		const foobar = new TestPublisher((await join(relay, 19)).session);
		await foo.session.publishNamespace(ns("foo"));
		await fooBar.session.publishNamespace(ns("foo", "bar"));
		await foobar.session.publishNamespace(ns("foobar"));
		const subscriber = (await join(relay, 19)).session;
		await subscriber.subscribe(ns("foo", "bar"), b("x"));
		// "Relays MUST send SUBSCRIBE messages to all matching publishers."
		expect([foo.subscribes.length, fooBar.subscribes.length, foobar.subscribes.length]).toEqual([1, 1, 0]);
		await expect(subscriber.subscribe(ns("foo", "baz"), b("x"))).resolves.toBeDefined();
		expect(foo.subscribes.map((s) => s.message.trackNamespace.map(text).join("/"))).toEqual(["foo/bar", "foo/baz"]);
		await relay.close();
	});

	test("a SUBSCRIBE with no publisher is refused with each draft's DOES_NOT_EXIST", async () => {
		const relay = testRelay();
		for (const [draft, code] of [
			[14, SubscribeErrorCode.TRACK_DOES_NOT_EXIST],
			[19, RequestErrorCode[19].DOES_NOT_EXIST],
		] as const) {
			const subscriber = (await join(relay, draft)).session;
			const error = (await subscriber.subscribe(ns("nobody"), b("x")).catch((e: unknown) => e)) as RequestError;
			expect(error.code).toBe(code);
		}
		await relay.close();
	});

	test.each([16, 18, 19] as const)(
		"draft-%i SUBSCRIBE_NAMESPACE: existing, new, withdrawn, disconnected",
		async (draft) => {
			const relay = testRelay();
			const first = await join(relay, draft);
			await first.session.publishNamespace(ns("room", "1"));
			const watcher = (await join(relay, draft)).session;
			const discovery = await watcher.subscribeNamespace(ns("room"));
			const items: NamespaceItem[] = [];
			void (async () => {
				for await (const item of discovery) items.push(item);
			})();
			await until(() => items.length === 1);

			const second = await join(relay, draft);
			const published = await second.session.publishNamespace(ns("room", "2"));
			await second.session.publishNamespace(ns("elsewhere"));
			await until(() => items.length === 2);
			published.withdraw();
			await until(() => items.length === 3);
			first.transport.disconnect();
			await until(() => items.length === 4);
			expect(names(items)).toEqual([
				"namespace room/1",
				"namespace room/2",
				"namespace-done room/2",
				"namespace-done room/1",
			]);
			expect(items[0]?.trackNamespaceSuffix.map(text)).toEqual(["1"]);
			discovery.cancel();
			await until(() => relay.stats.namespaceSubscriptions === 0);
			expect(relay.stats.namespaces).toBe(1);
			await relay.close();
		},
	);

	test("draft-14 SUBSCRIBE_NAMESPACE: matching namespaces arrive as PUBLISH_NAMESPACE, withdrawn after", async () => {
		const relay = testRelay();
		const watcher = (await join(relay, 14)).session;
		const announced: string[] = [];
		const withdrawn: string[] = [];
		watcher.handlers.onPublishNamespace = (request) => {
			const name = request.message.trackNamespace.map(text).join("/");
			announced.push(name);
			void request.accept().done.then(() => withdrawn.push(name));
		};
		await watcher.subscribeNamespace(ns("room"));
		const publisher = await join(relay, 14);
		const handle = await publisher.session.publishNamespace(ns("room", "7"));
		await until(() => announced.length === 1);
		handle.withdraw();
		await until(() => withdrawn.length === 1);
		expect([announced, withdrawn]).toEqual([["room/7"], ["room/7"]]);
		await relay.close();
	});

	test("overlapping SUBSCRIBE_NAMESPACE prefixes of one session get PREFIX_OVERLAP", async () => {
		const relay = testRelay();
		const watcher = (await join(relay, 19)).session;
		await watcher.subscribeNamespace(ns("a"));
		const error = (await watcher.subscribeNamespace(ns("a", "b")).catch((e: unknown) => e)) as RequestError;
		expect(error.code).toBe(RequestErrorCode[19].PREFIX_OVERLAP);
		await relay.close();
	});

	test("a namespace published after a SUBSCRIBE makes the relay subscribe to the new publisher too", async () => {
		const relay = testRelay();
		const early = new TestPublisher((await join(relay, 19)).session);
		await early.session.publishNamespace(ns("x"));
		const subscriber = (await join(relay, 19)).session;
		await subscriber.subscribe(ns("x", "y"), b("t"));
		const late = new TestPublisher((await join(relay, 19)).session);
		await late.session.publishNamespace(ns("x", "y"));
		await until(() => late.subscribes.length === 1);
		expect(early.subscribes).toHaveLength(1);
		await relay.close();
	});
});
