/**
 * TRACK_STATUS end to end: the answer's parameters and Track Properties, refusal, the default.
 */

import { RequestErrorCode, SubscribeErrorCode } from "@moqt/wire";
import { describe, expect, it } from "vitest";
import { RequestError } from "../../src/index.js";
import { b, closeBoth, connect, DRAFTS, ns } from "./helpers.js";

describe.each(DRAFTS)("draft-%i TRACK_STATUS", (draft) => {
	it("resolves with the publisher's status", async () => {
		const p = await connect(draft);
		p.server.handlers.onTrackStatus = (req) => {
			expect(req.message).toMatchObject({ trackNamespace: ns("a"), trackName: b("t") });
			req.accept({ parameters: { largestObject: { group: 12n, object: 3n }, expires: 100n } });
		};
		const status = await p.client.trackStatus(ns("a"), b("t"));
		expect(status.largest).toEqual({ group: 12n, object: 3n });
		expect(status.result?.parameters.expires).toBe(100n);
		expect(p.client.stats().requests).toBe(0);
		await closeBoth(p);
	});

	it("rejects with the refusal, or the default does-not-exist", async () => {
		const p = await connect(draft);
		const notFound = draft === 14 ? SubscribeErrorCode.TRACK_DOES_NOT_EXIST : RequestErrorCode[draft].DOES_NOT_EXIST;
		const first = await p.client.trackStatus(ns("a"), b("t")).catch((e: unknown) => e);
		expect(RequestError.isInstance(first)).toBe(true);
		expect(first).toMatchObject({ code: notFound, request: "TRACK_STATUS" });
		p.server.handlers.onTrackStatus = (req) => req.reject(0x1, "private");
		await expect(p.client.trackStatus(ns("a"), b("t"))).rejects.toMatchObject({ code: 0x1, reason: "private" });
		await closeBoth(p);
	});
});
