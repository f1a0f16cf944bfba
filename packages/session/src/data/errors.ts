/**
 * Why a fetch's object sequence ended early: its data stream was reset by the publisher (with a
 * Stream Reset Error Code, draft-ietf-moq-transport-14 §13.1.8, -16 §13.4.4, -18 §3.3.3 / -19
 * §3.3.4), stopped by us, or lost with the session.
 *
 * @module
 */

import { MoqtError } from "@moqt/wire";

/** How a data stream ended early. */
export type DataStreamErrorKind =
	/** The publisher reset the stream (`streamCode`, e.g. UNKNOWN_OBJECT_STATUS). */
	| "reset"
	/** We stopped reading it (STOP_SENDING with `streamCode`): cancelled, or the router closed. */
	| "stopped"
	/** The session ended. */
	| "session-closed";

/** A data stream that ended before its FIN. `code` is `"data-stream-" + kind`. */
export class DataStreamError extends MoqtError {
	readonly kind: DataStreamErrorKind;
	/** The stream error code, for "reset" and "stopped". */
	readonly streamCode: number | undefined;

	constructor(kind: DataStreamErrorKind, streamCode?: number) {
		super(
			`data-stream-${kind}`,
			streamCode === undefined ? `data stream ${kind}` : `data stream ${kind} with code ${streamCode}`,
		);
		this.name = "DataStreamError";
		this.kind = kind;
		this.streamCode = streamCode;
	}
}
