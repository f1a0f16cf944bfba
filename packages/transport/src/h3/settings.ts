/**
 * HTTP/3 SETTINGS (RFC 9114 §7.2.4, §7.2.4.1) with the extension settings WebTransport uses,
 * and the SETTINGS each side sends.
 *
 * Identifiers: RFC 9114 §7.2.4.1 and §11.2.2; RFC 9204 §5 (QPACK); RFC 9220 §5 (extended
 * CONNECT); RFC 9297 §2.1.1 (H3_DATAGRAM); WebTransport over HTTP/3 by generation:
 * draft-02 ENABLE_WEBTRANSPORT 0x2b603742 (what Chromium sends), draft-07..12
 * WEBTRANSPORT_MAX_SESSIONS 0xc671706a, draft-13/14 WT_MAX_SESSIONS 0x14e9cd29, and
 * draft-15+ WT_ENABLED 0x2c7cf000 with the flow control settings 0x2b61/0x2b64/0x2b65
 * (draft-ietf-webtrans-http3 §"HTTP/3 SETTINGS Parameter Registration").
 *
 * Settings are bigint → bigint maps: identifiers and values are 62-bit, and GREASE identifiers
 * (0x1f * N + 0x21) are usually beyond 2^53.
 *
 * @module
 */

import { H3Error } from "./errors.js";
import { DEFAULT_MAX_FIELD_SECTION_SIZE } from "./qpack.js";
import { ByteReader, ByteWriter, SHORT } from "./varint.js";

/** Setting identifiers. */
export const SettingId = {
	QPACK_MAX_TABLE_CAPACITY: 0x01n,
	MAX_FIELD_SECTION_SIZE: 0x06n,
	QPACK_BLOCKED_STREAMS: 0x07n,
	ENABLE_CONNECT_PROTOCOL: 0x08n,
	H3_DATAGRAM: 0x33n,
	/** draft-ietf-webtrans-http3-02 SETTINGS_ENABLE_WEBTRANSPORT. */
	ENABLE_WEBTRANSPORT_DRAFT02: 0x2b603742n,
	/** draft-ietf-webtrans-http3-07..12 SETTINGS_WEBTRANSPORT_MAX_SESSIONS. */
	WEBTRANSPORT_MAX_SESSIONS_DRAFT07: 0xc671706an,
	/** draft-ietf-webtrans-http3-13/14 SETTINGS_WT_MAX_SESSIONS. */
	WT_MAX_SESSIONS_DRAFT13: 0x14e9cd29n,
	/** draft-ietf-webtrans-http3-15+ SETTINGS_WT_ENABLED. */
	WT_ENABLED: 0x2c7cf000n,
	WT_INITIAL_MAX_DATA: 0x2b61n,
	WT_INITIAL_MAX_STREAMS_UNI: 0x2b64n,
	WT_INITIAL_MAX_STREAMS_BIDI: 0x2b65n,
} as const;

/** A SETTINGS frame's content, identifier → value. */
export type Settings = ReadonlyMap<bigint, bigint>;

/**
 * Identifiers HTTP/2 defined without an HTTP/3 counterpart (RFC 9114 §7.2.4.1, §11.2.2): their
 * receipt is H3_SETTINGS_ERROR.
 */
const HTTP2_RESERVED: ReadonlySet<bigint> = new Set([0x00n, 0x02n, 0x03n, 0x04n, 0x05n]);

/** Settings whose only valid values are 0 and 1 (RFC 9220 §3, RFC 9297 §2.1.1). */
const BOOLEAN_SETTINGS: ReadonlySet<bigint> = new Set([SettingId.ENABLE_CONNECT_PROTOCOL, SettingId.H3_DATAGRAM]);

/** Encodes a SETTINGS frame payload (without the frame header). */
export function encodeSettingsPayload(settings: Settings): Uint8Array {
	const w = new ByteWriter(64);
	for (const [id, value] of settings) w.varint(id).varint(value);
	return w.finish().slice();
}

/**
 * Decodes a SETTINGS frame payload. Throws an {@link H3Error}: H3_SETTINGS_ERROR for a
 * duplicate identifier, an HTTP/2-only identifier or a boolean setting above 1; H3_FRAME_ERROR
 * when the payload ends inside a pair.
 */
export function decodeSettingsPayload(payload: Uint8Array): Settings {
	const r = new ByteReader(payload);
	const out = new Map<bigint, bigint>();
	try {
		while (r.remaining > 0) {
			const id = r.varintBig();
			const value = r.varintBig();
			if (out.has(id)) throw new H3Error("H3_SETTINGS_ERROR", `duplicate setting 0x${id.toString(16)}`);
			if (HTTP2_RESERVED.has(id)) throw new H3Error("H3_SETTINGS_ERROR", `HTTP/2 setting 0x${id.toString(16)}`);
			if (BOOLEAN_SETTINGS.has(id) && value > 1n) {
				throw new H3Error("H3_SETTINGS_ERROR", `setting 0x${id.toString(16)} must be 0 or 1, got ${value}`);
			}
			out.set(id, value);
		}
	} catch (e) {
		if (e === SHORT) throw new H3Error("H3_FRAME_ERROR", "SETTINGS frame ends inside a setting");
		throw e;
	}
	return out;
}

/** The settings a server sends (QPACK without a dynamic table, WebTransport of every generation). */
export function serverSettings(maxFieldSectionSize = DEFAULT_MAX_FIELD_SECTION_SIZE): Settings {
	return new Map([
		[SettingId.QPACK_MAX_TABLE_CAPACITY, 0n],
		[SettingId.QPACK_BLOCKED_STREAMS, 0n],
		[SettingId.MAX_FIELD_SECTION_SIZE, BigInt(maxFieldSectionSize)],
		[SettingId.ENABLE_CONNECT_PROTOCOL, 1n],
		[SettingId.H3_DATAGRAM, 1n],
		[SettingId.ENABLE_WEBTRANSPORT_DRAFT02, 1n],
		// One session per connection: without WebTransport flow control (which we do not
		// implement) the drafts allow no more.
		[SettingId.WEBTRANSPORT_MAX_SESSIONS_DRAFT07, 1n],
		[SettingId.WT_MAX_SESSIONS_DRAFT13, 1n],
		[SettingId.WT_ENABLED, 1n],
	]);
}

/**
 * The settings a client sends: H3 datagrams, plus every WebTransport generation's codepoint so a
 * server of any draft recognises it (draft-ietf-webtrans-http3 §"Negotiating the Draft Version").
 */
export function clientSettings(maxFieldSectionSize = DEFAULT_MAX_FIELD_SECTION_SIZE): Settings {
	return new Map([
		[SettingId.QPACK_MAX_TABLE_CAPACITY, 0n],
		[SettingId.QPACK_BLOCKED_STREAMS, 0n],
		[SettingId.MAX_FIELD_SECTION_SIZE, BigInt(maxFieldSectionSize)],
		[SettingId.H3_DATAGRAM, 1n],
		[SettingId.ENABLE_WEBTRANSPORT_DRAFT02, 1n],
		[SettingId.WEBTRANSPORT_MAX_SESSIONS_DRAFT07, 1n],
		[SettingId.WT_MAX_SESSIONS_DRAFT13, 1n],
		[SettingId.WT_ENABLED, 1n],
	]);
}

/**
 * Which WebTransport generation a server's SETTINGS offer, from newest to oldest:
 * "h3" (draft-15+, upgrade token `webtransport-h3`), "draft07" (draft-07..14, token
 * `webtransport`), "draft02" (token `webtransport` plus the `sec-webtransport-http3-draft02`
 * header), or undefined when WebTransport is not offered. Throws H3_SETTINGS_ERROR when
 * WT_ENABLED is above 1 (draft-ietf-webtrans-http3 §"Establishing a WebTransport-Capable
 * HTTP/3 Connection").
 */
export function webTransportGeneration(settings: Settings): "h3" | "draft07" | "draft02" | undefined {
	const enabled = settings.get(SettingId.WT_ENABLED) ?? 0n;
	if (enabled > 1n) throw new H3Error("H3_SETTINGS_ERROR", `SETTINGS_WT_ENABLED must be 0 or 1, got ${enabled}`);
	if (enabled === 1n) return "h3";
	const maxSessions =
		(settings.get(SettingId.WT_MAX_SESSIONS_DRAFT13) ?? 0n) +
		(settings.get(SettingId.WEBTRANSPORT_MAX_SESSIONS_DRAFT07) ?? 0n);
	if (maxSessions > 0n) return "draft07";
	if (settings.get(SettingId.ENABLE_WEBTRANSPORT_DRAFT02) === 1n) return "draft02";
	return undefined;
}

/**
 * Why a peer's SETTINGS do not support WebTransport, or undefined when they do. A server needs
 * H3_DATAGRAM from the client; a client needs H3_DATAGRAM, ENABLE_CONNECT_PROTOCOL and a
 * WebTransport codepoint from the server (draft-ietf-webtrans-http3 §"Establishing a
 * WebTransport-Capable HTTP/3 Connection"; the QUIC transport parameters are the driver's to check).
 */
export function webTransportRequirementsUnmet(peer: Settings, peerRole: "client" | "server"): string | undefined {
	if (peer.get(SettingId.H3_DATAGRAM) !== 1n) return "peer did not enable SETTINGS_H3_DATAGRAM";
	if (peerRole === "client") return undefined;
	if (peer.get(SettingId.ENABLE_CONNECT_PROTOCOL) !== 1n) return "server did not enable extended CONNECT";
	if (webTransportGeneration(peer) === undefined) return "server did not enable WebTransport";
	return undefined;
}
