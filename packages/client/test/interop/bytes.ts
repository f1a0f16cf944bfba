/**
 * Names and payloads of the interop tests: UTF-8 namespaces and track names, payloads with every
 * byte value (so a corrupted or shifted byte shows), base64 for the trip to the child process.
 *
 * @module
 */

const encoder = new TextEncoder();

/** UTF-8 bytes. */
export function utf8(text: string): Uint8Array {
	return encoder.encode(text);
}

/** A namespace of UTF-8 fields: `ns("demo", "a")` is the namespace @moq/net calls "demo/a". */
export function ns(...fields: string[]): Uint8Array[] {
	return fields.map(utf8);
}

/** `length` bytes counting up from `seed` (mod 256): every byte value within 256 bytes. */
export function pattern(length: number, seed = 0): Uint8Array {
	const bytes = new Uint8Array(length);
	for (let i = 0; i < length; i++) bytes[i] = (seed + i) & 0xff;
	return bytes;
}

export function toBase64(bytes: Uint8Array): string {
	return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
}

export function fromBase64(text: string): Uint8Array {
	return new Uint8Array(Buffer.from(text, "base64"));
}

/** The payloads the tests send, group by group: small ones and one larger than a flow-control chunk. */
export const GROUPS: readonly (readonly Uint8Array[])[] = [
	[pattern(256), pattern(20_000, 7), utf8("end of group 0")],
	[utf8("x")],
	[pattern(1200, 1), pattern(3, 250)],
];
