/**
 * The connection flags every networked command takes, and the `connect` call they configure.
 * The client offers every draft it speaks unless `--draft` narrows it; a self-signed server is
 * trusted with `--cert-hash` (the relay prints the hash) or, for development, `--insecure`.
 *
 * @module
 */

import type { ConnectOptions, Draft, TransportChoice } from "@moqt/client";
import { flag, integer, type OptionTable, type OptionValues, stringList, stringOption, UsageError } from "./args.js";

/** The options table entries of the connection flags. */
export const CONNECTION_OPTIONS: OptionTable = {
	draft: { type: "string" },
	"cert-hash": { type: "string", multiple: true },
	insecure: { type: "boolean" },
	transport: { type: "string" },
	"auth-token": { type: "string" },
	timeout: { type: "string" },
};

/** Help lines for the connection flags. */
export const CONNECTION_HELP = `Connection:
  --draft N            offer only draft N (14, 16, 18 or 19); default all, newest first
  --cert-hash HEX      trust a certificate by its SHA-256 (repeatable; the relay prints it)
  --insecure           accept any certificate (development only; raw QUIC and HTTP/3)
  --transport NAME     auto (default: moqt:// is raw QUIC, https:// WebTransport over HTTP/3),
                       quic, webtransport-h3 or webtransport-h2
  --auth-token TOKEN   an authorization token sent in the setup
  --timeout S          seconds allowed to connect (default 10)`;

const DRAFTS: readonly Draft[] = [14, 16, 18, 19];
const TRANSPORTS: readonly TransportChoice[] = ["auto", "quic", "webtransport-h3", "webtransport-h2"];

/** Turns the connection flags into `connect`'s options. */
export function connectOptions(values: OptionValues): ConnectOptions {
	const draftText = stringOption(values, "draft");
	let drafts: Draft[] | undefined;
	if (draftText !== undefined) {
		const draft = integer(draftText, "--draft");
		if (!DRAFTS.includes(draft as Draft)) throw new UsageError(`--draft: ${draft} is not one of ${DRAFTS.join(", ")}`);
		drafts = [draft as Draft];
	}
	const hashes = stringList(values, "cert-hash").map((hash) => {
		const hex = hash.replaceAll(":", "");
		if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new UsageError(`--cert-hash: expected 64 hex digits, got "${hash}"`);
		return hex;
	});
	const transport = stringOption(values, "transport");
	if (transport !== undefined && !TRANSPORTS.includes(transport as TransportChoice)) {
		throw new UsageError(`--transport: "${transport}" is not one of ${TRANSPORTS.join(", ")}`);
	}
	const timeoutText = stringOption(values, "timeout");
	const timeout = timeoutText === undefined ? 10_000 : integer(timeoutText, "--timeout", 1) * 1000;
	const token = stringOption(values, "auth-token");
	return {
		timeout,
		...(drafts !== undefined && { drafts }),
		...(hashes.length > 0 && { certificateHashes: hashes }),
		...(flag(values, "insecure") && { insecure: true }),
		...(transport !== undefined && { transport: transport as TransportChoice }),
		...(token !== undefined && { authToken: token }),
	};
}

/** Checks a server URL's scheme, so a typo is a usage error rather than a connection failure. */
export function checkUrl(url: string): string {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		throw new UsageError(`"${url}" is not a URL (moqt://host:port/path or https://host:port/path)`);
	}
	if (parsed.protocol !== "moqt:" && parsed.protocol !== "https:") {
		throw new UsageError(`"${url}": the scheme must be moqt:// (raw QUIC) or https:// (WebTransport)`);
	}
	return url;
}
