/**
 * Just enough DER (ITU-T X.690) to write an X.509 certificate: tag-length-value with the
 * definite length form, object identifiers, integers, strings and times.
 *
 * @module
 */

/** Encodes one tag-length-value. */
export function tlv(tag: number, content: Uint8Array): Uint8Array {
	const len = content.length;
	let header: number[];
	if (len < 0x80) header = [tag, len];
	else if (len < 0x100) header = [tag, 0x81, len];
	else if (len < 0x10000) header = [tag, 0x82, len >> 8, len & 0xff];
	else header = [tag, 0x83, len >> 16, (len >> 8) & 0xff, len & 0xff];
	const out = new Uint8Array(header.length + len);
	out.set(header);
	out.set(content, header.length);
	return out;
}

/** Concatenates byte arrays. */
export function concat(...parts: Uint8Array[]): Uint8Array {
	const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let at = 0;
	for (const p of parts) {
		out.set(p, at);
		at += p.length;
	}
	return out;
}

/** SEQUENCE. */
export const seq = (...items: Uint8Array[]): Uint8Array => tlv(0x30, concat(...items));
/** SET. */
export const set = (...items: Uint8Array[]): Uint8Array => tlv(0x31, concat(...items));

/** An OBJECT IDENTIFIER from its dotted form. */
export function oid(dotted: string): Uint8Array {
	const arcs = dotted.split(".").map(Number);
	const bytes: number[] = [40 * arcs[0]! + arcs[1]!];
	for (const arc of arcs.slice(2)) {
		const chunk: number[] = [arc & 0x7f];
		for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80);
		bytes.push(...chunk);
	}
	return tlv(0x06, Uint8Array.from(bytes));
}

/** A non-negative INTEGER from big-endian magnitude bytes. */
export function uint(magnitude: Uint8Array): Uint8Array {
	let i = 0;
	while (i < magnitude.length - 1 && magnitude[i] === 0) i++;
	const m = magnitude.subarray(i);
	// A leading 1 bit would read as negative: prefix a zero byte.
	return tlv(0x02, (m[0] ?? 0) & 0x80 ? concat(Uint8Array.of(0), m) : m);
}

/** UTF8String. */
export const utf8 = (s: string): Uint8Array => tlv(0x0c, new TextEncoder().encode(s));

/** UTCTime (years 1950–2049) or GeneralizedTime, as RFC 5280 §4.1.2.5 requires. */
export function time(d: Date): Uint8Array {
	const pad = (n: number) => String(n).padStart(2, "0");
	const rest = `${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`;
	const y = d.getUTCFullYear();
	if (y >= 1950 && y < 2050) return tlv(0x17, new TextEncoder().encode(`${pad(y % 100)}${rest}`));
	return tlv(0x18, new TextEncoder().encode(`${y}${rest}`));
}

/** BIT STRING with no unused bits. */
export const bits = (content: Uint8Array): Uint8Array => tlv(0x03, concat(Uint8Array.of(0), content));
/** OCTET STRING. */
export const octets = (content: Uint8Array): Uint8Array => tlv(0x04, content);
/** Context-specific constructed tag [n] EXPLICIT. */
export const explicit = (n: number, content: Uint8Array): Uint8Array => tlv(0xa0 | n, content);
