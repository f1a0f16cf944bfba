/**
 * The parts of `@fails-components/webtransport` 1.6.8 the @moq/net child uses, typed
 * structurally (the library declares its types only under the "node" export condition, which
 * this package's TypeScript settings do not resolve), and the shims that make its sessions
 * behave as the W3C WebTransport @moq/net is written for: writes are copied ({@link copyWrites}),
 * `protocol` is set and a second `close()` does nothing ({@link asW3c}). Without them @moq/net's
 * SETUP goes out corrupted and its close on drafts 17+ never reaches the peer.
 *
 * @module
 */

/**
 * Flow-control windows as `@moqt/transport/fails` sets them: with the library's default 16 KiB
 * session window, client-to-server data stalls after 16 KiB over HTTP/2.
 */
export const FLOW_CONTROL = {
	initialSessionFlowControlWindow: 15 * 1024 * 1024,
	sessionFlowControlWindowSizeLimit: 15 * 1024 * 1024,
} as const;

/** A request header block as the library hands it to the request callback. */
export type FailsHeader = Readonly<Record<string, string | readonly string[] | undefined>>;

/** The library's Http2Server. */
export interface FailsServer {
	readonly ready: Promise<void>;
	readonly closed: Promise<void>;
	startServer(): void;
	stopServer(): void;
	address(): { readonly port: number } | null;
	setRequestCallback(
		callback: (request: { readonly header: FailsHeader }) => Promise<{
			readonly status: number;
			readonly path: string;
			readonly selectedProtocol?: string;
		}>,
	): void;
	sessionStream(path: string): ReadableStream<WebTransport>;
	/** Internal hook: every new session passes through it before its first stream. */
	onHttpWTSessionVisitor(visit: { readonly session: { readonly jsobj?: unknown } }): void;
}

/** The library's module namespace. */
export interface FailsModule {
	readonly WebTransport: new (
		url: string,
		options: Record<string, unknown>,
	) => WebTransport & { readonly sessionint?: unknown };
	readonly Http2Server: new (options: Record<string, unknown>) => FailsServer;
}

// A variable specifier keeps TypeScript from resolving the library's (node-only) declarations.
const LIBRARY = "@fails-components/webtransport";

/** Imports the library; its complaints about the missing HTTP/3 addon are dropped. */
export async function loadFails(): Promise<FailsModule> {
	const { log, error } = console;
	const quiet =
		(print: (...args: unknown[]) => void) =>
		(...args: unknown[]) => {
			if (typeof args[0] === "string" && /http3|quiche/i.test(args[0])) return;
			print.apply(console, args);
		};
	console.log = quiet(log);
	console.error = quiet(error);
	try {
		const module = (await import(LIBRARY)) as FailsModule & { readonly quicheLoaded: Promise<unknown> };
		await module.quicheLoaded.catch(() => undefined);
		await new Promise((resolve) => setTimeout(resolve, 0));
		return module;
	} finally {
		console.log = log;
		console.error = error;
	}
}

/**
 * Makes a library session behave as @moq/net expects of a W3C WebTransport:
 *
 * - `protocol` is the negotiated WebTransport protocol: the library's client reports the
 *   WT-Protocol field verbatim, a Structured Field String with its quotes
 *   (draft-ietf-webtrans-http3 §3.3), and its server sessions report none at all;
 * - a second `close()` does nothing, as in the W3C API (close() on a closed transport returns at
 *   once). @moq/net calls close() twice on drafts 17+ (`NativeSession.close` and
 *   `Connection.close` each call it); the library writes a second CLOSE_WEBTRANSPORT_SESSION after
 *   ending the CONNECT stream, fails with ERR_STREAM_WRITE_AFTER_END, and the close never
 *   reaches the peer (observed with the library's own server too).
 */
export function asW3c(session: WebTransport, protocol: string | undefined): WebTransport {
	Object.defineProperty(session, "protocol", { value: protocol ?? "", configurable: true });
	const close = session.close.bind(session);
	let closed = false;
	Object.defineProperty(session, "close", {
		configurable: true,
		value: (info?: WebTransportCloseInfo) => {
			if (closed) return;
			closed = true;
			close(info);
		},
	});
	return session;
}

/** The value of a Structured Field String (RFC 8941 §3.3.3), or undefined if it is not one. */
export function parseSfString(field: string | undefined): string | undefined {
	const match = field === undefined ? null : /^"((?:[^"\\]|\\["\\])*)"$/.exec(field.trim());
	return match?.[1]?.replace(/\\(["\\])/g, "$1");
}

/** The protocols of a WT-Available-Protocols field (a Structured Field List of Strings). */
export function parseSfStringList(field: string | readonly string[] | undefined): string[] {
	if (field === undefined) return [];
	// The library splits the HTTP/2 field already, keeping each member's quotes.
	const members = typeof field === "string" ? field.split(",") : field;
	return members.map((member) => parseSfString(member) ?? member.trim());
}

/** A Structured Field String of `value`. */
export function sfString(value: string): string {
	return `"${value.replace(/[\\"]/g, "\\$&")}"`;
}

interface LibraryStream {
	readonly objint?: { writeChunk?(buffer: Uint8Array): void };
}

interface LibrarySession {
	addStreamObj?(stream: LibraryStream): unknown;
}

/**
 * Makes the library copy what is written to the streams of one session, as a W3C WebTransport
 * does (its send streams' write algorithm takes a copy of the chunk's bytes). The library keeps a
 * reference to the chunk until it is sent, yet resolves `write()` earlier; @moq/net reuses its
 * varint scratch buffer as soon as `write()` resolves, so without this its messages go out
 * corrupted (observed: SERVER_SETUP's type byte overwritten by the length that followed it).
 * `@moqt/transport` copies in its own adapter for the same reason. Patched per session instance
 * (`internals`: the library's session object), never on the library's prototypes.
 */
export function copyWrites(internals: unknown): void {
	const session = internals as LibrarySession | undefined;
	const add = session?.addStreamObj;
	if (session === undefined || typeof add !== "function") throw new Error("unexpected fails-components internals");
	session.addStreamObj = function (this: LibrarySession, stream: LibraryStream) {
		const native = stream.objint;
		const write = native?.writeChunk;
		if (native !== undefined && typeof write === "function") {
			native.writeChunk = (buffer: Uint8Array) => write.call(native, buffer.slice());
		}
		return add.call(this, stream);
	};
}
