/**
 * The parts of `@fails-components/webtransport` 1.6.8 this adapter uses, typed structurally so
 * that the optional dependency's own types are never needed, plus loading it lazily.
 *
 * Loading is quiet: on import, the library tries its optional HTTP/3 addon
 * (`@fails-components/webtransport-transport-http3-quiche`) from two modules and prints the
 * failure with console.log / console.error when it is missing. Exactly those messages are
 * dropped while the library loads; anything else printed meanwhile goes through.
 *
 * @module
 */

import { TransportError } from "../errors.js";
import type { WebTransportLike } from "../webtransport/types.js";

/** A request header block as the library hands it over (HTTP/2 pseudo-headers included). */
export type FailsHeader = Readonly<Record<string, string | readonly string[] | undefined>>;

/** What a request callback answers. */
export interface FailsRequestResult {
	readonly status: number;
	readonly path: string;
	readonly selectedProtocol?: string;
	readonly userData?: object;
}

/** A server-side session: a W3C-shaped session with the server's extras. */
export interface FailsServerSession extends WebTransportLike {
	readonly userData?: unknown;
}

/** The library's HttpServer / Http2Server. */
export interface FailsServer {
	readonly ready: Promise<void>;
	readonly closed: Promise<void>;
	startServer(): void;
	stopServer(): void;
	address(): { readonly port: number; readonly host: string } | null;
	setRequestCallback(callback: (request: { readonly header: FailsHeader }) => Promise<FailsRequestResult>): void;
	sessionStream(path: string, options?: { readonly noAutoPaths?: boolean }): ReadableStream<FailsServerSession>;
	/** Internal hook, wrapped to learn a request's transport and peer address. */
	onSessionRequest(request: {
		readonly header: FailsHeader;
		readonly protocol?: string;
		readonly peerAddress?: string;
	}): void;
	/** Internal hook, wrapped to patch every new session before its first stream. */
	onHttpWTSessionVisitor(visit: { readonly session: { readonly jsobj?: unknown } }): void;
}

/** The library's module namespace. */
export interface FailsModule {
	readonly WebTransport: new (
		url: string,
		options: Record<string, unknown>,
	) => WebTransportLike & { readonly sessionint?: unknown };
	readonly Http2Server: new (options: Record<string, unknown>) => FailsServer;
	readonly HttpServer: new (options: Record<string, unknown>) => FailsServer;
	readonly quicheLoaded: Promise<unknown>;
}

/** The loaded library, and whether its HTTP/3 addon is available. */
export interface FailsLibrary {
	readonly module: FailsModule;
	readonly http3: boolean;
}

const LOADER_NOISE = new Set([
	"http3 loader:",
	"Problem loading http3-quiche transport",
	"Did you install @fails-components/webtransport-transport-http3-quiche?",
]);

// Specifiers in variables: TypeScript must not need the optional packages' types (the library
// declares its types only under the "node" condition), and bundlers must leave them external.
const LIBRARY = "@fails-components/webtransport";
const QUICHE = "@fails-components/webtransport-transport-http3-quiche";

let loading: Promise<FailsLibrary> | undefined;

/**
 * Imports `@fails-components/webtransport` once. Rejects with a TransportError "unavailable"
 * when it is not installed.
 */
export function loadFails(): Promise<FailsLibrary> {
	loading ??= load().catch((error: unknown) => {
		loading = undefined;
		throw error;
	});
	return loading;
}

async function load(): Promise<FailsLibrary> {
	const restore = silenceLoaderNoise();
	try {
		let module: FailsModule;
		try {
			module = (await import(LIBRARY)) as FailsModule;
		} catch (cause) {
			throw new TransportError(
				"unavailable",
				"@fails-components/webtransport is not installed (npm install @fails-components/webtransport)",
				{ cause },
			);
		}
		// Resolves once the client module's addon attempt (and its logging) is over; the server
		// module's attempt started earlier and is shorter, and one more macrotask covers it.
		await module.quicheLoaded;
		await new Promise((resolve) => setTimeout(resolve, 0));
		const http3 = await import(QUICHE).then(
			() => true,
			() => false,
		);
		return { module, http3 };
	} finally {
		restore();
	}
}

function silenceLoaderNoise(): () => void {
	const { log, error } = console;
	const quiet =
		(print: (...args: unknown[]) => void) =>
		(...args: unknown[]) => {
			if (typeof args[0] === "string" && LOADER_NOISE.has(args[0])) return;
			print.apply(console, args);
		};
	const quietLog = quiet(log);
	const quietError = quiet(error);
	console.log = quietLog;
	console.error = quietError;
	return () => {
		// Leave alone whatever someone else installed in the meantime.
		if (console.log === quietLog) console.log = log;
		if (console.error === quietError) console.error = error;
	};
}
