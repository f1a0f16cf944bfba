/**
 * Interop with @moq/net 0.3.4: session setup and close, both ways round, on every draft both
 * speak (see drafts.ts and topology.ts).
 */

import { describe, expect, it, onTestFinished } from "vitest";
import { DRAFT_14_VERSION, DRAFTS, SOLICIT } from "./drafts.js";
import { TOPOLOGIES } from "./topology.js";

describe.each(TOPOLOGIES)("$name", (topology) => {
	describe.each(DRAFTS)("draft-%i", (draft) => {
		it("sets up on the negotiated draft", async () => {
			const pair = await topology.connect(draft);
			onTestFinished(() => pair.dispose());
			const { session } = pair;
			expect(session.draft).toBe(draft);
			expect(pair.version).toBe(`moq-transport-${draft}`);
			// draft-14: no WebTransport protocol, the version is chosen in SETUP; later: `moqt-NN` chose it.
			expect(pair.protocol).toBe(draft === 14 ? undefined : `moqt-${draft}`);
			if (draft === 14 && session.role === "client") expect(session.peerSetup.version).toBe(DRAFT_14_VERSION);
			expect(session.peerSetup.implementation).toBe("moq-lite-js");
			// @moq/net always sends the MoQ Solicit extension's option (value 1), which is no draft's:
			// the drafts make unknown setup options ignorable, and we ignore it.
			expect(session.peerSetup.unknown).toContainEqual({ type: SOLICIT, value: 1n });
		});

		it("ends when @moq/net closes the session", async () => {
			const pair = await topology.connect(draft);
			onTestFinished(() => pair.dispose());
			await pair.peer.call("close", {});
			// WebTransport's close() without a code: 0, NO_ERROR.
			expect(await pair.session.closed).toMatchObject({ code: 0, remote: true });
		});

		it("closes, and @moq/net sees the session end", async () => {
			const pair = await topology.connect(draft);
			onTestFinished(() => pair.dispose());
			const closed = pair.peer.call("closed", {});
			expect(await pair.session.close()).toMatchObject({ code: 0, remote: false });
			await expect(closed).resolves.toBeNull();
		});
	});
});
