/**
 * The setup messages, the first message on each control stream.
 *
 * - CLIENT_SETUP (0x20) and SERVER_SETUP (0x21), draft-ietf-moq-transport-14 §9.3 "CLIENT_SETUP
 *   and SERVER_SETUP": Number of Supported Versions, Supported Versions (client) or Selected
 *   Version (server), then Number of Parameters and Setup Parameters. Versions are 32-bit numbers
 *   sent as varints (§9.3.1 "Versions").
 * - draft-16 §9.3: the same two messages without versions (ALPN negotiates them from -15).
 * - SETUP (0x2F00), draft-18 and -19 §10.3 "SETUP": sent by both peers; the Setup Options fill
 *   the body, with no count.
 *
 * Options are described in setup-options.ts.
 *
 * @module
 */

import { WireError } from "../errors.js";
import type { MessageCodec, Mutable } from "../message-codec.js";
import type { Reader } from "../reader.js";
import { readSetupOptions, type SetupOptions, writeSetupOptions } from "../setup-options.js";
import { versionOfDraft } from "../version.js";
import type { Writer } from "../writer.js";

/** CLIENT_SETUP (draft-14 and -16). */
export interface ClientSetup extends SetupOptions {
	readonly type: "CLIENT_SETUP";
	/**
	 * draft-14 only: the versions the client offers, most preferred first. Encoded as
	 * `[0xff00000e]` (draft-14 itself) when absent; the draft-14 decoder always sets it.
	 */
	readonly supportedVersions?: readonly number[];
}

/** SERVER_SETUP (draft-14 and -16). */
export interface ServerSetup extends SetupOptions {
	readonly type: "SERVER_SETUP";
	/** draft-14 only: the version the server chose. Encoded as `0xff00000e` when absent. */
	readonly selectedVersion?: number;
}

/** SETUP (draft-17 and later), sent by both endpoints. */
export interface Setup extends SetupOptions {
	readonly type: "SETUP";
}

const MAX_VERSION = 0xffffffff;

function readVersion(r: Reader): number {
	const at = r.pos;
	const v = r.varint();
	if (v > MAX_VERSION) {
		throw new WireError("invalid-value", `version 0x${v.toString(16)} exceeds 32 bits`, { offset: at });
	}
	return v;
}

function writeVersion(w: Writer, v: number): void {
	if (!(Number.isInteger(v) && v >= 0 && v <= MAX_VERSION)) {
		throw new WireError("invalid-value", `version ${v} is not a 32-bit unsigned integer`);
	}
	w.varint(v);
}

/** The CLIENT_SETUP codec. */
export const clientSetup: MessageCodec<ClientSetup> = {
	type: "CLIENT_SETUP",
	codes: { 14: 0x20, 16: 0x20 },
	encode(w, m, c) {
		if (c.draft === 14) {
			const versions = m.supportedVersions ?? [versionOfDraft(14)];
			w.varint(versions.length);
			for (const v of versions) writeVersion(w, v);
		} else if (m.supportedVersions !== undefined) {
			throw new WireError("unsupported", `draft-${c.draft} CLIENT_SETUP carries no versions`);
		}
		writeSetupOptions(w, c, m, true);
	},
	decode(r, c) {
		const m: Mutable<ClientSetup> = { type: "CLIENT_SETUP" };
		if (c.draft === 14) {
			const at = r.pos;
			const count = r.varint();
			// Each version takes at least one byte: a larger count cannot fit the message.
			if (count > r.remaining) {
				throw new WireError("malformed", `${count} versions do not fit CLIENT_SETUP`, { offset: at });
			}
			const versions: number[] = [];
			for (let i = 0; i < count; i++) versions.push(readVersion(r));
			m.supportedVersions = versions;
		}
		readSetupOptions(r, c, r.varint(), m);
		return m;
	},
};

/** The SERVER_SETUP codec. */
export const serverSetup: MessageCodec<ServerSetup> = {
	type: "SERVER_SETUP",
	codes: { 14: 0x21, 16: 0x21 },
	encode(w, m, c) {
		if (c.draft === 14) writeVersion(w, m.selectedVersion ?? versionOfDraft(14));
		else if (m.selectedVersion !== undefined) {
			throw new WireError("unsupported", `draft-${c.draft} SERVER_SETUP carries no version`);
		}
		writeSetupOptions(w, c, m, true);
	},
	decode(r, c) {
		const m: Mutable<ServerSetup> = { type: "SERVER_SETUP" };
		if (c.draft === 14) m.selectedVersion = readVersion(r);
		readSetupOptions(r, c, r.varint(), m);
		return m;
	},
};

/** The SETUP codec. */
export const setup: MessageCodec<Setup> = {
	type: "SETUP",
	codes: { 18: 0x2f00, 19: 0x2f00 },
	encode(w, m, c) {
		writeSetupOptions(w, c, m, false);
	},
	decode(r, c) {
		const m: Mutable<Setup> = { type: "SETUP" };
		readSetupOptions(r, c, undefined, m);
		return m;
	},
};
