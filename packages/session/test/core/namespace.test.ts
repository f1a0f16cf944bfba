/**
 * Namespace requests: PUBLISH_NAMESPACE (withdrawal and revocation in each draft's form),
 * SUBSCRIBE_NAMESPACE (control stream in draft-14, its own stream with NAMESPACE /
 * NAMESPACE_DONE from draft-16), prefix overlap, SUBSCRIBE_TRACKS with PUBLISH_BLOCKED /
 * PUBLISH_SKIPPED (drafts 18 and 19).
 */

import { PublishNamespaceErrorCode, TerminationCode } from "@moqt/wire";
import { describe, expect, it } from "vitest";
import { SessionError } from "../../src/core/index.js";
import { b, DRAFTS, messagesOf, ns, ofKind, one, Pair, Peer, trace } from "./pair.js";

function fresh(draft: (typeof DRAFTS)[number]): Pair {
	const p = new Pair(draft);
	p.take("client");
	p.take("server");
	return p;
}

describe.each(DRAFTS)("draft-%i PUBLISH_NAMESPACE", (draft) => {
	const streams = draft >= 17;

	function announced() {
		const p = fresh(draft);
		const id = p.client.publishNamespace({ trackNamespace: ns("meet", "123") }, p.now);
		p.drive();
		expect(one(p.take("server"), "request").message).toMatchObject({
			type: "PUBLISH_NAMESPACE",
			trackNamespace: ns("meet", "123"),
		});
		p.server.respond(id, { kind: "ok" }, p.now);
		p.drive();
		expect(trace(p.takeSent("server"))).toEqual([draft === 14 ? "PUBLISH_NAMESPACE_OK" : "REQUEST_OK"]);
		expect(one(p.take("client"), "request-ok")).toMatchObject({ requestId: id, request: "PUBLISH_NAMESPACE" });
		p.takeSent("client");
		return { p, id };
	}

	it("is withdrawn by the publisher", () => {
		const { p, id } = announced();
		p.client.cancel(id, p.now);
		p.drive();
		expect(trace(p.takeSent("client"))).toEqual(streams ? ["reset:1", "stop:1"] : ["PUBLISH_NAMESPACE_DONE"]);
		expect(one(p.take("server"), "request-ended")).toMatchObject({
			requestId: id,
			request: "PUBLISH_NAMESPACE",
			cause: streams ? "cancelled" : "done",
		});
		for (const core of [p.client, p.server]) expect(core.stats().requests).toBe(0);
	});

	it("names the namespace (draft-14) or the Request ID (draft-16) when withdrawn", () => {
		if (streams) return;
		const { p, id } = announced();
		p.client.cancel(id, p.now);
		p.drive();
		const done = messagesOf(p.takeSent("client"))[0];
		expect(done).toEqual(
			draft === 14
				? { type: "PUBLISH_NAMESPACE_DONE", trackNamespace: ns("meet", "123") }
				: { type: "PUBLISH_NAMESPACE_DONE", requestId: id },
		);
	});

	it("is revoked by the subscriber with a code and reason", () => {
		const { p, id } = announced();
		p.server.cancel(id, p.now, { code: 0x1, reason: "token expired" });
		p.drive();
		const ended = one(p.take("client"), "request-ended");
		if (streams) {
			expect(trace(p.takeSent("server"))).toEqual(["reset:1", "stop:1"]);
			expect(ended).toMatchObject({ requestId: id, cause: "cancelled", code: 0x1, source: "stream" });
		} else {
			expect(messagesOf(p.takeSent("server"))[0]).toEqual({
				type: "PUBLISH_NAMESPACE_CANCEL",
				...(draft === 14 ? { trackNamespace: ns("meet", "123") } : { requestId: id }),
				errorCode: 0x1,
				reasonPhrase: "token expired",
			});
			expect(ended).toMatchObject({
				requestId: id,
				cause: "cancelled",
				code: 0x1,
				reason: "token expired",
				source: "message",
			});
		}
		for (const core of [p.client, p.server]) expect(core.stats().requests).toBe(0);
	});

	it("is refused with the draft's error", () => {
		const p = fresh(draft);
		const id = p.client.publishNamespace({ trackNamespace: ns("x") }, p.now);
		p.drive();
		p.server.respond(id, { kind: "error", code: PublishNamespaceErrorCode.UNINTERESTED }, p.now);
		p.drive();
		expect(trace(p.takeSent("server"))[0]).toBe(draft === 14 ? "PUBLISH_NAMESPACE_ERROR" : "REQUEST_ERROR");
		expect(one(p.take("client"), "request-error")).toMatchObject({
			requestId: id,
			request: "PUBLISH_NAMESPACE",
			code: 0x4,
		});
	});

	it("is ignored when withdrawn by an unknown namespace (draft-14)", () => {
		if (draft !== 14) return;
		const p = fresh(draft);
		p.inject("server", 0, { type: "PUBLISH_NAMESPACE_DONE", trackNamespace: ns("never") });
		expect(p.take("server")).toEqual([]);
		expect(p.server.state).toBe("ready");
	});

	if (streams) {
		it("completes when the subscriber finishes its stream after REQUEST_OK", () => {
			const { p, id } = announced();
			p.injectEvent("client", p.channelOf("client", id), { kind: "fin" });
			expect(one(p.take("client"), "request-ended")).toMatchObject({ requestId: id, cause: "done", source: "stream" });
			expect(p.client.stats().requests).toBe(0);
		});

		it("goes on when its publisher finishes its half (a FIN is not a withdrawal)", () => {
			const { p, id } = announced();
			p.injectEvent("server", p.channelOf("server", id), { kind: "fin" });
			expect(p.take("server")).toEqual([]);
			expect(p.server.stats().requests).toBe(1);
		});
	}
});

describe.each(DRAFTS)("draft-%i SUBSCRIBE_NAMESPACE", (draft) => {
	const ownStream = draft >= 16;

	function subscribed(prefix = ns("meet")) {
		const p = fresh(draft);
		const id = p.client.subscribeNamespace({ trackNamespacePrefix: prefix }, p.now);
		p.drive();
		expect(trace(p.takeSent("client"))).toEqual(["SUBSCRIBE_NAMESPACE"]);
		expect(p.sent.client).toEqual([]);
		one(p.take("server"), "request");
		p.server.respond(id, { kind: "ok" }, p.now);
		p.drive();
		expect(trace(p.takeSent("server"))).toEqual([draft === 14 ? "SUBSCRIBE_NAMESPACE_OK" : "REQUEST_OK"]);
		expect(one(p.take("client"), "request-ok")).toMatchObject({ requestId: id, request: "SUBSCRIBE_NAMESPACE" });
		return { p, id };
	}

	it("travels on its own stream from draft-16", () => {
		const p = fresh(draft);
		p.client.subscribeNamespace({ trackNamespacePrefix: ns("a") }, p.now);
		expect(p.client.pollTransmit()?.kind).toBe(ownStream ? "open" : "send");
	});

	if (ownStream) {
		it("delivers NAMESPACE and NAMESPACE_DONE with suffixes", () => {
			const { p, id } = subscribed();
			expect(p.server.namespace(id, ns("meet", "a", "b"), p.now)).toBe(true);
			expect(p.server.namespace(id, ns("meet", "a", "b"), p.now)).toBe(false); // already announced
			expect(p.server.namespace(id, ns("meet", "c"), p.now)).toBe(true);
			p.drive();
			expect(messagesOf(p.takeSent("server"))).toEqual([
				{ type: "NAMESPACE", trackNamespaceSuffix: ns("a", "b") },
				{ type: "NAMESPACE", trackNamespaceSuffix: ns("c") },
			]);
			expect(ofKind(p.take("client"), "namespace")).toEqual([
				{ kind: "namespace", requestId: id, trackNamespace: ns("meet", "a", "b"), trackNamespaceSuffix: ns("a", "b") },
				{ kind: "namespace", requestId: id, trackNamespace: ns("meet", "c"), trackNamespaceSuffix: ns("c") },
			]);
			p.server.namespaceDone(id, ns("meet", "c"), p.now);
			p.drive();
			expect(one(p.take("client"), "namespace-done").trackNamespace).toEqual(ns("meet", "c"));
			expect(() => p.server.namespaceDone(id, ns("meet", "c"), p.now)).toThrow(SessionError);
			expect(() => p.server.namespace(id, ns("other"), p.now)).toThrow(/prefix/);
		});

		it("ends every active namespace when the publisher ends the stream", () => {
			for (const how of ["fin", "cancel"] as const) {
				const { p, id } = subscribed();
				p.server.namespace(id, ns("meet", "a"), p.now);
				p.server.namespace(id, ns("meet", "b"), p.now);
				p.drive();
				p.take("client");
				if (how === "fin") p.injectEvent("client", p.channelOf("client", id), { kind: "fin" });
				else {
					p.server.cancel(id, p.now);
					p.drive();
				}
				const events = p.take("client");
				expect(events.map((e) => e.kind)).toEqual(["namespace-done", "namespace-done", "request-ended"]);
				expect(one(events, "request-ended")).toMatchObject({
					requestId: id,
					cause: how === "fin" ? "done" : "cancelled",
				});
				expect(p.client.stats().requests).toBe(0);
			}
		});

		it("is cancelled by the subscriber resetting its stream", () => {
			const { p, id } = subscribed();
			p.client.cancel(id, p.now);
			p.drive();
			expect(trace(p.takeSent("client"))).toEqual(["reset:1", "stop:1"]);
			expect(one(p.take("server"), "request-ended")).toMatchObject({ requestId: id, cause: "cancelled" });
			expect(p.server.stats()).toMatchObject({ requests: 0, channels: 0 });
		});

		it("closes on NAMESPACE_DONE before NAMESPACE, and on NAMESPACE before REQUEST_OK", () => {
			const { p, id } = subscribed();
			p.inject("client", p.channelOf("client", id), { type: "NAMESPACE_DONE", trackNamespaceSuffix: ns("x") });
			expect(one(p.take("client"), "closed").code).toBe(TerminationCode.PROTOCOL_VIOLATION);

			const q = fresh(draft);
			const id2 = q.client.subscribeNamespace({ trackNamespacePrefix: ns("m") }, q.now);
			q.drive();
			q.inject("client", q.channelOf("client", id2), { type: "NAMESPACE", trackNamespaceSuffix: ns("x") });
			expect(one(q.take("client"), "closed").code).toBe(TerminationCode.PROTOCOL_VIOLATION);
		});

		it("keeps at most maxNamespaces namespaces, then ends the subscription", () => {
			const p = new Pair(draft, { clientLimits: { maxNamespaces: 2 } });
			p.take("client");
			const id = p.client.subscribeNamespace({ trackNamespacePrefix: ns("m") }, p.now);
			p.drive();
			p.server.respond(id, { kind: "ok" }, p.now);
			p.drive();
			p.take("client");
			for (const n of ["a", "b", "c"]) p.server.namespace(id, ns("m", n), p.now);
			p.drive();
			const kinds = p.take("client").map((e) => e.kind);
			expect(kinds).toEqual(["namespace", "namespace", "namespace-done", "namespace-done", "request-ended"]);
			expect(one(p.take("server"), "request-ended").cause).toBe("cancelled");
		});
	} else {
		it("is withdrawn with UNSUBSCRIBE_NAMESPACE naming the prefix", () => {
			const { p, id } = subscribed();
			p.client.cancel(id, p.now);
			p.drive();
			expect(messagesOf(p.takeSent("client"))).toEqual([
				{ type: "UNSUBSCRIBE_NAMESPACE", trackNamespacePrefix: ns("meet") },
			]);
			expect(one(p.take("server"), "request-ended")).toMatchObject({ requestId: id, cause: "cancelled" });
			expect(p.server.stats().requests).toBe(0);
		});

		it("has no NAMESPACE message and no publisher-side end", () => {
			const { p, id } = subscribed();
			expect(() => p.server.namespace(id, ns("meet", "a"), p.now)).toThrow(SessionError);
			expect(() => p.server.cancel(id, p.now)).toThrow(SessionError);
		});
	}

	it("is refused when its prefix overlaps another of the peer's", () => {
		const p = fresh(draft);
		const a = p.client.subscribeNamespace({ trackNamespacePrefix: ns("meet") }, p.now);
		const c = p.client.subscribeNamespace({ trackNamespacePrefix: ns("meet", "123") }, p.now);
		const d = p.client.subscribeNamespace({ trackNamespacePrefix: ns("other") }, p.now);
		p.drive();
		expect(ofKind(p.take("server"), "request").map((e) => e.requestId)).toEqual([a, d]);
		expect(one(p.take("client"), "request-error")).toMatchObject({ requestId: c, code: draft === 14 ? 0x5 : 0x30 });
	});

	if (draft === 16) {
		it("must open its own stream: on the control stream it closes the session", () => {
			const p = fresh(draft);
			p.inject("server", 0, {
				type: "SUBSCRIBE_NAMESPACE",
				requestId: 0n,
				trackNamespacePrefix: ns("a"),
				subscribeOptions: 1,
			});
			expect(one(p.take("server"), "closed").code).toBe(TerminationCode.PROTOCOL_VIOLATION);
		});

		it("is cancelled when the subscriber finishes the stream", () => {
			const { p, id } = subscribed();
			p.injectEvent("server", p.channelOf("server", id), { kind: "fin" });
			expect(one(p.take("server"), "request-ended")).toMatchObject({ requestId: id, cause: "cancelled" });
		});
	}
});

describe.each([18, 19] as const)("draft-%i SUBSCRIBE_TRACKS", (draft) => {
	it("is accepted, and reports the tracks the publisher skips", () => {
		const p = fresh(draft);
		const id = p.client.subscribeTracks({ trackNamespacePrefix: ns("meet") }, p.now);
		p.drive();
		expect(one(p.take("server"), "request").message.type).toBe("SUBSCRIBE_TRACKS");
		p.server.respond(id, { kind: "ok" }, p.now);
		p.drive();
		expect(one(p.take("client"), "request-ok")).toMatchObject({ requestId: id, request: "SUBSCRIBE_TRACKS" });
		p.takeSent("server");
		p.server.publishSkipped(id, ns("meet", "alice"), b("video"), p.now);
		p.drive();
		expect(trace(p.takeSent("server"))).toEqual([draft === 18 ? "PUBLISH_BLOCKED" : "PUBLISH_SKIPPED"]);
		expect(one(p.take("client"), "publish-skipped")).toEqual({
			kind: "publish-skipped",
			requestId: id,
			trackNamespace: ns("meet", "alice"),
			trackNamespaceSuffix: ns("alice"),
			trackName: b("video"),
		});
		p.client.cancel(id, p.now);
		p.drive();
		expect(one(p.take("server"), "request-ended").cause).toBe("cancelled");
	});

	it("has its own overlap space, apart from SUBSCRIBE_NAMESPACE", () => {
		const p = fresh(draft);
		const ns1 = p.client.subscribeNamespace({ trackNamespacePrefix: ns("m") }, p.now);
		const t1 = p.client.subscribeTracks({ trackNamespacePrefix: ns("m") }, p.now);
		const t2 = p.client.subscribeTracks({ trackNamespacePrefix: ns("m", "x") }, p.now);
		p.drive();
		expect(ofKind(p.take("server"), "request").map((e) => e.requestId)).toEqual([ns1, t1]);
		expect(one(p.take("client"), "request-error")).toMatchObject({ requestId: t2, code: 0x30 });
	});

	it("updates its prefix, refused with PREFIX_OVERLAP when it would overlap another", () => {
		const p = fresh(draft);
		const a = p.client.subscribeTracks({ trackNamespacePrefix: ns("a") }, p.now);
		const c = p.client.subscribeTracks({ trackNamespacePrefix: ns("c") }, p.now);
		p.drive();
		p.server.respond(a, { kind: "ok" }, p.now);
		p.server.respond(c, { kind: "ok" }, p.now);
		p.drive();
		p.take("client");
		p.take("server");
		const u = p.client.requestUpdate(c, { trackNamespacePrefix: ns("a", "b") }, p.now);
		p.drive();
		expect(one(p.take("client"), "request-error")).toMatchObject({ requestId: u, code: 0x30 });
		// The responder closes the stream of a request whose update failed.
		expect(one(p.take("server"), "request-ended")).toMatchObject({ requestId: c, cause: "failed" });
		const events = p.take("client");
		expect(events).toEqual([]);
		const ok = p.client.requestUpdate(a, { trackNamespacePrefix: ns("z") }, p.now);
		p.drive();
		one(p.take("server"), "update");
		p.server.respond(ok, { kind: "ok" }, p.now);
		p.drive();
		expect(one(p.take("client"), "request-ok").targetRequestId).toBe(a);
	});

	it("is refused with REDIRECT carrying an empty Track Name; a Track Name closes the session", () => {
		const server = new Peer(draft, "client").completeSetup();
		const id = server.core.subscribeTracks({ trackNamespacePrefix: ns("a") }, 0);
		const open = server.transmits().find((t) => t.kind === "open")!;
		const redirect = { connectUri: "moqt://other.example/", trackNamespace: ns("b"), trackName: new Uint8Array(0) };
		server.feed(open.kind === "open" ? open.channel : 0, {
			type: "REQUEST_ERROR",
			errorCode: 0x34,
			retryInterval: 0n,
			reasonPhrase: "elsewhere",
			redirect,
		});
		expect(one(server.events(), "request-error")).toMatchObject({ requestId: id, code: 0x34, redirect });

		const bad = new Peer(draft, "client").completeSetup();
		bad.core.subscribeNamespace({ trackNamespacePrefix: ns("a") }, 0);
		const open2 = bad.transmits().find((t) => t.kind === "open")!;
		bad.feed(open2.kind === "open" ? open2.channel : 0, {
			type: "REQUEST_ERROR",
			errorCode: 0x34,
			retryInterval: 0n,
			reasonPhrase: "",
			redirect: { ...redirect, trackName: b("t") },
		});
		expect(bad.closed()?.code).toBe(TerminationCode.PROTOCOL_VIOLATION);
	});
});
