/**
 * Words for how a publisher ended a subscription (PUBLISH_DONE, draft-ietf-moq-transport-19
 * §10.11), by the draft's own table of status codes.
 *
 * @module
 */

import { type Draft, type PublishDone, PublishDoneCode } from "@moqt/client";

/** "the publisher ended the track (TRACK_ENDED 0x2)", with the reason when there is one. */
export function describeEnd(done: PublishDone, draft: Draft): string {
	const table: Record<string, number> = PublishDoneCode[draft];
	const name = Object.keys(table).find((key) => table[key] === done.statusCode) ?? "unknown status";
	const reason = done.reason === "" ? "" : `: ${done.reason}`;
	return `the publisher ended the subscription (${name} 0x${done.statusCode.toString(16)})${reason}`;
}
