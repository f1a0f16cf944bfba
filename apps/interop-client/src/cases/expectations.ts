/**
 * The expected messages of a case in the draft being spoken: the negotiated one once a session is
 * up, otherwise the drafts offered (the setup message's name, before any session exists).
 *
 * @module
 */

import type { CaseContext } from "../context.js";
import { setupName } from "../names.js";

/** SETUP or SERVER_SETUP, or both names while the drafts offered disagree and none is negotiated. */
export function setupNameFor(t: CaseContext): string {
	if (t.draft !== undefined) return setupName(t.draft);
	const names = [...new Set(t.drafts.map(setupName))];
	return names.join(" or ");
}
