/**
 * How a QUIC connection ended, read from quiche (RFC 9000 §10: idle timeout, immediate close
 * with CONNECTION_CLOSE, stateless reset), as {@link SessionClosed}, and the {@link
 * TransportError} a failed handshake means (TLS alerts as CRYPTO_ERROR codes, RFC 9001 §4.8).
 *
 * @module
 */

import { TransportError } from "../errors.js";
import type { SessionClosed } from "../types.js";
import { type NativeConnection, TlsAlert, TransportCode } from "./native.js";

const utf8 = new TextDecoder();

/** How the connection ended, once quiche says it is closing, draining or closed. */
export function closeInfo(quiche: NativeConnection, established: boolean): SessionClosed {
	const failure = established ? "transport-error" : "handshake-failed";
	const peer = quiche.peerError();
	if (peer) {
		const reason = utf8.decode(peer.reason);
		if (peer.isApp) return { code: peer.errorCode, reason, remote: true };
		return { code: peer.errorCode, reason, remote: true, transportError: failure };
	}
	const local = quiche.localError();
	if (local) {
		const reason = utf8.decode(local.reason);
		if (local.isApp) return { code: local.errorCode, reason, remote: false };
		return { code: local.errorCode, reason, remote: false, transportError: failure };
	}
	if (quiche.isTimedOut()) {
		return { code: 0, reason: "idle timeout", remote: true, transportError: established ? "idle-timeout" : failure };
	}
	// Closed with neither error nor timeout: quiche recognised a Stateless Reset (RFC 9000 §10.3).
	return { code: 0, reason: "stateless reset", remote: true, transportError: failure };
}

/** The error `connectQuic` rejects with when the handshake ended as `info` says. */
export function handshakeError(info: SessionClosed, timedOut: boolean): TransportError {
	const where = info.remote ? "the server" : "this client";
	const reason = info.reason ? `: ${info.reason}` : "";
	if (info.transportError === undefined) {
		return new TransportError("connect-failed", `the server closed the connection with code ${info.code}${reason}`);
	}
	const alert = info.code - TransportCode.CRYPTO_ERROR;
	if (alert === TlsAlert.NO_APPLICATION_PROTOCOL) {
		return new TransportError("alpn", `no application protocol (ALPN) in common, reported by ${where}`);
	}
	if (alert >= TlsAlert.BAD_CERTIFICATE && alert <= TlsAlert.UNKNOWN_CA) {
		return new TransportError("certificate", `certificate rejected by ${where} (TLS alert ${alert})${reason}`);
	}
	if (timedOut) {
		return new TransportError("connect-failed", "the handshake timed out (no answer from the server)");
	}
	return new TransportError("connect-failed", `the handshake failed with code ${info.code}${reason}`);
}
