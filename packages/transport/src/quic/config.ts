/**
 * Builds quiche configurations: TLS 1.3 credentials and peer verification (RFC 9001 §4), ALPN
 * (RFC 9001 §8.1), transport parameters (RFC 9000 §18.2) and datagrams (RFC 9221 §3).
 *
 * @module
 */

import { readFileSync } from "node:fs";
import { TransportError } from "../errors.js";
import { type NativeConfig, native } from "./native.js";
import type { ResolvedTransportOptions } from "./options.js";

/** PEM text, PEM bytes, or the path of a PEM file. */
export type PemSource = string | Uint8Array;

/** What the TLS context holds. */
export interface TlsSettings {
	/** Verify the peer's certificate chain against `ca` (and the host name given to connect). */
	readonly verifyPeer: boolean;
	/** Trusted CA certificates, PEM. */
	readonly ca?: Uint8Array;
	/** Our certificate chain and private key, PEM (servers). */
	readonly cert?: Uint8Array;
	readonly key?: Uint8Array;
}

/** Reads a {@link PemSource}: text containing "-----BEGIN" is PEM, other text a file path. */
export function loadPem(source: PemSource, what: string): Uint8Array {
	if (typeof source !== "string") return source;
	if (source.includes("-----BEGIN")) return Buffer.from(source);
	try {
		return readFileSync(source);
	} catch (cause) {
		throw new TransportError("certificate", `cannot read the ${what} file ${source}`, { cause });
	}
}

/** Joins several PEM sources into one PEM bundle. */
export function loadPemBundle(sources: PemSource | readonly PemSource[], what: string): Uint8Array {
	const list = Array.isArray(sources) ? sources : [sources as PemSource];
	return Buffer.concat(list.map((source) => Buffer.concat([loadPem(source, what), Buffer.from("\n")])));
}

/** A quiche configuration for one end; throws a TransportError "certificate" on bad PEM. */
export function createConfig(
	tls: TlsSettings,
	alpn: readonly string[],
	options: ResolvedTransportOptions,
): NativeConfig {
	let config: NativeConfig;
	try {
		config = native.Config.withBoringSslCtx(
			tls.verifyPeer,
			false,
			tls.ca ?? null,
			tls.key ? [tls.key] : null,
			tls.cert ? [tls.cert] : null,
			null,
		);
	} catch (cause) {
		throw new TransportError("certificate", `invalid TLS credentials: ${(cause as Error).message}`, { cause });
	}
	config.setApplicationProtos([...alpn]);
	config.setMaxIdleTimeout(options.idleTimeout);
	config.setMaxRecvUdpPayloadSize(options.maxUdpPayloadSize);
	config.setMaxSendUdpPayloadSize(options.maxUdpPayloadSize);
	config.setInitialMaxData(options.connectionWindow);
	config.setInitialMaxStreamDataBidiLocal(options.streamWindow);
	config.setInitialMaxStreamDataBidiRemote(options.streamWindow);
	config.setInitialMaxStreamDataUni(options.streamWindow);
	config.setInitialMaxStreamsBidi(options.maxIncomingBidiStreams);
	config.setInitialMaxStreamsUni(options.maxIncomingUniStreams);
	config.setMaxStreamWindow(Math.max(options.maxStreamWindow, options.streamWindow));
	config.setMaxConnectionWindow(Math.max(options.maxConnectionWindow, options.connectionWindow));
	config.enableDgram(options.datagrams, options.datagramQueueLength, options.datagramQueueLength);
	// Each connection has one path; its address is fixed when the socket connects or the first
	// packet arrives (RFC 9000 §9: disable_active_migration).
	config.setDisableActiveMigration(true);
	config.setCcAlgorithmName(options.congestionControl);
	return config;
}
