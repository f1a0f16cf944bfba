/**
 * The escape hatches: `onMessage` sees the control messages both ways, `sendMessage` writes one
 * the core does not know about.
 */

import { describe, expect, it, vi } from "vitest";
import type { MessageRecord } from "../../src/index.js";
import { b, closeBoth, connect, DRAFTS, ns } from "./helpers.js";

describe.each(DRAFTS)("draft-%i raw messages", (draft) => {
	it("onMessage sees requests and answers on their channels, until stopped", async () => {
		const p = await connect(draft);
		const client: MessageRecord[] = [];
		const server: MessageRecord[] = [];
		const stop = p.client.onMessage((r) => client.push(r));
		p.server.onMessage((r) => server.push(r));
		p.server.handlers.onTrackStatus = (req) => req.accept();
		await p.client.trackStatus(ns("a"), b("t"));
		const answer = draft === 14 ? "TRACK_STATUS_OK" : "REQUEST_OK";
		const trace = (records: MessageRecord[]) => records.map((r) => `${r.direction} ${r.message.type}`);
		expect(trace(client).slice(0, 2)).toEqual(["out TRACK_STATUS", `in ${answer}`]);
		// drafts 14 and 16: the server grants a Request ID for the one the finished request used.
		const credit = draft <= 16 ? ["out MAX_REQUEST_ID"] : [];
		expect(trace(server)).toEqual(["in TRACK_STATUS", `out ${answer}`, ...credit]);
		// The same channel carries the request and its answer: the control stream up to draft-16.
		expect(client[0]!.channel).toBe(client[1]!.channel);
		expect(client[0]!.channel === 0).toBe(draft <= 16);
		stop();
		const seen = client.length;
		await p.client.trackStatus(ns("a"), b("t"));
		expect(client).toHaveLength(seen);
		await closeBoth(p);
	});

	it("sendMessage writes a message the core does not track", async () => {
		const p = await connect(draft);
		const heard: string[] = [];
		p.server.handlers.onGoaway = (info) => heard.push(info.newSessionUri);
		const goaway = {
			type: "GOAWAY",
			newSessionUri: "",
			...(draft >= 18 && { timeout: 0n }),
			...(draft === 18 && { requestId: 1n }),
		} as const;
		expect(p.client.sendMessage(goaway)).toBe(true);
		await vi.waitFor(() => expect(heard).toEqual([""]));
		// The core did not send it: its own GOAWAY is still allowed (and is the peer's second).
		expect(p.server.goawayReceived).toBeDefined();
		expect(p.client.sendMessage(goaway, 12345)).toBe(false);
		await closeBoth(p);
	});
});
