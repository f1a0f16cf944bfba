/**
 * The limits of the HTTP/3 layer that the client and the server both take (RFC 9114 §4.2.2
 * field section size, §7.2 frame sizes; RFC 9297 §3.2 capsules; draft-ietf-webtrans-http3
 * §"Buffering Incoming Streams and Datagrams").
 *
 * @module
 */

import type { H3ConnectionOptions } from "./connection-types.js";

/** Limits of the HTTP/3 layer; see {@link H3ConnectionOptions} for each one and its default. */
export type H3Limits = Pick<
	H3ConnectionOptions,
	| "maxFieldSectionSize"
	| "maxFrameSize"
	| "maxCapsuleSize"
	| "maxBufferedStreams"
	| "maxBufferedBytes"
	| "maxBufferedDatagrams"
>;
