/**
 * The registry of MoQT drafts this codec speaks, and what changes between them.
 *
 * Version numbers are `0xff000000 + draft` (draft-ietf-moq-transport-14 §9.3.1 "Versions").
 * Up to draft-14 the version is negotiated in CLIENT_SETUP / SERVER_SETUP over the `moq-00`
 * ALPN; from draft-15 the ALPN (`moqt-NN`) or the WebTransport protocol (`WT-Available-Protocols`)
 * selects it and SETUP carries no version (draft-19 §3.1 "Session establishment").
 *
 * @module
 */

import { WireError } from "./errors.js";

/** The drafts this codec implements, oldest first. */
export const DRAFTS = [14, 16, 18, 19] as const;

/** A draft number this codec implements. Every codec call takes one. */
export type Draft = (typeof DRAFTS)[number];

/** What distinguishes one draft from another, for the codec and for the session layer. */
export interface DraftInfo {
	/** The draft number. */
	readonly draft: Draft;
	/** The version number, `0xff000000 + draft`. */
	readonly version: number;
	/** The ALPN token on raw QUIC, and the WebTransport protocol name from draft-15. */
	readonly alpn: string;
	/** How the version is negotiated: in CLIENT_SETUP (≤ 14) or by ALPN / WT-Protocol (≥ 15). */
	readonly negotiation: "setup" | "alpn";
	/** Integer encoding: QUIC varints (RFC 9000 §16) up to -16, the MoQT vi64 from -17. */
	readonly varint: "quic" | "moqt";
	/** Setup messages: CLIENT_SETUP + SERVER_SETUP (≤ 16) or one SETUP from each peer (≥ 17). */
	readonly setup: "client-server" | "setup";
	/** One client-opened bidi control stream (≤ 16) or one uni control stream per peer (≥ 17). */
	readonly controlStream: "bidi" | "uni-pair";
	/** Requests each on their own bidi stream, cancelled by stream reset (≥ 17). */
	readonly requestStreams: boolean;
	/** MAX_REQUEST_ID and REQUESTS_BLOCKED exist (≤ 16). */
	readonly maxRequestId: boolean;
	/** Key-value pair types are delta-encoded (≥ 16). */
	readonly deltaKeyValuePairs: boolean;
	/** Message parameters are typed values without a length (≥ 17) instead of key-value pairs. */
	readonly typedParameters: boolean;
	/** Errors are one REQUEST_ERROR message (≥ 15) instead of one *_ERROR message per request. */
	readonly requestError: boolean;
}

function info(draft: Draft): DraftInfo {
	const ietf15 = draft >= 15;
	const ietf17 = draft >= 17;
	return {
		draft,
		version: 0xff000000 + draft,
		alpn: ietf15 ? `moqt-${draft}` : "moq-00",
		negotiation: ietf15 ? "alpn" : "setup",
		varint: ietf17 ? "moqt" : "quic",
		setup: ietf17 ? "setup" : "client-server",
		controlStream: ietf17 ? "uni-pair" : "bidi",
		requestStreams: ietf17,
		maxRequestId: !ietf17,
		deltaKeyValuePairs: draft >= 16,
		typedParameters: ietf17,
		requestError: ietf15,
	};
}

const REGISTRY: ReadonlyMap<number, DraftInfo> = new Map(DRAFTS.map((d) => [d, info(d)]));

/** The properties of a draft. Throws a {@link WireError} for a draft this codec does not speak. */
export function draftInfo(draft: number): DraftInfo {
	const found = REGISTRY.get(draft);
	if (found === undefined) throw new WireError("unsupported-version", `draft-${draft} is not supported`);
	return found;
}

/** True when `draft` is one this codec implements. */
export function isSupportedDraft(draft: number): draft is Draft {
	return REGISTRY.has(draft);
}

/** The draft of a version number (`0xff00000e` → 14), or undefined when not supported. */
export function draftOfVersion(version: number): Draft | undefined {
	const draft = version - 0xff000000;
	return isSupportedDraft(draft) ? draft : undefined;
}

/** The version number of a draft (14 → `0xff00000e`). */
export function versionOfDraft(draft: Draft): number {
	return 0xff000000 + draft;
}

/**
 * The drafts an ALPN token or WebTransport protocol names: `moqt-NN` names one draft, `moq-00`
 * every draft that negotiates in SETUP.
 */
export function draftsOfAlpn(alpn: string): Draft[] {
	if (alpn === "moq-00") return DRAFTS.filter((d) => draftInfo(d).negotiation === "setup");
	const match = /^moqt-(\d+)$/.exec(alpn);
	if (match === null) return [];
	const draft = Number(match[1]);
	return isSupportedDraft(draft) && draftInfo(draft).negotiation === "alpn" ? [draft] : [];
}
