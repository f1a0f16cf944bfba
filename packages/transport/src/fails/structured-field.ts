/**
 * The two Structured Field shapes WebTransport protocol negotiation uses (RFC 9651 §3.3.3
 * String; draft-ietf-webtrans-http3 §3.3): `WT-Protocol` is an Item, `WT-Available-Protocols` a
 * List, and only String values count. fails-components 1.6.8 sends and reads `WT-Protocol`
 * verbatim, so this adapter serialises and parses it.
 *
 * @module
 */

const STRING = /^"((?:[\x20\x21\x23-\x5b\x5d-\x7e]|\\["\\])*)"/;
// Parameters after the value (";key=value") carry no meaning here and are ignored.
const PARAMETERS = /^(?:;[ ]*[a-z*][a-z0-9_.*-]*(?:=[^;,]*)?)*$/;

/** Serialises `value` as an RFC 9651 String; undefined if it has characters a String cannot hold. */
export function serializeString(value: string): string | undefined {
	if (!/^[\x20-\x7e]*$/.test(value)) return undefined;
	return `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/** Parses an Item whose value is a String; undefined for anything else (the field is then ignored). */
export function parseString(field: string): string | undefined {
	const text = field.trim();
	const match = STRING.exec(text);
	if (!match || !PARAMETERS.test(text.slice(match[0].length))) return undefined;
	return (match[1] ?? "").replace(/\\(["\\])/g, "$1");
}

/** Parses a List of Strings; undefined if any member is not a String (the field is then ignored). */
export function parseStringList(field: string): string[] | undefined {
	const values: string[] = [];
	let rest = field.trim();
	while (rest.length > 0) {
		const match = STRING.exec(rest);
		if (!match) return undefined;
		values.push((match[1] ?? "").replace(/\\(["\\])/g, "$1"));
		rest = rest.slice(match[0].length);
		const end = rest.indexOf(",");
		const parameters = (end < 0 ? rest : rest.slice(0, end)).trim();
		if (!PARAMETERS.test(parameters)) return undefined;
		rest = end < 0 ? "" : rest.slice(end + 1).trim();
		if (end >= 0 && rest.length === 0) return undefined;
	}
	return values;
}
