/**
 * The cases this client implements. The standard list is tests-TEST-CASES.md's, in its order: it
 * is what `--list` prints and what a run without `--test` runs. The data-flow cases of its "Future
 * Test Cases" section are ours (their procedures are in their files) and join only when asked for
 * by name or with `--data-flow`, so that the runner sees exactly the list it expects.
 *
 * @module
 */

import { announceOnly } from "./announce-only.js";
import { announceSubscribe } from "./announce-subscribe.js";
import { lateSubscriber } from "./data-flow/late-subscriber.js";
import { multipleGroups } from "./data-flow/multiple-groups.js";
import { singleGroup } from "./data-flow/single-group.js";
import { singleObject } from "./data-flow/single-object.js";
import { publishNamespaceDone } from "./publish-namespace-done.js";
import { setupOnly } from "./setup-only.js";
import { subscribeBeforeAnnounce } from "./subscribe-before-announce.js";
import { subscribeError } from "./subscribe-error.js";
import type { TestCase } from "./types.js";

export const STANDARD_CASES: readonly TestCase[] = [
	setupOnly,
	announceOnly,
	publishNamespaceDone,
	subscribeError,
	announceSubscribe,
	subscribeBeforeAnnounce,
];

export const DATA_FLOW_CASES: readonly TestCase[] = [singleObject, singleGroup, multipleGroups, lateSubscriber];

/** The case named `name`, standard or data-flow. */
export function findCase(name: string): TestCase | undefined {
	return [...STANDARD_CASES, ...DATA_FLOW_CASES].find((c) => c.name === name);
}
