/**
 * A {@link TransportSession} over any W3C WebTransport session (W3C WebTransport; the protocol
 * underneath is draft-ietf-webtrans-http3 or, as a fallback, draft-ietf-webtrans-http2): the
 * browser's `WebTransport`, or `@fails-components/webtransport`'s client and server sessions.
 *
 * Platform-neutral: no Node.js APIs.
 *
 * @module
 */

import { TransportError } from "../errors.js";
import { truncateReason } from "../memory/close-reason.js";
import type {
	BidiStream,
	CloseInfo,
	ReceiveStream,
	SendStream,
	SessionClosed,
	StreamOptions,
	TransportKind,
	TransportSession,
} from "../types.js";
import { iterate, WebTransportDatagrams } from "./datagrams.js";
import { type SessionState, WebTransportReceiveStream, WebTransportSendStream } from "./streams.js";
import type { WebTransportBidirectionalStreamLike, WebTransportCloseInfoLike, WebTransportLike } from "./types.js";

/** Options of {@link fromWebTransport}. */
export interface FromWebTransportOptions {
	/**
	 * The negotiated protocol, for sessions whose `protocol` attribute does not tell (the server
	 * side of fails-components, where the server picked it itself). Default: `wt.protocol`.
	 */
	readonly protocol?: string;
}

class WebTransportSession implements TransportSession, SessionState {
	readonly kind: TransportKind;
	readonly protocol: string | undefined;
	readonly datagrams: WebTransportDatagrams;
	readonly closed: Promise<SessionClosed>;
	readonly incomingBidi: AsyncIterable<BidiStream>;
	readonly incomingUni: AsyncIterable<ReceiveStream>;
	readonly #wt: WebTransportLike;
	#finished = false;
	// Kept because the closing side of some implementations (fails-components) loses its own reason.
	#localClose: CloseInfo | undefined;

	constructor(wt: WebTransportLike, kind: TransportKind, protocol: string | undefined) {
		this.#wt = wt;
		this.kind = kind;
		this.protocol = protocol;
		this.datagrams = new WebTransportDatagrams(wt.datagrams, this);
		this.incomingBidi = iterate(wt.incomingBidirectionalStreams, (stream) => this.#bidi(stream, 0));
		this.incomingUni = iterate(
			wt.incomingUnidirectionalStreams,
			(stream) => new WebTransportReceiveStream(stream, this),
		);
		this.closed = wt.closed.then(
			(info) => this.#ended(info),
			() => this.#ended(undefined),
		);
	}

	get ended(): boolean {
		return this.#finished || this.#localClose !== undefined;
	}

	async openBidi(options?: StreamOptions): Promise<BidiStream> {
		const sendOrder = options?.sendOrder ?? 0;
		const stream = await this.#open(() => this.#wt.createBidirectionalStream({ sendOrder, waitUntilAvailable: true }));
		return this.#bidi(stream, sendOrder);
	}

	async openUni(options?: StreamOptions): Promise<SendStream> {
		const sendOrder = options?.sendOrder ?? 0;
		const writable = await this.#open(() =>
			this.#wt.createUnidirectionalStream({ sendOrder, waitUntilAvailable: true }),
		);
		return new WebTransportSendStream(writable, this, sendOrder);
	}

	close(info?: Partial<CloseInfo>): void {
		if (this.ended) return;
		this.#localClose = { code: info?.code ?? 0, reason: truncateReason(info?.reason ?? "") };
		this.#wt.close({ closeCode: this.#localClose.code, reason: this.#localClose.reason });
	}

	#bidi(stream: WebTransportBidirectionalStreamLike, sendOrder: number): BidiStream {
		return {
			id: undefined,
			readable: new WebTransportReceiveStream(stream.readable, this),
			writable: new WebTransportSendStream(stream.writable, this, sendOrder),
		};
	}

	async #open<T>(create: () => Promise<T>): Promise<T> {
		if (this.ended) throw new TransportError("closed", "the session is closed");
		try {
			return await create();
		} catch (cause) {
			if (this.ended) throw new TransportError("closed", "the session is closed", { cause });
			throw new TransportError("protocol", `opening a stream failed: ${String(cause)}`, { cause });
		}
	}

	#ended(info: WebTransportCloseInfoLike | undefined): SessionClosed {
		this.#finished = true;
		if (this.#localClose) return { ...this.#localClose, remote: false };
		// `closed` rejects when the connection failed rather than being closed.
		if (!info) return { code: 0, reason: "", remote: true, transportError: "transport-error" };
		return { code: info.closeCode ?? 0, reason: info.reason ?? "", remote: true };
	}
}

/**
 * Wraps a session that is ready (or will be before it is used), with the kind and protocol
 * given. For adapters that know both better than the session object does.
 */
export function wrapWebTransport(
	wt: WebTransportLike,
	kind: TransportKind,
	protocol: string | undefined,
): TransportSession {
	return new WebTransportSession(wt, kind, protocol);
}

/** Guesses the HTTP version from `reliability`: only HTTP/3 supports unreliable datagrams. */
function kindOf(wt: WebTransportLike): TransportKind {
	if (wt.reliability === "supports-unreliable") return "webtransport-h3";
	if (wt.reliability === "reliable-only") return "webtransport-h2";
	return "webtransport";
}

/**
 * Wraps a W3C WebTransport session, once it is ready, as a {@link TransportSession}. `kind`
 * defaults to what `wt.reliability` tells ("webtransport-h3" / "webtransport-h2"), else
 * "webtransport". Rejects with a TransportError "connect-failed" when the session fails to open.
 *
 * Stream error codes go out through W3C `WebTransportError.streamErrorCode`, which browsers limit
 * to 0–255; fails-components clamps larger codes to 255. For fails-components' server-side
 * sessions pass `kind` and `options.protocol`: they report "supports-unreliable" even over
 * HTTP/2 and no protocol (`@moqt/transport/fails` does this, and works around its stream bugs).
 */
export async function fromWebTransport(
	wt: WebTransportLike,
	kind?: TransportKind,
	options: FromWebTransportOptions = {},
): Promise<TransportSession> {
	// `closed` rejects too when the session fails to open; `ready` reports it.
	wt.closed.catch(() => {});
	try {
		await wt.ready;
	} catch (cause) {
		throw new TransportError("connect-failed", `WebTransport session failed: ${String(cause)}`, { cause });
	}
	// W3C WebTransport reports "no protocol negotiated" as the empty string.
	const protocol = options.protocol ?? (wt.protocol || undefined);
	return wrapWebTransport(wt, kind ?? kindOf(wt), protocol);
}
