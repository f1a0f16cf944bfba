/**
 * The drafts both implementations speak and how each is negotiated: draft-14 with the `moq-00`
 * way (no WebTransport protocol; CLIENT_SETUP lists versions, SERVER_SETUP picks one, -14
 * §9.3.1), drafts 16, 18 and 19 with the WebTransport protocol `moqt-NN` (-16 and -19 §3.1).
 * @moq/net 0.3.4 also speaks 15, 17 and 20, which we do not; we speak no draft it lacks.
 *
 * @module
 */

import type { Draft } from "@moqt/wire";

/** The drafts of the interop tests. */
export const DRAFTS = [14, 16, 18, 19] as const satisfies readonly Draft[];

/** The WebTransport protocols a client offers for `draft` (none for draft-14). */
export function protocolsOf(draft: Draft): string[] {
	return draft === 14 ? [] : [`moqt-${draft}`];
}

/** draft-14's version number (-14 §9.3.1), which @moq/net's server is told to pick in SETUP. */
export const DRAFT_14_VERSION = 0xff00000e;

/**
 * SOLICIT (0x40b5a), the setup option of the MoQ Solicit extension (draft-lcurley-moq-solicit-00)
 * that @moq/net sends in every SETUP with value 1. Declared by us (any value), it also makes
 * @moq/net wait for our SUBSCRIBE_NAMESPACE instead of announcing its namespaces unasked, and
 * hold us to its own requirement: it closes the session on an unsolicited PUBLISH_NAMESPACE from
 * us (drafts 16+).
 */
export const SOLICIT = 0x40b5an;
