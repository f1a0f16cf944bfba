/**
 * The extended CONNECT that opens a WebTransport session (RFC 9220; draft-ietf-webtrans-http3
 * §"Creating a New Session" and §"Application Protocol Negotiation"), for both generations
 * seen in practice:
 *
 * - draft-02 (Chromium today): `:protocol webtransport` plus `sec-webtransport-http3-draft02: 1`
 *   in the request, answered with `sec-webtransport-http3-draft: draft02`.
 * - draft-07..14: `:protocol webtransport`; draft-15+: `:protocol webtransport-h3`. Both may
 *   offer application protocols in `WT-Available-Protocols` (a Structured Field List of Strings)
 *   and get one back in `WT-Protocol` (an Item).
 *
 * Server side: {@link validateConnectRequest} turns a request's fields into a
 * {@link ConnectRequest} or the status to refuse it with; {@link buildConnectResponse} answers.
 * Client side: {@link buildConnectRequest} and {@link parseConnectResponse}.
 *
 * @module
 */

import { H3Error } from "./errors.js";
import { combinedValue, splitFields } from "./http-fields.js";
import type { HeaderField } from "./qpack.js";
import { parseSfString, parseSfStringList, serializeSfString, serializeSfStringList } from "./structured-fields.js";

/** The upgrade tokens of WebTransport over HTTP/3: draft-15+ and earlier drafts. */
export const WEBTRANSPORT_PROTOCOLS = ["webtransport-h3", "webtransport"] as const;

/** A WebTransport upgrade token. */
export type WebTransportProtocol = (typeof WEBTRANSPORT_PROTOCOLS)[number];

/** A valid WebTransport CONNECT request, as the server sees it. */
export interface ConnectRequest {
	/** The `:authority` (host[:port]). */
	readonly authority: string;
	/** The `:path` (path and query). */
	readonly path: string;
	/** The `origin` field, present when a browser sent the request. */
	readonly origin: string | undefined;
	/**
	 * The application protocols offered in WT-Available-Protocols, most preferred first; empty
	 * when absent or ignored as malformed.
	 */
	readonly protocols: readonly string[];
	/** True when the client spoke draft-02 (`sec-webtransport-http3-draft02: 1`). */
	readonly draft02: boolean;
	/** The upgrade token the client used. */
	readonly upgrade: WebTransportProtocol;
}

/** The result of {@link validateConnectRequest}. */
export type ConnectValidation =
	| { readonly ok: true; readonly request: ConnectRequest }
	/** Refuse with this HTTP status: 400 malformed, 405 not a WebTransport CONNECT. */
	| { readonly ok: false; readonly status: number; readonly reason: string };

/** Validates the fields of a request received on a request stream. */
export function validateConnectRequest(fields: readonly HeaderField[]): ConnectValidation {
	let split: ReturnType<typeof splitFields>;
	try {
		split = splitFields(fields, "request");
	} catch (e) {
		if (H3Error.isInstance(e)) return { ok: false, status: 400, reason: e.message };
		throw e;
	}
	const { pseudo, regular } = split;
	const method = pseudo.get(":method");
	if (method === undefined) return { ok: false, status: 400, reason: "missing :method" };
	if (method !== "CONNECT") return { ok: false, status: 405, reason: `method ${method} is not supported` };
	const upgrade = pseudo.get(":protocol");
	if (upgrade === undefined) return { ok: false, status: 405, reason: "CONNECT without :protocol is not supported" };
	if (!(WEBTRANSPORT_PROTOCOLS as readonly string[]).includes(upgrade)) {
		return { ok: false, status: 400, reason: `unsupported :protocol ${upgrade}` };
	}
	const scheme = pseudo.get(":scheme");
	const authority = pseudo.get(":authority");
	const path = pseudo.get(":path");
	if (scheme !== "https") return { ok: false, status: 400, reason: ":scheme must be https" };
	if (!authority) return { ok: false, status: 400, reason: "missing :authority" };
	if (!path?.startsWith("/")) return { ok: false, status: 400, reason: ":path must start with /" };
	const origins = regular.filter((f) => f.name === "origin");
	if (origins.length > 1) return { ok: false, status: 400, reason: "more than one origin field" };
	const available = combinedValue(regular, "wt-available-protocols");
	return {
		ok: true,
		request: {
			authority,
			path,
			origin: origins[0]?.value,
			protocols: available === undefined ? [] : (parseSfStringList(available) ?? []),
			draft02: combinedValue(regular, "sec-webtransport-http3-draft02") === "1",
			upgrade: upgrade as WebTransportProtocol,
		},
	};
}

/** What a server answers a CONNECT with. */
export interface ConnectResponseOptions {
	/** The HTTP status: 2xx accepts the session, anything else refuses it. */
	readonly status: number;
	/** The application protocol chosen from the request's protocols (2xx only). */
	readonly protocol?: string;
	/** Answer a draft-02 client (`sec-webtransport-http3-draft: draft02`, 2xx only). */
	readonly draft02?: boolean;
}

/** Builds the response fields to a CONNECT. */
export function buildConnectResponse(options: ConnectResponseOptions): HeaderField[] {
	const { status } = options;
	if (!Number.isInteger(status) || status < 200 || status > 599) throw new RangeError(`bad final status ${status}`);
	const fields: HeaderField[] = [{ name: ":status", value: String(status) }];
	if (status >= 300) return fields;
	if (options.draft02) fields.push({ name: "sec-webtransport-http3-draft", value: "draft02" });
	if (options.protocol !== undefined) fields.push({ name: "wt-protocol", value: serializeSfString(options.protocol) });
	return fields;
}

/** What a client sends to open a session. */
export interface ConnectRequestOptions {
	readonly authority: string;
	/** Path and query, starting with "/". */
	readonly path: string;
	readonly origin?: string;
	/** Application protocols to offer, most preferred first. */
	readonly protocols?: readonly string[];
	/**
	 * The server's WebTransport generation (from its SETTINGS): "h3" uses `webtransport-h3`,
	 * the others `webtransport` with the draft-02 marker header (which newer servers ignore).
	 */
	readonly generation: "h3" | "draft07" | "draft02";
}

/** Builds the fields of a WebTransport CONNECT request. */
export function buildConnectRequest(options: ConnectRequestOptions): HeaderField[] {
	if (!options.path.startsWith("/")) throw new RangeError("the path must start with /");
	const h3 = options.generation === "h3";
	const fields: HeaderField[] = [
		{ name: ":method", value: "CONNECT" },
		{ name: ":scheme", value: "https" },
		{ name: ":authority", value: options.authority },
		{ name: ":path", value: options.path },
		{ name: ":protocol", value: h3 ? "webtransport-h3" : "webtransport" },
	];
	if (options.origin !== undefined) fields.push({ name: "origin", value: options.origin });
	if (options.protocols !== undefined && options.protocols.length > 0) {
		fields.push({ name: "wt-available-protocols", value: serializeSfStringList(options.protocols) });
	}
	if (!h3) fields.push({ name: "sec-webtransport-http3-draft02", value: "1" });
	return fields;
}

/** A response to a CONNECT, as the client sees it. */
export interface ConnectResponse {
	readonly status: number;
	/** The WT-Protocol the server chose; undefined when absent or ignored as malformed. */
	readonly protocol: string | undefined;
}

/** Parses the fields of a response. Throws H3_MESSAGE_ERROR (stream) when malformed. */
export function parseConnectResponse(fields: readonly HeaderField[]): ConnectResponse {
	const { pseudo, regular } = splitFields(fields, "response");
	const status = pseudo.get(":status");
	if (status === undefined || !/^[1-5][0-9][0-9]$/.test(status)) {
		throw new H3Error("H3_MESSAGE_ERROR", `missing or invalid :status ${status}`, "stream");
	}
	const chosen = combinedValue(regular, "wt-protocol");
	return { status: Number(status), protocol: chosen === undefined ? undefined : parseSfString(chosen) };
}
