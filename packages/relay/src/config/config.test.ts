import { describe, expect, it } from "vitest";
import { generateAuthKey } from "../auth/keys.js";
import { parseFlags, relayUsage } from "./cli.js";
import { loadConfig } from "./load.js";
import { DEFAULT_RELAY_CONFIG } from "./relay-config.js";
import { parseAddress, parseDuration, parseSize } from "./units.js";
import { ConfigError, validateConfig } from "./validate.js";

/** The issues a failing call reports, as "field: message" lines. */
function issuesOf(fn: () => unknown): string[] {
	try {
		fn();
	} catch (e) {
		if (e instanceof ConfigError) return e.issues.map((i) => `${i.field}: ${i.message}`);
		throw e;
	}
	throw new Error("expected a ConfigError");
}

async function asyncIssuesOf(promise: Promise<unknown>): Promise<string[]> {
	try {
		await promise;
	} catch (e) {
		if (e instanceof ConfigError) return e.issues.map((i) => `${i.field}: ${i.message}`);
		throw e;
	}
	throw new Error("expected a ConfigError");
}

const validate = (raw: unknown) => validateConfig(raw, DEFAULT_RELAY_CONFIG);

describe("units", () => {
	it("parse sizes", () => {
		expect(parseSize(1024)).toBe(1024);
		expect(parseSize("64KiB")).toBe(65536);
		expect(parseSize("256 MiB")).toBe(256 * 1024 * 1024);
		expect(parseSize("1GB")).toBe(1e9);
		expect(parseSize("1.5kib")).toBe(1536);
		expect(parseSize("512")).toBe(512);
		for (const bad of [-1, 1.5, "lots", "5 parsecs", "", null, {}, "1e9", Number.MAX_VALUE, "99999999999GiB"]) {
			expect(typeof parseSize(bad)).toBe("string");
		}
	});

	it("parse durations in milliseconds", () => {
		expect(parseDuration("500ms")).toBe(500);
		expect(parseDuration("30s")).toBe(30_000);
		expect(parseDuration("2m")).toBe(120_000);
		expect(parseDuration("1h")).toBe(3_600_000);
		expect(parseDuration(250)).toBe(250);
		expect(typeof parseDuration("soon")).toBe("string");
	});

	it("parse addresses", () => {
		expect(parseAddress("0.0.0.0:4443")).toEqual({ host: "0.0.0.0", port: 4443 });
		expect(parseAddress("[::1]:443")).toEqual({ host: "::1", port: 443 });
		expect(parseAddress(":9000")).toEqual({ host: "0.0.0.0", port: 9000 });
		expect(parseAddress("relay.example.com:0")).toEqual({ host: "relay.example.com", port: 0 });
		expect(parseAddress({ host: "127.0.0.1", port: 1 })).toEqual({ host: "127.0.0.1", port: 1 });
		for (const bad of [
			"4443",
			"host:65536",
			"host:-1",
			"::1:443",
			"bad host:1",
			{ host: "a" },
			{ host: "a", port: 1, tls: 1 },
			7,
		]) {
			expect(typeof parseAddress(bad)).toBe("string");
		}
	});
});

describe("validateConfig", () => {
	it("gives the defaults for an empty object", () => {
		expect(validate({})).toEqual(DEFAULT_RELAY_CONFIG);
	});

	it("reads every field", () => {
		const key = generateAuthKey("ES256", "k1");
		const config = validate({
			listen: { quic: "[::]:443", webtransportH2: null },
			tls: { cert: "/etc/relay/cert.pem", key: "/etc/relay/key.pem" },
			upstreams: ["moqt://origin.example:4443/live", "https://origin.example/moq"],
			auth: { keys: [{ kid: "k1", alg: "ES256", publicKey: key.publicKey }], issuer: "me", clockToleranceSeconds: 5 },
			limits: { sessions: 10, cacheBytes: "1GiB", subscriberQueueBytes: 65536, subscriberQueueObjects: 100 },
			metrics: "off",
			logLevel: "debug",
			drainTimeout: "5s",
		});
		expect(config).toMatchObject({
			listen: { quic: { host: "::", port: 443 }, webtransportH2: null },
			tls: { kind: "files", cert: "/etc/relay/cert.pem", key: "/etc/relay/key.pem" },
			auth: { enabled: true, issuer: "me", clockToleranceSeconds: 5, requireExpiry: true },
			limits: { sessions: 10, cacheBytes: 1024 ** 3, requestsPerSession: 1000, subscriberQueueObjects: 100 },
			metrics: null,
			logLevel: "debug",
			drainTimeoutMs: 5000,
		});
		expect(config.auth.keys).toHaveLength(1);
	});

	it("accepts the self-signed certificate forms", () => {
		expect(validate({ tls: "generate" }).tls).toEqual({ kind: "generate", hostnames: ["localhost"] });
		expect(validate({ tls: { generate: true, hostnames: ["relay.local", "127.0.0.1"] } }).tls).toEqual({
			kind: "generate",
			hostnames: ["relay.local", "127.0.0.1"],
		});
	});

	it("names every bad field at once", () => {
		expect(
			issuesOf(() =>
				validate({
					listen: { quic: "nowhere" },
					limits: { sessions: 0, cacheBytes: "a lot", requestsPerSesion: 5 },
					logLevel: "loud",
					upstreams: ["ftp://x", "moqt://", 5],
					tls: { cert: "a.pem" },
					drainTimeout: "forever",
				}),
			),
		).toEqual([
			'listen.quic: an address must look like "host:port" or "[::1]:port", not "nowhere"',
			"logLevel: must be one of debug, info, warn, error",
			"tls.key: must be a non-empty string",
			'upstreams[0]: must be a moqt:// or https:// URL with a host, not "ftp://x"',
			'upstreams[1]: must be a moqt:// or https:// URL with a host, not "moqt://"',
			"upstreams[2]: must be a moqt:// or https:// URL with a host, not 5",
			expect.stringMatching(/^limits\.requestsPerSesion: unknown field/),
			"limits.sessions: must be an integer from 1 to 1000000000, not 0",
			expect.stringMatching(/^limits\.cacheBytes: a size must be a number with an optional unit/),
			expect.stringMatching(/^drainTimeout: a duration must be/),
		]);
	});

	it.each([
		["a number", 42],
		["an array", []],
		["a string", "relay"],
		["null", null],
	])("refuses %s as the whole configuration", (_, raw) => {
		expect(issuesOf(() => validate(raw))).toEqual(["(root): must be an object"]);
	});

	it("refuses unknown fields, __proto__ included", () => {
		const raw = JSON.parse('{"__proto__": {"polluted": true}, "lisen": {}}') as unknown;
		const issues = issuesOf(() => validate(raw));
		expect(issues.map((i) => i.split(":")[0])).toEqual(["__proto__", "lisen"]);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});

	it("checks auth keys and their consistency", () => {
		const key = generateAuthKey("EdDSA");
		expect(
			issuesOf(() =>
				validate({
					auth: {
						enabled: true,
						keys: [
							{ alg: "RS256", secret: "x" },
							{ alg: "HS256" },
							{ alg: "EdDSA", publicKey: key.publicKey, privateKey: key.privateKey },
							{ alg: "ES256", secret: "abc" },
							"key",
						],
					},
				}),
			),
		).toEqual([
			"auth.keys[0].alg: must be one of HS256, ES256, EdDSA",
			"auth.keys[1].secret: must be a non-empty string",
			"auth.keys[2].privateKey: the relay needs only the public key",
			"auth.keys[3].secret: an ES256 key takes a publicKey, not a secret",
			"auth.keys[3].publicKey: must be a PEM string or a JWK object",
			"auth.keys[4]: must be an object",
		]);
		expect(issuesOf(() => validate({ auth: { enabled: true } }))).toEqual([
			"auth.keys: authorization needs at least one key",
		]);
		expect(validate({ auth: { enabled: false } }).auth.enabled).toBe(false);
	});

	it("refuses turning every listener off, and a zero queue", () => {
		expect(issuesOf(() => validate({ listen: { quic: null, webtransportH2: "off" } }))).toEqual([
			"listen: at least one listener must be on",
		]);
		expect(issuesOf(() => validate({ limits: { subscriberQueueBytes: 0 } }))).toEqual([
			"limits.subscriberQueueBytes: must be more than 0",
		]);
	});

	it("survives 1,000 random JSON values without throwing anything but ConfigError", () => {
		let seed = 7;
		const random = () => {
			seed = (seed * 1103515245 + 12345) & 0x7fffffff;
			return seed / 0x7fffffff;
		};
		const keys = [
			"listen",
			"tls",
			"upstreams",
			"auth",
			"limits",
			"metrics",
			"logLevel",
			"drainTimeout",
			"quic",
			"keys",
			"x",
		];
		const value = (depth: number): unknown => {
			const r = random();
			if (depth > 3 || r < 0.3)
				return [null, true, -1, 0, 1e300, "", "off", "1:1", "generate"][Math.floor(random() * 9)];
			if (r < 0.5) return Array.from({ length: Math.floor(random() * 3) }, () => value(depth + 1));
			return Object.fromEntries(
				Array.from({ length: 1 + Math.floor(random() * 3) }, () => [
					keys[Math.floor(random() * keys.length)]!,
					value(depth + 1),
				]),
			);
		};
		for (let i = 0; i < 1_000; i++) {
			try {
				validate(value(0));
			} catch (e) {
				expect(e).toBeInstanceOf(ConfigError);
			}
		}
	});
});

describe("command-line flags", () => {
	it("turn into a fragment of the configuration", () => {
		const { flags, issues } = parseFlags([
			"--listen",
			"127.0.0.1:5000",
			"--upstream",
			"moqt://a:1",
			"--upstream",
			"moqt://b:2",
			"--max-sessions",
			"50",
			"--cache-size",
			"64MiB",
			"--self-signed",
			"--hostname",
			"relay.local",
			"--metrics",
			"off",
		]);
		expect(issues).toEqual([]);
		expect(flags.overrides).toEqual({
			listen: { quic: "127.0.0.1:5000" },
			upstreams: ["moqt://a:1", "moqt://b:2"],
			limits: { sessions: 50, cacheBytes: "64MiB" },
			tls: { generate: true, hostnames: ["relay.local"] },
			metrics: "off",
		});
	});

	it("report bad numbers and incomplete certificate flags by flag name", () => {
		expect(parseFlags(["--max-sessions", "ten", "--cert", "c.pem"]).issues).toEqual([
			{ field: "--max-sessions", message: 'must be a whole number, not "ten"' },
			{ field: "--key", message: "--cert and --key go together" },
		]);
		expect(parseFlags(["--self-signed", "--key", "k.pem"]).issues[0]?.field).toBe("--self-signed");
	});

	it("refuse unknown flags", () => {
		expect(() => parseFlags(["--listne", "x"])).toThrow(/listne/);
	});

	it("describe themselves", () => {
		const usage = relayUsage();
		expect(usage).toContain("--cache-size <size>");
		expect(usage).toContain("--self-signed");
	});
});

describe("loadConfig", () => {
	const files = (map: Record<string, string>) => async (path: string) => {
		const text = map[path];
		if (text === undefined) throw new Error(`ENOENT: no such file, open '${path}'`);
		return text;
	};

	it("lays flags over the file over the defaults", async () => {
		const file = JSON.stringify({
			limits: { sessions: 5, cacheBytes: "1MiB" },
			logLevel: "warn",
			tls: { cert: "c.pem", key: "k.pem" },
		});
		const { config, configPath } = await loadConfig({
			argv: ["--config", "conf/relay.json", "--max-sessions", "7", "--log-level", "debug"],
			readFile: files({ "/srv/conf/relay.json": file }),
			cwd: "/srv",
		});
		expect(configPath).toBe("/srv/conf/relay.json");
		expect(config.limits).toMatchObject({ sessions: 7, cacheBytes: 1024 * 1024, requestsPerSession: 1000 });
		expect(config.logLevel).toBe("debug");
		// Relative paths in the file are relative to the file.
		expect(config.tls).toEqual({ kind: "files", cert: "/srv/conf/c.pem", key: "/srv/conf/k.pem" });
	});

	it("moves both listeners with --listen unless --listen-h2 or the file place HTTP/2 elsewhere", async () => {
		const both = await loadConfig({ argv: ["--listen", "127.0.0.1:5000"], readFile: files({}) });
		expect(both.config.listen).toEqual({
			quic: { host: "127.0.0.1", port: 5000 },
			webtransportH2: { host: "127.0.0.1", port: 5000 },
		});
		const split = await loadConfig({ argv: ["--listen", "127.0.0.1:5000", "--listen-h2", "off"], readFile: files({}) });
		expect(split.config.listen.webtransportH2).toBeNull();
		const fromFile = await loadConfig({
			argv: ["--config", "/r.json", "--listen", "127.0.0.1:5000"],
			readFile: files({ "/r.json": '{"listen": {"webtransportH2": "127.0.0.1:6000"}}' }),
		});
		expect(fromFile.config.listen.webtransportH2).toEqual({ host: "127.0.0.1", port: 6000 });
	});

	it("takes upstream certificate hashes in hex, colons allowed", async () => {
		const hash = `${"AB:".repeat(31)}CD`;
		const { config } = await loadConfig({ argv: ["--upstream-cert-hash", hash], readFile: files({}) });
		expect(config.upstreamCertificateHashes).toEqual([`${"ab".repeat(31)}cd`]);
		expect(await asyncIssuesOf(loadConfig({ argv: ["--upstream-cert-hash", "xyz"], readFile: files({}) }))).toEqual([
			'upstreamCertificateHashes[0] (--upstream-cert-hash): must be 64 hex digits (colons allowed), not "xyz"',
		]);
	});

	it("takes a token for the upstream relays from the file or a flag, the flag winning", async () => {
		const fromFile = await loadConfig({
			argv: ["--config", "/r.json"],
			readFile: files({ "/r.json": '{"upstreams": ["moqt://up.example:4443"], "upstreamToken": "file.jwt"}' }),
		});
		expect(fromFile.config.upstreamToken).toBe("file.jwt");
		const fromFlag = await loadConfig({
			argv: ["--config", "/r.json", "--upstream-token", "flag.jwt"],
			readFile: files({ "/r.json": '{"upstreamToken": "file.jwt"}' }),
		});
		expect(fromFlag.config.upstreamToken).toBe("flag.jwt");
		expect((await loadConfig({ argv: [], readFile: files({}) })).config.upstreamToken).toBeUndefined();
		expect(
			await asyncIssuesOf(
				loadConfig({ argv: ["--config", "/r.json"], readFile: files({ "/r.json": '{"upstreamToken": 7}' }) }),
			),
		).toEqual(["upstreamToken: must be a non-empty string"]);
	});

	it("lets certificate flags replace the file's choice wholesale", async () => {
		const { config } = await loadConfig({
			argv: ["--config", "/r.json", "--cert", "a.pem", "--key", "b.pem"],
			readFile: files({ "/r.json": '{"tls": "generate"}' }),
			cwd: "/w",
		});
		expect(config.tls).toEqual({ kind: "files", cert: "/w/a.pem", key: "/w/b.pem" });
	});

	it("reads auth keys from files and turns authorization on", async () => {
		const a = generateAuthKey("HS256", "a");
		const { privateKey: _, ...b } = generateAuthKey("ES256", "b");
		const { config } = await loadConfig({
			argv: ["--auth-key-file", "/a.json", "--auth-key-file", "/b.json"],
			readFile: files({ "/a.json": JSON.stringify(a), "/b.json": JSON.stringify([b]) }),
		});
		expect(config.auth.enabled).toBe(true);
		expect(config.auth.keys.map((k) => k.kid)).toEqual(["a", "b"]);
	});

	it("names the flag behind a bad value, and the file behind a bad field", async () => {
		const issues = await asyncIssuesOf(
			loadConfig({
				argv: ["--config", "/r.json", "--listen", "here", "--queue-objects=-3"],
				readFile: files({ "/r.json": '{"limits": {"cacheBytes": true}}' }),
			}),
		);
		expect(issues).toEqual([
			'--queue-objects: must be a whole number, not "-3"',
			'listen.quic (--listen): an address must look like "host:port" or "[::1]:port", not "here"',
			expect.stringMatching(/^limits\.cacheBytes: a size must be a number or a string/),
		]);
	});

	it("reports a missing file, bad JSON and an unknown flag as ConfigError", async () => {
		expect(await asyncIssuesOf(loadConfig({ argv: ["--config", "/nope.json"], readFile: files({}) }))).toEqual([
			expect.stringMatching(/^--config: cannot read \/nope\.json: ENOENT/),
		]);
		expect(
			await asyncIssuesOf(loadConfig({ argv: ["--config", "/bad.json"], readFile: files({ "/bad.json": "{" }) })),
		).toEqual([expect.stringMatching(/^--config: \/bad\.json is not valid JSON/)]);
		expect(await asyncIssuesOf(loadConfig({ argv: ["--bogus"] }))).toEqual([expect.stringMatching(/bogus/)]);
		expect(await asyncIssuesOf(loadConfig({ argv: ["extra"] }))).toEqual(["(arguments): unexpected extra"]);
	});

	it("stops at --help", async () => {
		expect(await loadConfig({ argv: ["--help", "--max-sessions", "nope"] })).toEqual({
			config: DEFAULT_RELAY_CONFIG,
			help: true,
			configPath: undefined,
		});
	});

	it("works with the real file system", async () => {
		const { mkdtemp, writeFile, rm } = await import("node:fs/promises");
		const { tmpdir } = await import("node:os");
		const { join } = await import("node:path");
		const dir = await mkdtemp(join(tmpdir(), "relay-config-"));
		try {
			await writeFile(join(dir, "relay.json"), JSON.stringify({ drainTimeout: "1m" }));
			const { config } = await loadConfig({ argv: ["--config", join(dir, "relay.json")] });
			expect(config.drainTimeoutMs).toBe(60_000);
		} finally {
			await rm(dir, { recursive: true });
		}
	});
});
