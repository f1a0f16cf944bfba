/**
 * Starting a relay from its configuration (`@moqt/relay`'s RelayConfig): the certificate (files,
 * or a self-signed development certificate made now), authorization keys, metrics, the relay and
 * its listeners (raw QUIC and HTTP/3 WebTransport on one UDP port, HTTP/2 WebTransport on TCP),
 * and the upstream links. Stopping sends GOAWAY, drains and closes everything.
 *
 * @module
 */

import { readFile } from "node:fs/promises";
import {
	Authorizer,
	type Logger,
	listenRelay,
	type MetricsServer,
	Relay,
	type RelayConfig,
	type RelayListener,
	RelayMetrics,
	startMetricsServer,
} from "@moqt/relay";
import { generateCertificate } from "@moqt/transport/cert";

/** A relay started from a configuration. */
export interface RunningRelay {
	readonly relay: Relay;
	readonly listener: RelayListener;
	/** The metrics server, when one is configured. */
	readonly metrics: MetricsServer | undefined;
	/** SHA-256 (hex) of a certificate generated at start-up (WebTransport `serverCertificateHashes`). */
	readonly generatedCertificateSha256: string | undefined;
	/** GOAWAY, then up to `drainTimeoutMs` for sessions to leave, then everything closes. */
	stop(drainTimeoutMs: number): Promise<void>;
}

async function credentials(config: RelayConfig) {
	const tls = config.tls;
	if (tls.kind === "files") {
		const [cert, key] = await Promise.all([readFile(tls.cert, "utf8"), readFile(tls.key, "utf8")]);
		return { cert, key, generated: undefined };
	}
	const generated = generateCertificate({ dnsNames: tls.hostnames });
	return { cert: generated.cert, key: generated.key, generated: generated.sha256Hex };
}

function hexBytes(hex: string): Uint8Array {
	return Uint8Array.from(hex.match(/../g) ?? [], (byte) => Number.parseInt(byte, 16));
}

/** Starts a relay as `config` says; `log` gets its structured logs. */
export async function startRelay(config: RelayConfig, log: Logger): Promise<RunningRelay> {
	const { cert, key, generated } = await credentials(config);
	const auth = config.auth;
	const authorizer = auth.enabled
		? await Authorizer.create({
				keys: auth.keys,
				clockToleranceSeconds: auth.clockToleranceSeconds,
				requireExpiry: auth.requireExpiry,
				...(auth.issuer !== undefined && { issuer: auth.issuer }),
				...(auth.audience !== undefined && { audience: auth.audience }),
			})
		: undefined;
	const metrics = new RelayMetrics({ processMetrics: true });
	const limits = config.limits;
	const relay = new Relay({
		log,
		metrics,
		...(authorizer !== undefined && { authorizer }),
		cacheBytes: limits.cacheBytes,
		limits: {
			sessions: limits.sessions,
			requestsPerSession: limits.requestsPerSession,
			namespacesPerSession: limits.namespacesPerSession,
			namespacesTotal: limits.namespacesTotal,
			namespaceSubscriptionsPerSession: limits.namespaceSubscriptionsPerSession,
			queueBytes: limits.subscriberQueueBytes,
			queueObjects: limits.subscriberQueueObjects,
		},
	});
	let listener: RelayListener;
	let metricsServer: MetricsServer | undefined;
	try {
		listener = await listenRelay(relay, {
			quic: config.listen.quic,
			webtransportH2: config.listen.webtransportH2,
			cert,
			key,
		});
		if (config.metrics !== null) {
			metricsServer = await startMetricsServer(metrics.registry, config.metrics.host, config.metrics.port);
		}
	} catch (error) {
		await relay.close();
		throw error;
	}
	const certificateHashes = config.upstreamCertificateHashes.map(hexBytes);
	const token = config.upstreamToken;
	for (const url of config.upstreams) {
		relay.addUpstream(url, {
			...(certificateHashes.length > 0 && { certificateHashes }),
			...(token !== undefined && { token }),
		});
	}
	return {
		relay,
		listener,
		metrics: metricsServer,
		generatedCertificateSha256: generated,
		stop: async (drainTimeoutMs) => {
			await relay.drain({ timeoutMs: drainTimeoutMs });
			await listener.close();
			await metricsServer?.close();
		},
	};
}
