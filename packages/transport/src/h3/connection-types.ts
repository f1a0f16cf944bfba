/**
 * The inputs and outputs of {@link H3Connection}: its options and the actions it returns for
 * the driver to carry out or hand to the application. See `connection.ts` for the contract.
 *
 * @module
 */

import type { ConnectRequest } from "./connect.js";
import type { Settings } from "./settings.js";

/** Options of an H3Connection. */
export interface H3ConnectionOptions {
	/** Which end of the QUIC connection we are. */
	readonly role: "client" | "server";
	/** The largest field section accepted (SETTINGS_MAX_FIELD_SECTION_SIZE). Default 16 KiB. */
	readonly maxFieldSectionSize?: number;
	/** The largest non-DATA frame payload accepted. Default 64 KiB. */
	readonly maxFrameSize?: number;
	/** The largest capsule (DATAGRAM capsules) accepted on a CONNECT stream. Default 64 KiB. */
	readonly maxCapsuleSize?: number;
	/**
	 * Server: sessions allowed at once (requested, pending or established); excess CONNECTs are
	 * reset with H3_REQUEST_REJECTED. Default 1, as without WebTransport flow control (which this
	 * layer does not implement) the drafts allow one session per connection.
	 */
	readonly maxSessions?: number;
	/** WebTransport streams held while their session is not yet established. Default 16. */
	readonly maxBufferedStreams?: number;
	/** Bytes held for such streams and for capsules that precede a server's answer. Default 1 MiB. */
	readonly maxBufferedBytes?: number;
	/** Datagrams held while their session is not yet established. Default 16. */
	readonly maxBufferedDatagrams?: number;
}

/** What a client asks for when opening a session. */
export interface ConnectOptions {
	readonly authority: string;
	/** Path and query, starting with "/". */
	readonly path: string;
	readonly origin?: string;
	/** Application protocols to offer (WT-Available-Protocols), most preferred first. */
	readonly protocols?: readonly string[];
}

/**
 * An action for the driver. Stream IDs are QUIC stream IDs; error codes are HTTP/3 error codes
 * (already mapped from WebTransport application codes where that applies).
 */
export type H3Action =
	/** Write bytes on a stream, opening it if it is new; `fin` ends our side after them. */
	| { readonly type: "write"; readonly streamId: bigint; readonly data: Uint8Array; readonly fin: boolean }
	/**
	 * Abandon our sending side. `reliableSize` (WebTransport streams we opened) is the length of
	 * the stream header, to deliver reliably with RESET_STREAM_AT where the QUIC stack supports it
	 * (draft-ietf-webtrans-http3 §"Resetting Data Streams"); else send RESET_STREAM.
	 */
	| { readonly type: "reset-stream"; readonly streamId: bigint; readonly code: number; readonly reliableSize: number }
	/** Ask the peer to stop sending on a stream (STOP_SENDING); discard what still arrives. */
	| { readonly type: "stop-sending"; readonly streamId: bigint; readonly code: number }
	/** Close the QUIC connection with an HTTP/3 error code. Nothing further happens on it. */
	| { readonly type: "close-connection"; readonly code: number; readonly reason: string }
	/** Send a QUIC DATAGRAM frame with this payload. */
	| { readonly type: "send-datagram"; readonly data: Uint8Array }
	/** The peer's SETTINGS arrived. */
	| { readonly type: "settings"; readonly settings: Settings }
	/** The peer sent GOAWAY: no new sessions on this connection (client: `id` is a stream ID). */
	| { readonly type: "goaway"; readonly id: bigint }
	/** Server: a client asks for a session; answer with acceptSession or rejectSession. */
	| { readonly type: "session-request"; readonly sessionId: bigint; readonly request: ConnectRequest }
	/** Client: the server accepted the session, choosing `protocol` if it named one. */
	| { readonly type: "session-ready"; readonly sessionId: bigint; readonly protocol: string | undefined }
	/** Client: the session was not established (`status` when the server answered). */
	| {
			readonly type: "session-refused";
			readonly sessionId: bigint;
			readonly status: number | undefined;
			readonly reason: string;
	  }
	/**
	 * A session (requested or established) ended. `code` and `reason` come from the
	 * WT_CLOSE_SESSION capsule (0 and "" without one); `clean` is false when it ended by a reset,
	 * a protocol error or the connection closing; `remote` is false when we ended it.
	 */
	| {
			readonly type: "session-closed";
			readonly sessionId: bigint;
			readonly code: number;
			readonly reason: string;
			readonly remote: boolean;
			readonly clean: boolean;
	  }
	/** The peer asked to wind the session down (WT_DRAIN_SESSION). */
	| { readonly type: "session-draining"; readonly sessionId: bigint }
	/** The peer opened a WebTransport stream on an established session. */
	| { readonly type: "incoming-stream"; readonly sessionId: bigint; readonly streamId: bigint; readonly bidi: boolean }
	/** Bytes (after the stream header) on a WebTransport stream; `fin` when the peer finished it. */
	| { readonly type: "stream-data"; readonly streamId: bigint; readonly data: Uint8Array; readonly fin: boolean }
	/** The peer reset a WebTransport stream; `code` is its application code, if it sent one. */
	| { readonly type: "stream-reset"; readonly streamId: bigint; readonly code: number | undefined }
	/** The peer asked us to stop sending on a WebTransport stream; `code` as for stream-reset. */
	| { readonly type: "stream-stop-sending"; readonly streamId: bigint; readonly code: number | undefined }
	/** A datagram for an established session. */
	| { readonly type: "datagram"; readonly sessionId: bigint; readonly payload: Uint8Array };
