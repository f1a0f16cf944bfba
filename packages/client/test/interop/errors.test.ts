/**
 * Interop with @moq/net 0.3.4: refusals in both directions ("not found", unsupported requests),
 * both ways round, on every draft both speak.
 */

import { RequestErrorCode, SubscribeErrorCode } from "@moqt/wire";
import { describe, expect, it, onTestFinished } from "vitest";
import { ns, utf8 } from "./bytes.js";
import { DRAFTS } from "./drafts.js";
import { settledYet } from "./settled.js";
import { TOPOLOGIES } from "./topology.js";

describe.each(TOPOLOGIES)("$name", (topology) => {
	describe.each(DRAFTS)("draft-%i", (draft) => {
		it("is refused a broadcast @moq/net does not publish, with code 404 (deviation)", async () => {
			const pair = await topology.connect(draft);
			onTestFinished(() => pair.dispose());
			// Deviation: the drafts' code is TRACK_DOES_NOT_EXIST (0x4, -14 §13.1.2) or DOES_NOT_EXIST
			// (0x10, -16 §13.4.2, -18 §15.10.2, -19 §15.11.2); @moq/net sends HTTP's 404 (0x194).
			await expect(pair.session.subscribe(ns("nope"), utf8("video"))).rejects.toMatchObject({
				name: "RequestError",
				request: "SUBSCRIBE",
				source: "message",
				code: 404,
				reason: "Broadcast not found",
			});
		});

		it("learns of a track missing from a published broadcast as the drafts allow, or not at all", async () => {
			const pair = await topology.connect(draft);
			onTestFinished(() => pair.dispose());
			const { session, peer } = pair;
			await peer.call("publish", { path: "demo/a", track: "video" });
			const abandon = new AbortController();
			const missing = session.subscribe(ns("demo", "a"), utf8("nope"), { signal: abandon.signal });
			if (draft >= 18) {
				// Its application refused the track: @moq/net resets the request stream (INTERNAL_ERROR,
				// 0x0) instead of answering, which -19 §3.3.3 allows ("Receivers cancel requests if they
				// are unable to or choose not to respond").
				await expect(missing).rejects.toMatchObject({ name: "RequestError", source: "stream", code: 0 });
				return;
			}
			// Deviation (-14 and -16 §5.1: "A publisher MUST send exactly one SUBSCRIBE_OK or
			// SUBSCRIBE_ERROR/REQUEST_ERROR in response to a SUBSCRIBE"): on drafts 14 and 16 the
			// refusal aborts a virtual stream of its control-stream adapter and nothing is sent.
			await peer.call("waitRefused", { path: "demo/a", track: "nope" });
			// A later request's answer comes after whatever @moq/net did about the first one...
			await expect(session.subscribe(ns("nope"), utf8("video"))).rejects.toMatchObject({ code: 404 });
			// ...and the first is still unanswered.
			expect(await settledYet(missing)).toBe(false);
			abandon.abort();
			await expect(missing).rejects.toMatchObject({ name: "AbortError" });
		});

		it("refuses a track we do not have, and @moq/net reports our code", async () => {
			const pair = await topology.connect(draft);
			onTestFinished(() => pair.dispose());
			const subscribing = pair.peer.call("subscribe", { path: "demo/none", track: "x", groups: 1 });
			const request = await pair.incoming.next("subscribe");
			const code = draft === 14 ? SubscribeErrorCode.TRACK_DOES_NOT_EXIST : RequestErrorCode[draft].DOES_NOT_EXIST;
			request.reject(code, "no such track");
			await expect(subscribing).rejects.toThrow(`SUBSCRIBE error: code=${code} reason=no such track`);
		});

		it("has its PUBLISH refused: @moq/net takes no PUBLISH (limitation)", async () => {
			const pair = await topology.connect(draft);
			onTestFinished(() => pair.dispose());
			// @moq/net has no subscriber side for PUBLISH (-14 §9.13, -19 §10.10): it answers
			// NOT_SUPPORTED (0x3 in every draft's table), so tracks reach it only through its SUBSCRIBE.
			await expect(pair.session.publish(ns("demo", "b"), utf8("x"))).rejects.toMatchObject({
				name: "RequestError",
				request: "PUBLISH",
				code: 0x3,
				reason: "publish not supported",
			});
		});
	});
});
