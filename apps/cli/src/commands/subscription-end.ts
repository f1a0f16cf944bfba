/**
 * Words for how a publisher ended a subscription (PUBLISH_DONE, draft-ietf-moq-transport-19
 * §10.11), by the draft's own table of status codes.
 *
 * @module
 */

import { type Draft, type PublishDone, PublishDoneCode } from "@moqt/client";

/** Statuses that end a subscription because something went wrong, not because the track or the session ended. */
const FAILURES = new Set([
	"INTERNAL_ERROR",
	"UNAUTHORIZED",
	"EXPIRED",
	"TOO_FAR_BEHIND",
	"UPDATE_FAILED",
	"MALFORMED_TRACK",
]);

function statusName(done: PublishDone, draft: Draft): string | undefined {
	const table: Record<string, number> = PublishDoneCode[draft];
	return Object.keys(table).find((key) => table[key] === done.statusCode);
}

/** True when the status says the subscription failed (a command then exits with 1). */
export function endedInFailure(done: PublishDone, draft: Draft): boolean {
	const name = statusName(done, draft);
	return name === undefined || FAILURES.has(name);
}

/** "the publisher ended the track (TRACK_ENDED 0x2)", with the reason when there is one. */
export function describeEnd(done: PublishDone, draft: Draft): string {
	const name = statusName(done, draft) ?? "unknown status";
	const reason = done.reason === "" ? "" : `: ${done.reason}`;
	return `the publisher ended the subscription (${name} 0x${done.statusCode.toString(16)})${reason}`;
}
