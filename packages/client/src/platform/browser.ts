/**
 * The transports of a browser (and of any runtime with a global `WebTransport` and no Node.js
 * adapters): WebTransport only (W3C WebTransport), with certificate hashes for development
 * servers. The `#platform` import resolves here under the "browser" condition and by default, so
 * a browser bundle never contains the Node.js adapters.
 *
 * @module
 */

import { connectWebTransport } from "@moqt/transport";
import type { TransportSession } from "@moqt/transport/interface";
import { abortable } from "../connect/abortable.js";
import { hashBytes } from "../connect/hashes.js";
import type { TransportPlan } from "../connect/plan.js";

/** @internal Opens a WebTransport session; other transports do not exist here. */
export function openTransport(plan: TransportPlan): Promise<TransportSession> {
	if (plan.transport !== "auto" && plan.transport !== "webtransport") {
		return Promise.reject(new TypeError(`transport "${plan.transport}" needs Node.js; a browser has WebTransport`));
	}
	if (plan.ca !== undefined || plan.insecure) {
		return Promise.reject(
			new TypeError("a browser checks certificates itself: use certificateHashes or a trusted one"),
		);
	}
	const hashes = plan.certificateHashes?.map(hashBytes);
	return abortable(
		connectWebTransport(plan.url.https, {
			protocols: plan.protocols,
			...(hashes !== undefined && { serverCertificateHashes: hashes }),
		}),
		plan.signal,
	);
}
