/**
 * Syntax of the PATH and AUTHORITY setup options, which "follow the URI formatting rules" of
 * RFC 3986 (draft-ietf-moq-transport-14 §9.3.2, -16 §9.3.1, -18/-19 §10.3.1 "AUTHORITY" and
 * "PATH"): PATH is `path-abempty [ "?" query ]` (RFC 3986 §3.3, §3.4), AUTHORITY is
 * `[ userinfo "@" ] host [ ":" port ]` (§3.2) with a non-empty host, as the `moqt` URI scheme
 * requires. A value that does not parse closes the session with MALFORMED_PATH or
 * MALFORMED_AUTHORITY.
 *
 * @module
 */

// RFC 3986 §2: unreserved, pct-encoded and sub-delims, as regular-expression pieces.
const UNRESERVED = "A-Za-z0-9\\-._~";
const SUB_DELIMS = "!$&'()*+,;=";
const PCT = "%[0-9A-Fa-f]{2}";
const PCHAR = `(?:[${UNRESERVED}${SUB_DELIMS}:@]|${PCT})`;

const PATH = new RegExp(`^(?:/${PCHAR}*)*(?:\\?(?:${PCHAR}|[/?])*)?$`);

const USERINFO = `(?:[${UNRESERVED}${SUB_DELIMS}:]|${PCT})*`;
const REG_NAME = `(?:[${UNRESERVED}${SUB_DELIMS}]|${PCT})+`;
// IP-literal: an IPv6 address or IPvFuture in brackets. The IPv6 grammar is loose here (hex
// groups, colons, an embedded IPv4); the transport resolves the address, this only checks syntax.
const IP_LITERAL = `\\[(?:[0-9A-Fa-f:.]+|v[0-9A-Fa-f]+\\.[${UNRESERVED}${SUB_DELIMS}:]+)\\]`;
const AUTHORITY = new RegExp(`^(?:${USERINFO}@)?(?:${IP_LITERAL}|${REG_NAME})(?::[0-9]*)?$`);

/** True when `path` is a valid PATH option: empty, or `/`-led segments, with an optional `?query`. */
export function isValidPath(path: string): boolean {
	return PATH.test(path);
}

/** True when `authority` is a valid AUTHORITY option with a non-empty host. */
export function isValidAuthority(authority: string): boolean {
	return AUTHORITY.test(authority);
}
