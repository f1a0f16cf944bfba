/**
 * The names the test cases use (tests-TEST-CASES.md) and the control messages they expect, in the
 * terms of the draft spoken: the spec writes draft-18's names (SETUP, REQUEST_OK with its
 * PUBLISH_NAMESPACE_OK alias, REQUEST_ERROR), which draft-14 spells SERVER_SETUP,
 * PUBLISH_NAMESPACE_OK and SUBSCRIBE_ERROR, and draft-16 SERVER_SETUP, REQUEST_OK, REQUEST_ERROR.
 *
 * @module
 */

import type { Draft } from "@moqt/wire";

/** "Test Namespace" of every case but subscribe-error: two fields, split on "/". */
export const TEST_NAMESPACE = "moq-test/interop";
/** "Test Track". */
export const TEST_TRACK = "test-track";
/** subscribe-error's namespace, which no publisher announces. */
export const NONEXISTENT_NAMESPACE = "nonexistent/namespace";

/** The peer's setup message: one SETUP each way from draft-17, SERVER_SETUP before. */
export function setupName(draft: Draft): string {
	return draft >= 17 ? "SETUP" : "SERVER_SETUP";
}

/** The answer accepting PUBLISH_NAMESPACE: REQUEST_OK from draft-15 (the spec's `PUBLISH_NAMESPACE_OK` alias). */
export function namespaceOkName(draft: Draft): string {
	return draft >= 15 ? "REQUEST_OK" : "PUBLISH_NAMESPACE_OK";
}

/** The refusal of a SUBSCRIBE: REQUEST_ERROR from draft-15. */
export function subscribeErrorName(draft: Draft): string {
	return draft >= 15 ? "REQUEST_ERROR" : "SUBSCRIBE_ERROR";
}
