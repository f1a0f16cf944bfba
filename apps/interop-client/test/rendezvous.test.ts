/**
 * subscribe-before-announce's other outcome: a relay that holds a SUBSCRIBE until a publisher
 * appears answers it with SUBSCRIBE_OK once the publisher (500 ms later) has published the
 * namespace. The relay app holds no SUBSCRIBE by default, so this runs the relay library
 * (@moqt/relay) in this process with a default rendezvous time, on raw QUIC and HTTP/3, and the
 * client as a child process against it.
 */

import { listenRelay, Relay, type RelayListener } from "@moqt/relay";
import { generateCertificate } from "@moqt/transport/cert";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runClient } from "./processes.js";
import { parseTap } from "./tap-parser.js";

describe("a relay that holds subscriptions", () => {
	let relay: Relay;
	let listener: RelayListener;

	beforeAll(async () => {
		const { cert, key } = generateCertificate();
		// Held up to 3 s: longer than the publisher's 500 ms delay, within the case's 3.5 s.
		relay = new Relay({ limits: { defaultRendezvousMs: 3000 } });
		listener = await listenRelay(relay, { quic: { host: "127.0.0.1", port: 0 }, webtransportH2: null, cert, key });
	});

	afterAll(async () => {
		await listener?.close();
		await relay?.close();
	});

	for (const scheme of ["moqt", "https"]) {
		test(`${scheme}://: the held SUBSCRIBE succeeds once the publisher comes`, async () => {
			const relayUrl = `${scheme}://127.0.0.1:${listener.quic?.port}`;
			const run = await runClient(["-r", relayUrl, "--tls-disable-verify", "-t", "subscribe-before-announce"]);
			const tap = parseTap(run.stdout);
			expect(run.code, run.stdout).toBe(0);
			expect(tap.points[0]).toMatchObject({ ok: true, description: "subscribe-before-announce" });
			expect(tap.points[0]?.yaml?.subscriber_outcome).toBe("SUBSCRIBE_OK");
		});
	}
});
