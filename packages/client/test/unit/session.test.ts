/**
 * The session's life and plumbing, per draft: `await using` and idempotent close, handlers
 * replaced at any time, GOAWAY reaching the application, setup options (authorization token),
 * the draft chosen for transports without a protocol, and `toReadableStream`.
 */

import { establishSession, type MoqtSession } from "@moqt/session";
import { createMemoryPair } from "@moqt/transport/memory";
import { TerminationCode } from "@moqt/wire";
import { describe, expect, it } from "vitest";
import { establish, SessionError, type TrackObject, text, toReadableStream } from "../../src/index.js";
import { clientPair, closeAll, DRAFTS, rawPeer } from "../helpers.js";

describe.each(DRAFTS)("draft-%i session", (draft) => {
	it("closes on leaving an `await using` block, and closing again changes nothing", async () => {
		const { client, server } = await clientPair(draft);
		{
			await using session = client;
			expect(session.draft).toBe(draft);
		}
		const info = await client.closed;
		expect(info).toMatchObject({ code: TerminationCode.NO_ERROR, remote: false });
		expect(await client.close(TerminationCode.INTERNAL_ERROR, "again")).toBe(info);
		expect(await server.closed).toMatchObject({ remote: true });
	});

	it("reaches the handlers as they are when a request comes", async () => {
		const { client, server } = await clientPair(draft);
		const seen: string[] = [];
		server.handlers.onTrackStatus = (request) => {
			seen.push("first");
			request.reject(0, "first");
		};
		await expect(client.trackStatus("a", "b")).rejects.toMatchObject({ reason: "first" });
		server.handlers = {
			onTrackStatus: (request) => {
				seen.push("second");
				request.accept();
			},
		};
		await client.trackStatus("a", "b");
		expect(seen).toEqual(["first", "second"]);
		await closeAll(client, server);
	});

	it("passes GOAWAY to the application", async () => {
		const { client, server } = await rawPeer(draft);
		const goaway = new Promise((resolve) => {
			client.handlers.onGoaway = resolve;
		});
		server.goaway({ newSessionUri: "moqt://elsewhere.example/moq" });
		expect(await goaway).toMatchObject({ newSessionUri: "moqt://elsewhere.example/moq" });
		await closeAll(client, server);
	});

	it("sends the authorization token in its setup", async () => {
		const [a, b] = createMemoryPair({ protocol: draft === 14 ? "moq-00" : `moqt-${draft}` });
		const [client, server] = await Promise.all([
			establish(a, { authToken: "let-me-in" }),
			establishSession(b, { role: "server" }),
		]);
		const token = server.peerSetup.authorizationTokens?.[0];
		expect(token && text({ payload: token.value })).toBe("let-me-in");
		await closeAll(client, server);
	});

	it("takes the application's handlers at establish, in place for requests right behind the setup", async () => {
		const [a, b] = createMemoryPair({ protocol: draft === 14 ? "moq-00" : `moqt-${draft}` });
		const seen: string[] = [];
		const clientReady = establish(a, {
			handlers: {
				onTrackStatus: (request) => {
					seen.push(text({ payload: request.message.trackName }));
					request.accept();
				},
			},
		});
		const server = await establishSession(b, { role: "server" });
		await server.trackStatus([new TextEncoder().encode("x")], new TextEncoder().encode("early"));
		expect(seen).toEqual(["early"]);
		await closeAll(await clientReady, server);
	});

	it("resolves every request at once with waitResponse: false; the response follows", async () => {
		const { client, server } = await rawPeer(draft);
		server.handlers = {
			onTrackStatus: (request) => request.accept({ parameters: { largestObject: { group: 1n, object: 2n } } }),
			onPublishNamespace: (request) => void request.accept(),
			onSubscribeNamespace: (request) => void request.accept(),
			onPublish: (request) => void request.accept(),
			onSubscribe: (request) => void request.accept({ parameters: { largestObject: { group: 0n, object: 0n } } }),
			onFetch: (request) => void request.accept({ endLocation: { group: 0n, object: 1n } }).finish(),
		};
		const waitResponse = false;
		const status = await client.trackStatus("a", "b", { waitResponse });
		expect(status.largest).toBeUndefined();
		await status.response;
		expect(status.largest).toEqual({ group: 1n, object: 2n });
		const calls = [
			client.publishNamespace("a", { waitResponse }),
			client.subscribeNamespace("a", { waitResponse }),
			client.publish("a", "b", { waitResponse }),
			client.fetch("a", "b", { start: { group: 0 }, waitResponse }),
		];
		// A refusal would reject here.
		for (const handle of await Promise.all(calls)) await handle.response;
		const subscription = await client.subscribe("a", "c", { waitResponse });
		await subscription.response;
		const joining = await client.joiningFetch(subscription, { relative: 0, waitResponse });
		await expect(joining.response).resolves.toBeUndefined();
		await closeAll(client, server);
	});

	it("gives a subscription as a ReadableStream; cancelling it unsubscribes", async () => {
		const { client, server } = await clientPair(draft);
		const track = server.track("live", "clock");
		const subscription = await client.subscribe("live", "clock");
		const reader = toReadableStream<TrackObject>(subscription).getReader();
		const group = track.group();
		await group.write("one");
		expect(text((await reader.read()).value!)).toBe("one");
		await reader.cancel();
		expect(await subscription.done).toBeUndefined();
		await expect.poll(() => track.subscribers).toBe(0);
		await closeAll(client, server);
	});
});

describe("the draft of a transport without a protocol", () => {
	it("is draft-14 (negotiated in SETUP) when offered", async () => {
		const [a, b] = createMemoryPair();
		const [client, server] = await Promise.all([
			establish(a),
			establishSession(b, { role: "server", draft: 14 }) as Promise<MoqtSession>,
		]);
		expect(client.draft).toBe(14);
		await closeAll(client, server);
	});

	it("cannot be agreed without draft-14: the transport is closed with VERSION_NEGOTIATION_FAILED", async () => {
		const [a] = createMemoryPair();
		const error = await establish(a, { drafts: [19] }).catch((e: unknown) => e);
		expect(SessionError.isInstance(error)).toBe(true);
		expect(await a.closed).toMatchObject({ code: TerminationCode.VERSION_NEGOTIATION_FAILED });
	});

	it("is the one given", async () => {
		const [a, b] = createMemoryPair();
		const [client, server] = await Promise.all([
			establish(a, { draft: 18 }),
			establishSession(b, { role: "server", draft: 18 }),
		]);
		expect(client.draft).toBe(18);
		await closeAll(client, server);
	});
});
