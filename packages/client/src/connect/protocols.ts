/**
 * The application protocols a client offers for a set of drafts (draft-ietf-moq-transport-19
 * §3.1: "ALPNs used to identify IETF drafts are created by appending the draft number to
 * 'moqt-'"; "Draft versions prior to -15 all used moq-00 ALPN, followed by version negotiation in
 * the SETUP messages"): the ALPN list on raw QUIC, WT-Available-Protocols on WebTransport.
 *
 * @module
 */

import { type Draft, draftInfo } from "@moqt/wire";

/** The protocols for `drafts`, in their order, each once: `moqt-NN` from draft-15, `moq-00` before. */
export function protocolsFor(drafts: readonly Draft[]): string[] {
	if (drafts.length === 0) throw new TypeError("no draft offered");
	return [...new Set(drafts.map((draft) => draftInfo(draft).alpn))];
}
