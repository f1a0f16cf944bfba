import { request } from "node:http";
import { register as globalRegistry } from "prom-client";
import { afterEach, describe, expect, it } from "vitest";
import { bytes, ManualClock, ns } from "../../test/helpers.js";
import { ObjectCache } from "../cache/object-cache.js";
import { type MetricsServer, startMetricsServer } from "./metrics-server.js";
import { RelayMetrics } from "./relay-metrics.js";

/** One HTTP request to the server; resolves with status, headers and body. */
function call(url: string, method = "GET"): Promise<{ status: number; type: string; allow: string; body: string }> {
	return new Promise((resolve, reject) => {
		const req = request(url, { method }, (res) => {
			let body = "";
			res.setEncoding("utf8");
			res.on("data", (chunk: string) => {
				body += chunk;
			});
			res.on("end", () =>
				resolve({
					status: res.statusCode ?? 0,
					type: String(res.headers["content-type"] ?? ""),
					allow: String(res.headers.allow ?? ""),
					body,
				}),
			);
		});
		req.on("error", reject);
		req.end();
	});
}

/** The value of one sample line, e.g. `moqt_relay_sessions{draft="19",transport="quic"}`. */
function sample(text: string, series: string): number | undefined {
	const line = text.split("\n").find((l) => l.startsWith(`${series} `));
	return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

let server: MetricsServer | undefined;
afterEach(async () => {
	await server?.close();
	server = undefined;
});

describe("RelayMetrics over HTTP", () => {
	it("serves what the relay recorded at /metrics", async () => {
		const metrics = new RelayMetrics();
		metrics.sessionOpened(19, "quic");
		metrics.sessionOpened(19, "quic");
		metrics.sessionOpened(14, "webtransport-h2");
		metrics.sessionClosed(19, "quic");
		metrics.requestStarted("subscribe");
		metrics.objects("in", 3, 3000);
		metrics.objects("out", 6, 6000);
		metrics.dropped("TOO_FAR_BEHIND", 2, 2048);
		metrics.error("request", "UNAUTHORIZED");
		metrics.error("request", "UNAUTHORIZED");
		server = await startMetricsServer(metrics.registry, "127.0.0.1", 0);
		const res = await call(server.url);
		expect(res.status).toBe(200);
		expect(res.type).toMatch(/^text\/plain; version=0\.0\.4/);
		const text = res.body;
		expect(sample(text, 'moqt_relay_sessions{draft="19",transport="quic"}')).toBe(1);
		expect(sample(text, 'moqt_relay_sessions_total{draft="19",transport="quic"}')).toBe(2);
		expect(sample(text, 'moqt_relay_sessions{draft="14",transport="webtransport-h2"}')).toBe(1);
		expect(sample(text, 'moqt_relay_active_requests{kind="subscribe"}')).toBe(1);
		expect(sample(text, 'moqt_relay_objects_total{direction="out"}')).toBe(6);
		expect(sample(text, 'moqt_relay_payload_bytes_total{direction="in"}')).toBe(3000);
		expect(sample(text, 'moqt_relay_dropped_objects_total{reason="TOO_FAR_BEHIND"}')).toBe(2);
		expect(sample(text, 'moqt_relay_dropped_bytes_total{reason="TOO_FAR_BEHIND"}')).toBe(2048);
		expect(sample(text, 'moqt_relay_errors_total{scope="request",code="UNAUTHORIZED"}')).toBe(2);
		expect(text).toContain("# TYPE moqt_relay_errors_total counter");
	});

	it("reads the cache's figures at each scrape", async () => {
		const metrics = new RelayMetrics();
		const clock = new ManualClock();
		const cache = new ObjectCache({ maxBytes: 10_000, now: clock.now });
		metrics.observeCache(() => cache.stats);
		server = await startMetricsServer(metrics.registry, "127.0.0.1", 0);
		const track = { namespace: ns("a"), name: bytes("b") };
		cache.put(track, { groupId: 0n, subgroupId: 0n, objectId: 0n, payload: new Uint8Array(100) });
		cache.get(track, { group: 0n, object: 0n });
		cache.get(track, { group: 0n, object: 1n });
		let text = (await call(server.url)).body;
		expect(sample(text, "moqt_relay_cache_objects")).toBe(1);
		expect(sample(text, "moqt_relay_cache_bytes")).toBe(cache.stats.bytes);
		expect(sample(text, "moqt_relay_cache_max_bytes")).toBe(10_000);
		expect(sample(text, "moqt_relay_cache_hits_total")).toBe(1);
		expect(sample(text, "moqt_relay_cache_misses_total")).toBe(1);
		cache.get(track, { group: 0n, object: 0n });
		text = (await call(server.url)).body;
		expect(sample(text, "moqt_relay_cache_hits_total")).toBe(2);
		expect(sample(text, "moqt_relay_cache_evictions_total")).toBe(0);
	});

	it("answers HEAD without a body, 405 for other methods and 404 elsewhere", async () => {
		server = await startMetricsServer(new RelayMetrics().registry, "127.0.0.1", 0);
		const head = await call(server.url, "HEAD");
		expect([head.status, head.body]).toEqual([200, ""]);
		const post = await call(server.url, "POST");
		expect([post.status, post.allow]).toEqual([405, "GET, HEAD"]);
		expect((await call(server.url.replace("/metrics", "/"))).status).toBe(404);
		expect((await call(`${server.url}?x=1`)).status).toBe(200);
	});

	it("keeps its metrics out of prom-client's global registry, so two relays coexist", async () => {
		const a = new RelayMetrics();
		const b = new RelayMetrics();
		a.sessionOpened(16, "quic");
		expect(await globalRegistry.metrics()).not.toContain("moqt_relay_");
		expect(await b.registry.metrics()).not.toContain('draft="16"');
	});

	it("adds process metrics only when asked", async () => {
		expect(await new RelayMetrics().registry.metrics()).not.toContain("process_cpu");
		const withProcess = new RelayMetrics({ processMetrics: true, prefix: "r_" });
		expect(await withProcess.registry.metrics()).toContain("r_process_cpu_seconds_total");
	});

	it("reports a port already in use", async () => {
		const metrics = new RelayMetrics();
		server = await startMetricsServer(metrics.registry, "127.0.0.1", 0);
		await expect(startMetricsServer(metrics.registry, "127.0.0.1", server.address.port)).rejects.toThrow(/EADDRINUSE/);
	});
});
