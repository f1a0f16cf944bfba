/**
 * The demo: a relay on loopback with a freshly generated certificate, a clock publisher and a
 * subscriber that prints every object with its latency, all in this process.
 *
 * ```sh
 * npx --yes pnpm@10 demo                      # until Ctrl-C on a terminal, 5 s otherwise
 * npx --yes pnpm@10 demo --duration 10        # seconds; 0 runs until Ctrl-C / SIGTERM
 * npx --yes pnpm@10 demo --subscriber quic    # webtransport-h3 (default), webtransport-h2 or quic
 * npx --yes pnpm@10 demo --interval 100       # ms between clock objects
 * ```
 *
 * The publisher speaks draft-19 over raw QUIC; the subscriber draft-16 over WebTransport (HTTP/3
 * by default) or draft-14 over raw QUIC, so the relay translates between drafts on the way. The
 * exit code is 0 when the subscriber received objects, 1 otherwise.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { createLogger, listenRelay, Relay } from "@moqt/relay";
import { generateCertificate } from "@moqt/transport/cert";
import { ClockPublisher, type ClockReading, type SubscriberTransport, subscribeClock } from "./endpoints.js";

const TRANSPORTS: readonly SubscriberTransport[] = ["webtransport-h3", "webtransport-h2", "quic"];

function options(argv: readonly string[]) {
	const { values } = parseArgs({
		args: [...argv],
		options: {
			duration: { type: "string" },
			interval: { type: "string", default: "100" },
			subscriber: { type: "string", default: "webtransport-h3" },
			help: { type: "boolean" },
		},
		strict: true,
	});
	const subscriber = values.subscriber as SubscriberTransport;
	if (!TRANSPORTS.includes(subscriber)) throw new TypeError(`--subscriber must be one of ${TRANSPORTS.join(", ")}`);
	// On a terminal the demo runs until Ctrl-C; piped or in CI it stops by itself.
	const duration = Number(values.duration ?? (process.stdout.isTTY ? "0" : "5"));
	const interval = Number(values.interval);
	if (!(duration >= 0) || !(interval >= 1)) throw new TypeError("--duration must be >= 0 and --interval >= 1");
	return { duration, interval, subscriber, help: values.help === true };
}

async function main(argv: readonly string[]): Promise<number> {
	const o = options(argv);
	if (o.help) {
		process.stdout.write(
			"Usage: demo [--duration seconds] [--interval ms] [--subscriber webtransport-h3|webtransport-h2|quic]\n",
		);
		return 0;
	}
	const certificate = generateCertificate();
	const relay = new Relay({ log: createLogger({ level: "warn" }) });
	const listener = await listenRelay(relay, {
		quic: { host: "127.0.0.1", port: 0 },
		webtransportH2: { host: "127.0.0.1", port: 0 },
		cert: certificate.cert,
		key: certificate.key,
	});
	const address = { host: "127.0.0.1", port: listener.quic!.port, certificateSha256: certificate.sha256 };
	const out = (line: string) => process.stdout.write(`${line}\n`);
	out(
		`relay     127.0.0.1:${address.port} (raw QUIC + HTTP/3 on UDP, HTTP/2 on TCP), certificate sha256 ${certificate.sha256Hex}`,
	);
	const publisher = await ClockPublisher.start(address, o.interval);
	out(`publisher draft-${publisher.session.draft} over raw QUIC: moqt-demo/clock, an object every ${o.interval} ms`);

	const latencies: number[] = [];
	const onReading = (r: ClockReading) => {
		latencies.push(r.latencyMs);
		out(`object    group ${r.object.groupId} #${r.object.objectId}  ${r.text}  latency ${r.latencyMs.toFixed(2)} ms`);
	};
	const subscriber = await subscribeClock(address, o.subscriber, onReading);
	out(
		`subscriber draft-${subscriber.session.draft} over ${o.subscriber}${o.duration > 0 ? `, for ${o.duration} s` : ", until Ctrl-C"}`,
	);

	await new Promise<void>((resolve) => {
		const timer = o.duration > 0 ? setTimeout(resolve, o.duration * 1000) : undefined;
		const stop = () => {
			clearTimeout(timer);
			resolve();
		};
		process.once("SIGINT", stop);
		process.once("SIGTERM", stop);
	});

	await publisher.close();
	await subscriber.finished;
	await subscriber.session.close();
	await relay.close();
	await listener.close();
	const sorted = [...latencies].sort((a, b) => a - b);
	const mean = latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length);
	out(
		`done      ${latencies.length} objects, latency mean ${mean.toFixed(2)} ms, median ${(sorted[sorted.length >> 1] ?? 0).toFixed(2)} ms, max ${(sorted[sorted.length - 1] ?? 0).toFixed(2)} ms`,
	);
	return latencies.length > 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
	(code) => process.exit(code),
	(error: unknown) => {
		process.stderr.write(`demo: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
		process.exit(1);
	},
);
