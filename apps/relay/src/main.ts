/**
 * `moqt-relay`: a MoQT relay (draft-ietf-moq-transport 14, 16, 18 and 19) on raw QUIC and
 * WebTransport over HTTP/3 (one UDP port) and WebTransport over HTTP/2 (the TCP port of the same
 * number).
 *
 * ```sh
 * moqt-relay --listen 127.0.0.1:4443 [--cert cert.pem --key key.pem] [--upstream moqt://up:4443/]
 *            [--auth-key-file key.json] [--config relay.json] [--metrics 127.0.0.1:9090]
 * ```
 *
 * Without `--cert`/`--key` a self-signed development certificate is made at start-up and its
 * SHA-256 printed (clients trust it with `serverCertificateHashes`). Logs are JSON lines on
 * stderr. SIGTERM or SIGINT sends GOAWAY to every session, waits up to the drain timeout for
 * them to leave, then exits; a second signal exits at once.
 *
 * @module
 */

import { ConfigError, createLogger, loadConfig, relayUsage } from "@moqt/relay";
import { startRelay } from "./start.js";

async function main(argv: readonly string[]): Promise<number> {
	let loaded: Awaited<ReturnType<typeof loadConfig>>;
	try {
		loaded = await loadConfig({ argv });
	} catch (error) {
		if (!(error instanceof ConfigError)) throw error;
		process.stderr.write(`${error.message}\n\n${relayUsage()}`);
		return 2;
	}
	if (loaded.help) {
		process.stdout.write(relayUsage());
		return 0;
	}
	const { config } = loaded;
	const log = createLogger({ level: config.logLevel, fields: { service: "moqt-relay" } });
	const running = await startRelay(config, log);
	const { quic, webtransportH2 } = running.listener;
	log.info("relay listening", {
		quic: quic && `${quic.host}:${quic.port}`,
		webtransportH2: webtransportH2 && `${webtransportH2.host}:${webtransportH2.port}`,
		metrics: running.metrics?.url,
		upstreams: config.upstreams,
		certificateSha256: running.generatedCertificateSha256,
	});
	const where = [
		quic && `udp ${quic.host}:${quic.port} (raw QUIC, HTTP/3)`,
		webtransportH2 && `tcp ${webtransportH2.host}:${webtransportH2.port} (HTTP/2)`,
	];
	process.stdout.write(`moqt-relay listening on ${where.filter(Boolean).join(" and ")}\n`);
	if (running.generatedCertificateSha256 !== undefined) {
		process.stdout.write(`self-signed certificate sha256 ${running.generatedCertificateSha256}\n`);
	}
	return new Promise((resolve) => {
		let stopping = false;
		const stop = (signal: NodeJS.Signals) => {
			if (stopping) {
				log.warn("second signal: exiting now", { signal });
				resolve(1);
				return;
			}
			stopping = true;
			log.info("stopping", { signal, drainTimeoutMs: config.drainTimeoutMs });
			running.stop(config.drainTimeoutMs).then(
				() => resolve(0),
				(error: unknown) => {
					log.error("stopping failed", { error });
					resolve(1);
				},
			);
		};
		process.on("SIGTERM", stop);
		process.on("SIGINT", stop);
	});
}

main(process.argv.slice(2)).then(
	(code) => process.exit(code),
	(error: unknown) => {
		process.stderr.write(`moqt-relay: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
		process.exit(1);
	},
);
