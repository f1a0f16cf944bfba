/**
 * TRACK_STATUS and its answer in each draft: TRACK_STATUS_OK / TRACK_STATUS_ERROR (draft-14),
 * REQUEST_OK / REQUEST_ERROR (draft-16), the same on its own stream, with Track Properties and
 * FINs (drafts 18 and 19).
 */

import { SubscribeErrorCode, TerminationCode } from "@moqt/wire";
import { describe, expect, it } from "vitest";
import { b, DRAFTS, ns, one, Pair, trace } from "./pair.js";

const track = { trackNamespace: ns("radio"), trackName: b("news") };

describe.each(DRAFTS)("draft-%i TRACK_STATUS", (draft) => {
	const streams = draft >= 17;

	function asked() {
		const p = new Pair(draft);
		p.take("client");
		p.take("server");
		const id = p.client.trackStatus(track, p.now);
		p.drive();
		return { p, id };
	}

	it("is answered with the track's status", () => {
		const { p, id } = asked();
		// The requester FINs at once: TRACK_STATUS is the only message of its stream.
		expect(trace(p.takeSent("client"))).toEqual(streams ? ["TRACK_STATUS", "fin"] : ["TRACK_STATUS"]);
		expect(one(p.take("server"), "request").message).toMatchObject({
			type: "TRACK_STATUS",
			trackName: track.trackName,
		});
		const properties = streams ? [{ type: 0x22n, value: 1n }] : undefined;
		p.server.respond(
			id,
			{
				kind: "track-status-ok",
				parameters: { largestObject: { group: 7n, object: 1n } },
				trackProperties: properties,
			},
			p.now,
		);
		p.drive();
		const sent = trace(p.takeSent("server"));
		if (draft === 14) expect(sent).toEqual(["TRACK_STATUS_OK", "MAX_REQUEST_ID"]);
		else if (draft === 16) expect(sent).toEqual(["REQUEST_OK", "MAX_REQUEST_ID"]);
		else expect(sent).toEqual(["REQUEST_OK", "fin"]);
		const ev = one(p.take("client"), "track-status");
		expect(ev.parameters.largestObject).toEqual({ group: 7n, object: 1n });
		expect(ev.trackProperties).toEqual(properties ?? []);
		for (const core of [p.client, p.server]) expect(core.stats()).toMatchObject({ requests: 0, channels: 0 });
	});

	it("is refused with the draft's error", () => {
		const { p, id } = asked();
		p.server.respond(id, { kind: "error", code: SubscribeErrorCode.NOT_SUPPORTED, reason: "no" }, p.now);
		p.drive();
		expect(trace(p.takeSent("server"))[0]).toBe(draft === 14 ? "TRACK_STATUS_ERROR" : "REQUEST_ERROR");
		expect(one(p.take("client"), "request-error")).toMatchObject({ requestId: id, request: "TRACK_STATUS", code: 0x3 });
		expect(p.client.stats().requests).toBe(0);
	});

	it("takes only a track-status answer", () => {
		const { p, id } = asked();
		expect(() => p.server.respond(id, { kind: "subscribe-ok" }, p.now)).toThrow(/not answered with/);
		expect(() => p.server.respond(id, { kind: "ok" }, p.now)).toThrow(/not answered with/);
	});

	it("can be abandoned by the requester", () => {
		const { p, id } = asked();
		p.take("server");
		p.takeSent("client");
		p.client.cancel(id, p.now);
		p.drive();
		// No cancel message before draft-17; from it, the stream is stopped.
		expect(trace(p.takeSent("client"))).toEqual(streams ? ["stop:1"] : []);
		expect(p.client.stats().requests).toBe(0);
		if (streams) expect(one(p.take("server"), "request-ended").cause).toBe("cancelled");
		else {
			// A late answer is ignored.
			p.server.respond(id, { kind: "track-status-ok" }, p.now);
			p.drive();
			expect(p.take("client")).toEqual([]);
			expect(p.client.state).toBe("ready");
		}
	});

	if (streams) {
		it("cannot be updated: a REQUEST_UPDATE on it closes the session", () => {
			const { p, id } = asked();
			p.inject("server", p.channelOf("server", id), { type: "REQUEST_UPDATE", requestId: 2n });
			expect(one(p.take("server"), "closed").code).toBe(TerminationCode.PROTOCOL_VIOLATION);
		});
	}
});
