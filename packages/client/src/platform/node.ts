/**
 * The transports of Node.js, each loaded on first use (`import()`), so that a process loads
 * quiche or @fails-components only for the transport it opens:
 *
 * - "quic": raw QUIC (`@moqt/transport/quic`), the default for `moqt://`;
 * - "webtransport-h3": WebTransport over HTTP/3 on the same QUIC driver (`@moqt/transport/h3`),
 *   the default for `https://`; with `fallback`, a failure tries HTTP/2;
 * - "webtransport-h2": WebTransport over HTTP/2 (`@moqt/transport/fails`), which checks a
 *   certificate by its hash or against the system CAs only;
 * - "webtransport": a global `WebTransport`, if the process has one (a polyfill).
 *
 * The `#platform` import resolves here under the "node" condition.
 *
 * @module
 */

import { connectWebTransport } from "@moqt/transport";
import type { TransportSession } from "@moqt/transport/interface";
import { abortable } from "../connect/abortable.js";
import { hashBytes } from "../connect/hashes.js";
import type { TransportPlan } from "../connect/plan.js";

/** @internal Opens the transport session the plan names. */
export async function openTransport(plan: TransportPlan): Promise<TransportSession> {
	const kind = plan.transport === "auto" ? (plan.url.scheme === "moqt" ? "quic" : "webtransport-h3") : plan.transport;
	switch (kind) {
		case "quic":
			return openQuic(plan);
		case "webtransport-h3":
			try {
				return await openH3(plan);
			} catch (error) {
				if (!plan.fallback || plan.signal?.aborted) throw error;
				return openH2(plan);
			}
		case "webtransport-h2":
			return openH2(plan);
		case "webtransport":
			return abortable(
				connectWebTransport(plan.url.https, {
					protocols: plan.protocols,
					...(plan.certificateHashes !== undefined && {
						serverCertificateHashes: plan.certificateHashes.map(hashBytes),
					}),
				}),
				plan.signal,
			);
	}
}

// Options QUIC and HTTP/3 share: how the server's certificate is checked, and the abort.
function tlsOptions(plan: TransportPlan) {
	return {
		...(plan.ca !== undefined && { ca: plan.ca }),
		...(plan.certificateHashes !== undefined && { certificateHashes: plan.certificateHashes.map(hashBytes) }),
		...(plan.insecure && { insecure: true }),
		...(plan.signal !== undefined && { signal: plan.signal }),
	};
}

async function openQuic(plan: TransportPlan): Promise<TransportSession> {
	const { connectQuic } = await import("@moqt/transport/quic");
	return connectQuic({ host: plan.url.host, port: plan.url.port }, { alpn: plan.protocols, ...tlsOptions(plan) });
}

async function openH3(plan: TransportPlan): Promise<TransportSession> {
	const { connectH3 } = await import("@moqt/transport/h3");
	return connectH3(plan.url.https, { protocols: plan.protocols, ...tlsOptions(plan) });
}

async function openH2(plan: TransportPlan): Promise<TransportSession> {
	if (plan.ca !== undefined || plan.insecure) {
		throw new TypeError(
			"WebTransport over HTTP/2 checks certificates by hash or system CA only: use certificateHashes",
		);
	}
	const { connectWebTransportNode } = await import("@moqt/transport/fails");
	const hashes = plan.certificateHashes?.map(hashBytes);
	return abortable(
		connectWebTransportNode(plan.url.https, {
			protocols: plan.protocols,
			http3: "never",
			...(hashes !== undefined && { serverCertificateHashes: hashes }),
		}),
		plan.signal,
	);
}
