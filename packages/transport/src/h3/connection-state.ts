/**
 * Internal state of {@link H3Connection}: what it knows about each QUIC stream and each
 * WebTransport session. Not exported from the package.
 *
 * @module
 */

import type { CapsuleDecoder } from "./capsules.js";
import type { ChunkBuffer } from "./chunk-buffer.js";
import type { ConnectRequest } from "./connect.js";
import type { ConnectOptions } from "./connection-types.js";
import type { FrameDecoder } from "./frames.js";
import type { QpackDecoderStreamReceiver, QpackEncoderStreamReceiver } from "./qpack-streams.js";

/** Where a session is in its life. */
export type Phase =
	/** Client: CONNECT not sent until the server's SETTINGS arrive. Server: request held likewise. */
	| "waiting-settings"
	/** Client: CONNECT sent, no final response yet. */
	| "requested"
	/** Server: the application has the request and has not answered. */
	| "pending"
	| "established"
	| "closed";

/** A WebTransport session: its CONNECT stream's ID, state and streams. */
export interface Session {
	readonly id: bigint;
	phase: Phase;
	/** Server: the request. */
	readonly request: ConnectRequest | undefined;
	/** Client: what was asked for. */
	readonly connect: ConnectOptions | undefined;
	readonly capsules: CapsuleDecoder;
	/** Server: capsule bytes that arrived before the answer (processed on accept). */
	readonly early: ChunkBuffer;
	/** WebTransport streams of the session, held ones included. */
	readonly streams: Set<bigint>;
	/** Set once a WT_CLOSE_SESSION arrived: any later byte is an error. */
	closedByCapsule: boolean;
}

/** Data of a WebTransport stream held until its session is established. */
export interface Held {
	readonly chunks: Uint8Array[];
	fin: boolean;
	bytes: number;
}

/** What a QUIC stream is, once known. */
export type Stream =
	/** A peer stream whose first bytes (type / signal) have not all arrived. */
	| { readonly kind: "uni-start" | "bidi-start"; readonly buf: ChunkBuffer }
	| { readonly kind: "control"; readonly frames: FrameDecoder }
	| { readonly kind: "qpack-encoder"; readonly rx: QpackEncoderStreamReceiver }
	| { readonly kind: "qpack-decoder"; readonly rx: QpackDecoderStreamReceiver }
	/** A request stream (server) or our CONNECT stream (client). */
	| { readonly kind: "request"; readonly frames: FrameDecoder; session: Session | undefined }
	| {
			readonly kind: "wt";
			readonly sessionId: bigint;
			readonly bidi: boolean;
			/** True for a stream we opened. */
			readonly local: boolean;
			/** The length of the stream header we wrote (0 for the peer's streams). */
			readonly headerLength: number;
			held: Held | undefined;
	  }
	/** Whatever still arrives is discarded. */
	| { readonly kind: "ignored" };

/** A request or CONNECT stream. */
export type RequestStream = Extract<Stream, { kind: "request" }>;
/** A WebTransport data stream. */
export type WtStream = Extract<Stream, { kind: "wt" }>;

/** How a session ended, for the session-closed / session-refused action. */
export interface SessionEnd {
	readonly code: number;
	readonly reason: string;
	readonly remote: boolean;
	readonly clean: boolean;
	/** Client: the final status, when a response refused the session. */
	readonly status?: number;
}

/** What happens to our side of the CONNECT stream when a session ends. */
export type ConnectStreamEnd = "fin" | "reset" | "none";
