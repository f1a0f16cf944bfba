/**
 * The one error the demo's formats throw: a LOC object (draft-ietf-moq-loc §2.3 "LOC
 * Properties"), an MSF catalog (draft-ietf-moq-msf §5 "Catalog") or a chat message that does not
 * follow its format. It is a branded {@link MoqtError}, so `MoqtError.isInstance` recognises it
 * next to the codec's own errors.
 *
 * @module
 */

import { MoqtError } from "@moqt/wire";

/** Which format was violated: the {@link FormatError} `code`. */
export type FormatErrorCode = "invalid-loc" | "invalid-catalog" | "invalid-chat";

/** Input that does not follow the LOC, MSF catalog or chat message format. */
export class FormatError extends MoqtError {
	override readonly code: FormatErrorCode;

	constructor(code: FormatErrorCode, message: string, options?: { readonly cause?: unknown }) {
		super(code, message, options);
		this.code = code;
		this.name = "FormatError";
	}
}
