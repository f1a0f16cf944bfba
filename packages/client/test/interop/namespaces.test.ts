/**
 * Interop with @moq/net 0.3.4: publishing namespaces (PUBLISH_NAMESPACE) and discovering them
 * (SUBSCRIBE_NAMESPACE, answered by NAMESPACE from draft-16 and by PUBLISH_NAMESPACE in
 * draft-14), in both directions, both ways round, on every draft both speak.
 *
 * @moq/net adds the MoQ Solicit extension (draft-lcurley-moq-solicit-00, see drafts.ts): a peer
 * that does not declare its option is told about namespaces with unsolicited PUBLISH_NAMESPACE
 * requests and gets no NAMESPACE for its SUBSCRIBE_NAMESPACE; one that declares it gets
 * NAMESPACE and no PUBLISH_NAMESPACE.
 */

import { TerminationCode } from "@moqt/wire";
import { describe, expect, it, onTestFinished } from "vitest";
import { ns } from "./bytes.js";
import { DRAFTS } from "./drafts.js";
import { settledYet } from "./settled.js";
import { TOPOLOGIES } from "./topology.js";

describe.each(TOPOLOGIES)("$name", (topology) => {
	describe.each(DRAFTS)("draft-%i", (draft) => {
		it("accepts its PUBLISH_NAMESPACE and sees it withdrawn", async () => {
			const pair = await topology.connect(draft);
			onTestFinished(() => pair.dispose());
			const { session, peer, incoming } = pair;
			const discovery = await session.subscribeNamespace(ns("demo"));
			const firstItem = discovery[Symbol.asyncIterator]().next();

			await peer.call("publish", { path: "demo/a", track: "video" });
			const request = await incoming.next("publish-namespace");
			expect(request.message.trackNamespace).toEqual(ns("demo", "a"));
			const accepted = request.accept();
			await peer.call("unpublish", { path: "demo/a" });
			const withdrawn = await accepted.done;
			const withdrawals = pair.messages.filter(
				(m) => m.direction === "in" && m.message.type === "PUBLISH_NAMESPACE_DONE",
			);
			if (draft <= 16) {
				// Withdrawn with PUBLISH_NAMESPACE_DONE (-14 §9.26, -16 §9.22): the request completed.
				expect(withdrawals).toHaveLength(1);
				expect(withdrawn).toBeUndefined();
			} else {
				// -18/-19 §6.2: "withdrawn by cancelling the request"; @moq/net finishes its half and sends
				// STOP_SENDING on the other (-19 §3.3.3), which ends our accepted request as cancelled.
				expect(withdrawals).toHaveLength(0);
				expect(withdrawn).toMatchObject({ name: "RequestError", ended: "cancelled", source: "stream" });
			}

			if (draft === 14) {
				// -14 §6.2: a publisher sends PUBLISH_NAMESPACE to subscribers of a matching prefix; that is
				// the one above, so SUBSCRIBE_NAMESPACE_OK and nothing else is right.
				return;
			}
			// Deviation (-16 §6.1: "will send any relevant NAMESPACE ... messages"; -18/-19 §6.2: "MUST
			// send a NAMESPACE message ... to any subscriber that has sent a SUBSCRIBE_NAMESPACE whose
			// prefix matches"): to a peer that did not declare SOLICIT, @moq/net answers
			// SUBSCRIBE_NAMESPACE with REQUEST_OK only, counting on the PUBLISH_NAMESPACE it sent unasked.
			expect(await settledYet(firstItem)).toBe(false);
			discovery.cancel();
		});

		it("discovers its namespace with SUBSCRIBE_NAMESPACE when we declare SOLICIT", async () => {
			const pair = await topology.connect(draft, { solicit: true });
			onTestFinished(() => pair.dispose());
			const { session, peer, incoming } = pair;
			await peer.call("publish", { path: "demo/a", track: "video" });
			const discovery = await session.subscribeNamespace(ns("demo"));

			if (draft === 14) {
				// -14 §6.1: the publisher answers SUBSCRIBE_NAMESPACE with PUBLISH_NAMESPACE requests.
				const request = await incoming.next("publish-namespace");
				expect(request.message.trackNamespace).toEqual(ns("demo", "a"));
				const accepted = request.accept();
				await peer.call("unpublish", { path: "demo/a" });
				expect(await accepted.done).toBeUndefined();
				return;
			}
			const items = discovery[Symbol.asyncIterator]();
			expect((await items.next()).value).toEqual({
				kind: "namespace",
				trackNamespace: ns("demo", "a"),
				trackNamespaceSuffix: ns("a"),
			});
			await peer.call("unpublish", { path: "demo/a" });
			expect((await items.next()).value).toEqual({
				kind: "namespace-done",
				trackNamespace: ns("demo", "a"),
				trackNamespaceSuffix: ns("a"),
			});
			// Told on request only: no PUBLISH_NAMESPACE came unasked.
			expect(incoming.queued("publish-namespace")).toBe(0);
		});

		it("has its unasked PUBLISH_NAMESPACE refused by closing once we declare SOLICIT (drafts 16+)", async () => {
			const pair = await topology.connect(draft, { solicit: true });
			onTestFinished(() => pair.dispose());
			const { session } = pair;
			const publishing = session.publishNamespace(ns("demo", "b"));
			if (draft === 14) {
				// Exempt: in draft-14 PUBLISH_NAMESPACE is also how SUBSCRIBE_NAMESPACE is answered.
				await expect(publishing).resolves.toMatchObject({ trackNamespace: ns("demo", "b") });
				return;
			}
			// -16/-19 §6.2: "A publisher MAY send PUBLISH_NAMESPACE messages to any subscriber". Under
			// the MoQ Solicit extension a peer that declared SOLICIT is held to @moq/net's own SOLICIT=1,
			// and @moq/net closes the session (WebTransport close, code 0) on an unsolicited one.
			await expect(publishing).rejects.toMatchObject({ name: "SessionError" });
			expect(await session.closed).toMatchObject({ code: 0, remote: true });
		});

		it("publishes a namespace that @moq/net discovers, then withdraws it", async () => {
			const pair = await topology.connect(draft);
			onTestFinished(() => pair.dispose());
			const { session, peer } = pair;
			const published = await session.publishNamespace(ns("demo", "b"));
			// Its SUBSCRIBE_NAMESPACE for "demo" stays unanswered: our PUBLISH_NAMESPACE is what it learns from.
			await peer.call("watchAnnounced", { prefix: "demo" });
			expect(await peer.call("nextAnnounced", { prefix: "demo", count: 1 })).toEqual({
				events: [{ path: "b", active: true }],
			});
			published.withdraw();
			expect(await peer.call("nextAnnounced", { prefix: "demo", count: 1 })).toEqual({
				events: [{ path: "b", active: false }],
			});
			expect(await published.done).toBeUndefined();
		});

		it("answers its SUBSCRIBE_NAMESPACE", async () => {
			const pair = await topology.connect(draft);
			onTestFinished(() => pair.dispose());
			const { session, peer, incoming } = pair;
			await peer.call("watchAnnounced", { prefix: "demo" });
			const request = await incoming.next("subscribe-namespace");
			expect(request.message.trackNamespacePrefix).toEqual(ns("demo"));
			const responder = request.accept();

			if (draft === 14) {
				// -14 §6.1: the matching namespaces are announced with PUBLISH_NAMESPACE.
				const published = await session.publishNamespace(ns("demo", "c"));
				expect(await peer.call("nextAnnounced", { prefix: "demo", count: 1 })).toEqual({
					events: [{ path: "c", active: true }],
				});
				published.withdraw();
				expect(await peer.call("nextAnnounced", { prefix: "demo", count: 1 })).toEqual({
					events: [{ path: "c", active: false }],
				});
				// Stopping would send its UNSUBSCRIBE_NAMESPACE: see the draft-14 case below.
				return;
			}
			expect(responder.namespace(ns("demo", "c"))).toBe(true);
			expect(await peer.call("nextAnnounced", { prefix: "demo", count: 1 })).toEqual({
				events: [{ path: "c", active: true }],
			});
			expect(responder.namespaceDone(ns("demo", "c"))).toBe(true);
			expect(await peer.call("nextAnnounced", { prefix: "demo", count: 1 })).toEqual({
				events: [{ path: "c", active: false }],
			});
			// It stops watching by closing the request stream: the request is over.
			await peer.call("stopAnnounced", { prefix: "demo" });
			await responder.done;
			expect(responder.over).toBe(true);
		});
	});

	describe("draft-14", () => {
		it("closes on its UNSUBSCRIBE_NAMESPACE, which carries a Request ID (deviation, -14 §9.31)", async () => {
			const pair = await topology.connect(14);
			onTestFinished(() => pair.dispose());
			const { session, peer, incoming } = pair;
			await peer.call("watchAnnounced", { prefix: "demo" });
			(await incoming.next("subscribe-namespace")).accept();
			await peer.call("stopAnnounced", { prefix: "demo" });
			// -14 §9.31 gives UNSUBSCRIBE_NAMESPACE a Track Namespace Prefix; @moq/net writes the
			// SUBSCRIBE_NAMESPACE's Request ID there. Read as a tuple it is malformed (0 fields, or
			// fewer bytes than its fields need), a PROTOCOL_VIOLATION.
			expect(await session.closed).toMatchObject({ code: TerminationCode.PROTOCOL_VIOLATION, remote: false });
		});
	});
});
