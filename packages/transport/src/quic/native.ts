/**
 * quiche's N-API bindings, as shipped by `@matrixai/quic` (only its native module is used, not
 * its high-level classes), and the classification of the errors they throw.
 *
 * quiche implements QUIC (RFC 9000), its TLS mapping (RFC 9001) and datagrams (RFC 9221). The
 * bindings return `null` where quiche says `Done` ("nothing to do") and otherwise throw an
 * `Error` whose message is the Rust `Debug` form of `quiche::Error`: "StreamReset(5)",
 * "StreamStopped(7)", "InvalidStreamState(4)", "StreamLimit", "FinalSize", "BufferTooShort"…
 *
 * @module
 */

import type { Config, Connection, Host, Quiche } from "@matrixai/quic/native/index.js";
import { quiche } from "@matrixai/quic/native/index.js";

export type { Config as NativeConfig, Connection as NativeConnection, Host as HostPort };

/** The binding. */
export const native: Quiche = quiche;

/** quiche's `Shutdown` direction (stream_shutdown). */
export const Shutdown = { read: 0, write: 1 } as const;

/** An error thrown by the binding, parsed from its message. */
export interface QuicheError {
	/** The `quiche::Error` variant, e.g. "StreamReset"; "Unknown" when the message has another form. */
	readonly name: string;
	/** The variant's number (an application error code or a stream ID), where it has one. */
	readonly value: number | undefined;
}

const ERROR_FORM = /^([A-Za-z]+)(?:\((\d+)\))?$/;

/** Parses an error thrown by the binding. */
export function quicheError(error: unknown): QuicheError {
	const match = error instanceof Error ? ERROR_FORM.exec(error.message) : null;
	if (match === null) return { name: "Unknown", value: undefined };
	const value = match[2];
	return { name: match[1] ?? "Unknown", value: value === undefined ? undefined : Number(value) };
}

/** QUIC transport error codes this adapter sends or interprets (RFC 9000 §20.1). */
export const TransportCode = {
	NO_ERROR: 0x0,
	INTERNAL_ERROR: 0x1,
	CONNECTION_REFUSED: 0x2,
	/** TLS alerts map to 0x100 + alert (RFC 9001 §4.8). */
	CRYPTO_ERROR: 0x100,
} as const;

/** TLS alerts (RFC 8446 §6) as they appear in CRYPTO_ERROR codes. */
export const TlsAlert = {
	BAD_CERTIFICATE: 42,
	UNSUPPORTED_CERTIFICATE: 43,
	CERTIFICATE_REVOKED: 44,
	CERTIFICATE_EXPIRED: 45,
	CERTIFICATE_UNKNOWN: 46,
	UNKNOWN_CA: 48,
	NO_APPLICATION_PROTOCOL: 120,
} as const;
