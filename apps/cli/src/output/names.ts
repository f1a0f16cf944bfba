/**
 * Track names for display: namespace fields and the track name joined with "/", each field as
 * text with control characters escaped (the MOQT file format draft's own example has fields
 * ending in a newline), or as hex when it is not UTF-8. Names are bytes in MoQT; this is only
 * how they are shown.
 *
 * @module
 */

const strict = new TextDecoder("utf-8", { fatal: true });

/** One field as text: escapes for control characters, `0x` and hex for bytes that are not UTF-8. */
export function fieldText(bytes: Uint8Array): string {
	let text: string;
	try {
		text = strict.decode(bytes);
	} catch {
		return `0x${Buffer.from(bytes).toString("hex")}`;
	}
	// biome-ignore lint/suspicious/noControlCharactersInRegex: escaping control characters is the point.
	return text.replace(/[\u0000-\u001f\u007f-\u009f\\]/g, (c) => {
		if (c === "\n") return "\\n";
		if (c === "\t") return "\\t";
		if (c === "\r") return "\\r";
		if (c === "\\") return "\\\\";
		return `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`;
	});
}

/** A track as "ns1/ns2/name". */
export function trackText(namespace: readonly Uint8Array[], name: Uint8Array): string {
	return [...namespace, name].map(fieldText).join("/");
}
