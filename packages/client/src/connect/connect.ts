/**
 * `connect(url, options)`: a MoQT session to a server or relay, over the transport the URL and
 * the platform call for (draft-ietf-moq-transport-19 §3.1 "Session establishment"):
 *
 * - `moqt://host[:port]/path?query`: raw QUIC in Node.js, offering one ALPN per draft
 *   (`moqt-19`, `moqt-18`, `moqt-16`, and `moq-00` for draft-14), with PATH and AUTHORITY in the
 *   setup; in a browser, WebTransport to the same URL in `https` form (§3.1.4).
 * - `https://host[:port]/path`: WebTransport offering the same names as WT-Available-Protocols:
 *   the browser's `WebTransport`, in Node.js HTTP/3 on our QUIC driver (HTTP/2 with
 *   `transport: "webtransport-h2"`, or after an HTTP/3 failure with `fallback: true`).
 *
 * The Node.js adapters are loaded on demand through the package's `#platform` import, which a
 * browser build resolves to the browser module: they never reach a browser bundle.
 *
 * @module
 */

import type { Draft } from "@moqt/wire";
import { openTransport } from "#platform";
import type { AuthTokenLike } from "../options.js";
import type { ClientSession } from "../session/client-session.js";
import { deadline } from "./deadline.js";
import { DEFAULT_DRAFTS, type EstablishOptions, establish } from "./establish.js";
import type { TransportChoice } from "./plan.js";
import { protocolsFor } from "./protocols.js";
import { parseMoqtUrl } from "./url.js";

/** Options of {@link connect}. */
export interface ConnectOptions {
	/** The drafts offered, most preferred first. Default every supported one: 19, 18, 16, 14. */
	readonly drafts?: readonly Draft[];
	/** Which transport (see the module documentation); default "auto". */
	readonly transport?: TransportChoice;
	/** Node.js: when WebTransport over HTTP/3 fails, try HTTP/2. Default false. */
	readonly fallback?: boolean;
	/** Node.js, QUIC and HTTP/3: CA certificates to trust instead of the system's (PEM text or bytes, or file paths). */
	readonly ca?: string | Uint8Array | readonly (string | Uint8Array)[];
	/** SHA-256 hashes of the server's certificate to accept without a CA (bytes, or hex with or without colons). */
	readonly certificateHashes?: readonly (Uint8Array | string)[];
	/** Node.js, QUIC and HTTP/3: accept any certificate. Development only. */
	readonly insecure?: boolean;
	/** Sent in the setup as an AUTHORIZATION TOKEN. */
	readonly authToken?: AuthTokenLike;
	/** Aborts the connection attempt (not the session once it is up). */
	readonly signal?: AbortSignal;
	/** ms for the transport and the MoQT setup together; then the attempt fails with a "TimeoutError". */
	readonly timeout?: number;
	/** The application's handlers, in place from setup on (see `EstablishOptions.handlers`). */
	readonly handlers?: EstablishOptions["handlers"];
	/** Anything else `establishSession` of `@moqt/session` takes (limits, queue bounds...). */
	readonly session?: EstablishOptions["session"];
}

/**
 * Connects to a MoQT server and completes the setup. Rejects with a TypeError for a URL or
 * options that cannot work here, a TransportError when the transport cannot be opened, a
 * SessionError when setup fails, or the abort reason (a "TimeoutError" after `timeout`).
 */
export async function connect(url: string | URL, options: ConnectOptions = {}): Promise<ClientSession> {
	const target = parseMoqtUrl(url);
	const drafts = options.drafts ?? DEFAULT_DRAFTS;
	const protocols = protocolsFor(drafts);
	const limit = deadline(options.signal, options.timeout);
	try {
		const transport = await openTransport({
			url: target,
			transport: options.transport ?? "auto",
			fallback: options.fallback === true,
			protocols,
			ca: options.ca,
			certificateHashes: options.certificateHashes,
			insecure: options.insecure === true,
			signal: limit.signal,
		});
		try {
			return await establish(transport, {
				drafts,
				...(options.authToken !== undefined && { authToken: options.authToken }),
				...(limit.signal !== undefined && { signal: limit.signal }),
				...(options.handlers !== undefined && { handlers: options.handlers }),
				...(options.session !== undefined && { session: options.session }),
				// PATH and AUTHORITY only travel in the setup on raw QUIC (-19 §3.1.5).
				...(transport.kind === "quic" && { path: target.path, authority: target.authority }),
			});
		} catch (error) {
			transport.close();
			throw error;
		}
	} finally {
		limit.release();
	}
}
