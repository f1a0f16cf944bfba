/**
 * Well-formedness of HTTP/3 field sections (RFC 9114 §4.2 "HTTP Fields", §4.3 "HTTP Control
 * Data", §4.1.2 "Malformed Requests and Responses"):
 *
 * - field names are lowercase tokens (§4.2); values hold no NUL, CR or LF (§4.2, RFC 9110 §5.5);
 * - connection-specific fields (connection, keep-alive, proxy-connection, transfer-encoding,
 *   upgrade) are forbidden, and TE may only be "trailers" (§4.2);
 * - pseudo-header fields come before regular ones, appear once, and are those defined for the
 *   message kind (§4.3): requests take :method, :scheme, :authority, :path and (RFC 9220)
 *   :protocol; responses take :status.
 *
 * A violation makes the message malformed: an {@link H3Error} H3_MESSAGE_ERROR of scope "stream".
 *
 * @module
 */

import { H3Error } from "./errors.js";
import type { HeaderField } from "./qpack.js";

/** A field section split into its pseudo-header fields and regular fields. */
export interface SplitFields {
	/** Pseudo-header fields by name, colon included (":method"). */
	readonly pseudo: ReadonlyMap<string, string>;
	readonly regular: readonly HeaderField[];
}

const REQUEST_PSEUDO: ReadonlySet<string> = new Set([":method", ":scheme", ":authority", ":path", ":protocol"]);
const RESPONSE_PSEUDO: ReadonlySet<string> = new Set([":status"]);
const CONNECTION_SPECIFIC: ReadonlySet<string> = new Set([
	"connection",
	"keep-alive",
	"proxy-connection",
	"transfer-encoding",
	"upgrade",
]);

// tchar (RFC 9110 §5.6.2) without uppercase letters.
const FIELD_NAME = /^[!#$%&'*+\-.^_`|~0-9a-z]+$/;
const FORBIDDEN_IN_VALUE = /[\0\r\n]/;

/** Checks a field section and splits it. Throws H3_MESSAGE_ERROR (stream) when malformed. */
export function splitFields(fields: readonly HeaderField[], kind: "request" | "response"): SplitFields {
	const allowed = kind === "request" ? REQUEST_PSEUDO : RESPONSE_PSEUDO;
	const pseudo = new Map<string, string>();
	const regular: HeaderField[] = [];
	for (const field of fields) {
		const { name, value } = field;
		if (FORBIDDEN_IN_VALUE.test(value)) malformed(`field ${name} has NUL, CR or LF in its value`);
		if (name.startsWith(":")) {
			if (regular.length > 0) malformed(`pseudo-header ${name} after a regular field`);
			if (!allowed.has(name)) malformed(`pseudo-header ${name} is not valid in a ${kind}`);
			if (pseudo.has(name)) malformed(`pseudo-header ${name} repeated`);
			pseudo.set(name, value);
			continue;
		}
		if (!FIELD_NAME.test(name)) malformed(`invalid field name ${JSON.stringify(name)}`);
		if (CONNECTION_SPECIFIC.has(name)) malformed(`connection-specific field ${name}`);
		if (name === "te" && value !== "trailers") malformed("TE other than trailers");
		regular.push(field);
	}
	return { pseudo, regular };
}

/**
 * The values of every field line named `name`, combined into one list value with ", " (RFC 9110
 * §5.3), or undefined when there is none.
 */
export function combinedValue(fields: readonly HeaderField[], name: string): string | undefined {
	const values = fields.filter((f) => f.name === name).map((f) => f.value);
	return values.length === 0 ? undefined : values.join(", ");
}

function malformed(message: string): never {
	throw new H3Error("H3_MESSAGE_ERROR", message, "stream");
}
