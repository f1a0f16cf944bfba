/**
 * The URLs `connect` takes (draft-ietf-moq-transport-19 §3.1.1 "MOQT URI Scheme", §3.1.3
 * "Dereferencing a MOQT URI"): `moqt://authority path-abempty [?query]` and `https://…`. The port
 * defaults to 443. On raw QUIC the authority, path and query travel in the setup (AUTHORITY and
 * PATH, §3.1.5 "Native QUIC"); over WebTransport a `moqt` URI becomes the `https` URI with the
 * same authority, path and query (§3.1.4).
 *
 * @module
 */

/** A URL `connect` can dereference. */
export interface MoqtUrl {
	/** The scheme given. */
	readonly scheme: "moqt" | "https";
	/** The host to connect to (an IPv6 literal without brackets). */
	readonly host: string;
	readonly port: number;
	/** host[:port] as written: the AUTHORITY setup option. */
	readonly authority: string;
	/** The path and query ("" or starting with "/"): the PATH setup option. */
	readonly path: string;
	/** The `https` form, for WebTransport. */
	readonly https: string;
}

/** Parses a `moqt://` or `https://` URL; throws a TypeError for anything else. */
export function parseMoqtUrl(input: string | URL): MoqtUrl {
	let url: URL;
	try {
		url = new URL(input);
	} catch {
		throw new TypeError(`invalid URL ${String(input)}`);
	}
	const scheme = url.protocol === "moqt:" ? "moqt" : url.protocol === "https:" ? "https" : undefined;
	if (scheme === undefined) throw new TypeError(`a MoQT URL is moqt:// or https://, not ${url.protocol}//`);
	if (url.hostname === "") throw new TypeError(`${url.href} has no host`);
	if (url.username !== "" || url.password !== "") throw new TypeError("a MoQT URL carries no user information");
	const port = url.port === "" ? 443 : Number(url.port);
	// `URL.host` drops a default port for https only; keep the authority as written for moqt.
	const authority = url.host;
	const path = `${url.pathname}${url.search}`;
	return {
		scheme,
		host: url.hostname.replace(/^\[(.*)\]$/, "$1"),
		port,
		authority,
		path,
		https: `https://${authority}${path.startsWith("/") ? path : `/${path}`}`,
	};
}
