/**
 * Checking a relay configuration read from JSON (and merged with command-line flags): every field
 * is checked, unknown fields are refused (a typo must not silently fall back to a default), and
 * all problems are reported together, each naming its field (`limits.cacheBytes: …`).
 *
 * The JSON shape is {@link RelayConfig}'s, with these conveniences: sizes may be strings with a
 * unit ("256MiB"), durations may be "30s" (the field `drainTimeout`), addresses "host:port",
 * `null` (or "off") disables a listener or the metrics server, and `tls` may be the string
 * "generate".
 *
 * @module
 */

import { MoqtError } from "@moqt/wire";
import { AUTH_ALGORITHMS, type AuthKeyConfig } from "../auth/keys.js";
import { LOG_LEVELS, type LogLevel } from "../log.js";
import type { LimitsConfig, RelayConfig, TlsConfig } from "./relay-config.js";
import { type ListenAddress, parseAddress, parseDuration, parseSize } from "./units.js";

/** One problem with a configuration. */
export interface ConfigIssue {
	/** The field's path, e.g. "limits.cacheBytes" or "auth.keys[1].secret". */
	readonly field: string;
	readonly message: string;
}

/** A configuration that cannot be used; `issues` lists every problem found. */
export class ConfigError extends MoqtError {
	readonly issues: readonly ConfigIssue[];

	constructor(issues: readonly ConfigIssue[], options?: { cause?: unknown }) {
		super(
			"invalid-config",
			`invalid relay configuration:\n${issues.map((i) => `  ${i.field}: ${i.message}`).join("\n")}`,
			options,
		);
		this.name = "ConfigError";
		this.issues = issues;
	}
}

type Json = Record<string, unknown>;

/** Collects issues while reading fields of one object. */
class Reader {
	readonly issues: ConfigIssue[] = [];

	/** The object at `path`, after refusing keys not in `known`; `undefined` when it is not an object. */
	object(value: unknown, path: string, known: readonly string[]): Json | undefined {
		if (typeof value !== "object" || value === null || Array.isArray(value)) {
			this.issue(path, "must be an object");
			return undefined;
		}
		for (const key of Object.keys(value)) {
			if (!known.includes(key)) this.issue(join(path, key), `unknown field (known: ${known.join(", ")})`);
		}
		return value as Json;
	}

	issue(field: string, message: string): void {
		this.issues.push({ field: field || "(root)", message });
	}

	/** Applies `parse` and records its message under `path` when it fails. */
	parse<T>(value: unknown, path: string, parse: (v: unknown) => T | string, fallback: T): T {
		const result = parse(value);
		if (typeof result === "string") {
			this.issue(path, result);
			return fallback;
		}
		return result;
	}

	integer(value: unknown, path: string, min: number, max: number, fallback: number): number {
		if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
			this.issue(path, `must be an integer from ${min} to ${max}, not ${JSON.stringify(value)}`);
			return fallback;
		}
		return value;
	}

	string(value: unknown, path: string, fallback: string): string {
		if (typeof value !== "string" || value.length === 0) {
			this.issue(path, "must be a non-empty string");
			return fallback;
		}
		return value;
	}

	boolean(value: unknown, path: string, fallback: boolean): boolean {
		if (typeof value !== "boolean") {
			this.issue(path, "must be true or false");
			return fallback;
		}
		return value;
	}
}

function join(path: string, key: string): string {
	return path === "" ? key : `${path}.${key}`;
}

const OFF = (v: unknown) => v === null || v === "off" || v === false;

function address(r: Reader, value: unknown, path: string, fallback: ListenAddress | null): ListenAddress | null {
	if (value === undefined) return fallback;
	if (OFF(value)) return null;
	return r.parse(value, path, parseAddress, fallback);
}

function tls(r: Reader, value: unknown, fallback: TlsConfig): TlsConfig {
	if (value === undefined) return fallback;
	if (value === "generate") return { kind: "generate", hostnames: ["localhost"] };
	const o = r.object(value, "tls", ["cert", "key", "generate", "hostnames"]);
	if (o === undefined) return fallback;
	if (o.generate === true) {
		if (o.cert !== undefined || o.key !== undefined) r.issue("tls", "give either cert and key, or generate, not both");
		const hostnames = o.hostnames ?? ["localhost"];
		if (
			!Array.isArray(hostnames) ||
			hostnames.length === 0 ||
			!hostnames.every((h) => typeof h === "string" && h.length > 0)
		) {
			r.issue("tls.hostnames", "must be a non-empty array of host names");
			return fallback;
		}
		return { kind: "generate", hostnames };
	}
	if (o.generate !== undefined && o.generate !== false) r.issue("tls.generate", "must be true or false");
	if (o.hostnames !== undefined) r.issue("tls.hostnames", "only applies with generate: true");
	const cert = r.string(o.cert, "tls.cert", "");
	const key = r.string(o.key, "tls.key", "");
	return { kind: "files", cert, key };
}

function upstreams(r: Reader, value: unknown, fallback: readonly string[]): readonly string[] {
	if (value === undefined) return fallback;
	if (!Array.isArray(value)) {
		r.issue("upstreams", "must be an array of URLs");
		return fallback;
	}
	value.forEach((u, i) => {
		let url: URL | undefined;
		try {
			url = typeof u === "string" ? new URL(u) : undefined;
		} catch {
			url = undefined;
		}
		if (url === undefined || (url.protocol !== "moqt:" && url.protocol !== "https:") || url.hostname === "") {
			r.issue(`upstreams[${i}]`, `must be a moqt:// or https:// URL with a host, not ${JSON.stringify(u)}`);
		}
	});
	return value as string[];
}

function upstreamToken(r: Reader, value: unknown, fallback: string | undefined): string | undefined {
	if (value === undefined) return fallback;
	if (typeof value === "string" && value.length > 0) return value;
	r.issue("upstreamToken", "must be a non-empty string");
	return fallback;
}

function certificateHashes(r: Reader, value: unknown, fallback: readonly string[]): readonly string[] {
	if (value === undefined) return fallback;
	if (!Array.isArray(value)) {
		r.issue("upstreamCertificateHashes", "must be an array of SHA-256 hashes in hex");
		return fallback;
	}
	return value.flatMap((h, i) => {
		const hex = typeof h === "string" ? h.replaceAll(":", "").toLowerCase() : "";
		if (/^[0-9a-f]{64}$/.test(hex)) return [hex];
		r.issue(`upstreamCertificateHashes[${i}]`, `must be 64 hex digits (colons allowed), not ${JSON.stringify(h)}`);
		return [];
	});
}

function authKey(r: Reader, value: unknown, path: string): AuthKeyConfig | undefined {
	const o = r.object(value, path, ["kid", "alg", "secret", "publicKey", "privateKey"]);
	if (o === undefined) return undefined;
	if (!(AUTH_ALGORITHMS as readonly unknown[]).includes(o.alg)) {
		r.issue(join(path, "alg"), `must be one of ${AUTH_ALGORITHMS.join(", ")}`);
		return undefined;
	}
	if (o.kid !== undefined) r.string(o.kid, join(path, "kid"), "");
	if (o.alg === "HS256") {
		r.string(o.secret, join(path, "secret"), "");
		if (o.publicKey !== undefined || o.privateKey !== undefined) r.issue(path, "an HS256 key takes a secret only");
	} else {
		if (o.secret !== undefined)
			r.issue(join(path, "secret"), `an ${String(o.alg)} key takes a publicKey, not a secret`);
		if (typeof o.publicKey !== "string" && (typeof o.publicKey !== "object" || o.publicKey === null)) {
			r.issue(join(path, "publicKey"), "must be a PEM string or a JWK object");
		}
		// The relay only verifies: a private key in its configuration is a leak waiting to happen.
		if (o.privateKey !== undefined) r.issue(join(path, "privateKey"), "the relay needs only the public key");
	}
	return o as unknown as AuthKeyConfig;
}

function auth(r: Reader, value: unknown, fallback: RelayConfig["auth"]): RelayConfig["auth"] {
	if (value === undefined) return fallback;
	const o = r.object(value, "auth", [
		"enabled",
		"keys",
		"issuer",
		"audience",
		"clockToleranceSeconds",
		"requireExpiry",
	]);
	if (o === undefined) return fallback;
	const keys: AuthKeyConfig[] = [];
	if (o.keys !== undefined) {
		if (!Array.isArray(o.keys)) r.issue("auth.keys", "must be an array of keys");
		else
			o.keys.forEach((k, i) => {
				const key = authKey(r, k, `auth.keys[${i}]`);
				if (key !== undefined) keys.push(key);
			});
	}
	const enabled = o.enabled === undefined ? keys.length > 0 : r.boolean(o.enabled, "auth.enabled", false);
	if (enabled && Array.isArray(o.keys) && o.keys.length === 0)
		r.issue("auth.keys", "authorization needs at least one key");
	if (enabled && o.keys === undefined) r.issue("auth.keys", "authorization needs at least one key");
	return {
		enabled,
		keys,
		...(o.issuer === undefined ? {} : { issuer: r.string(o.issuer, "auth.issuer", "") }),
		...(o.audience === undefined ? {} : { audience: r.string(o.audience, "auth.audience", "") }),
		clockToleranceSeconds:
			o.clockToleranceSeconds === undefined
				? fallback.clockToleranceSeconds
				: r.integer(o.clockToleranceSeconds, "auth.clockToleranceSeconds", 0, 3600, 0),
		requireExpiry:
			o.requireExpiry === undefined ? fallback.requireExpiry : r.boolean(o.requireExpiry, "auth.requireExpiry", true),
	};
}

const COUNT_LIMITS = [
	"sessions",
	"requestsPerSession",
	"namespacesPerSession",
	"namespacesTotal",
	"namespaceSubscriptionsPerSession",
	"subscriberQueueObjects",
] as const;
const SIZE_LIMITS = ["cacheBytes", "subscriberQueueBytes"] as const;

function limits(r: Reader, value: unknown, fallback: LimitsConfig): LimitsConfig {
	if (value === undefined) return fallback;
	const o = r.object(value, "limits", [...COUNT_LIMITS, ...SIZE_LIMITS]);
	if (o === undefined) return fallback;
	const out: Record<string, number> = { ...fallback };
	for (const name of COUNT_LIMITS) {
		if (o[name] !== undefined) out[name] = r.integer(o[name], `limits.${name}`, 1, 1e9, fallback[name]);
	}
	for (const name of SIZE_LIMITS) {
		if (o[name] !== undefined) out[name] = r.parse(o[name], `limits.${name}`, parseSize, fallback[name]);
	}
	if (out.subscriberQueueBytes === 0) r.issue("limits.subscriberQueueBytes", "must be more than 0");
	return out as unknown as LimitsConfig;
}

/**
 * Checks `raw` (parsed JSON, already merged with flags) over `base` (the defaults): fields
 * absent from `raw` keep `base`'s value. Throws a {@link ConfigError} listing every problem.
 */
export function validateConfig(raw: unknown, base: RelayConfig): RelayConfig {
	const r = new Reader();
	const o =
		r.object(raw, "", [
			"listen",
			"tls",
			"upstreams",
			"upstreamCertificateHashes",
			"upstreamToken",
			"auth",
			"limits",
			"metrics",
			"logLevel",
			"drainTimeout",
		]) ?? {};
	let listen = base.listen;
	if (o.listen !== undefined) {
		const l = r.object(o.listen, "listen", ["quic", "webtransportH2"]);
		if (l !== undefined) {
			listen = {
				quic: address(r, l.quic, "listen.quic", base.listen.quic),
				webtransportH2: address(r, l.webtransportH2, "listen.webtransportH2", base.listen.webtransportH2),
			};
		}
	}
	if (listen.quic === null && listen.webtransportH2 === null) r.issue("listen", "at least one listener must be on");
	let logLevel: LogLevel = base.logLevel;
	if (o.logLevel !== undefined) {
		if ((LOG_LEVELS as readonly unknown[]).includes(o.logLevel)) logLevel = o.logLevel as LogLevel;
		else r.issue("logLevel", `must be one of ${LOG_LEVELS.join(", ")}`);
	}
	const config: RelayConfig = {
		listen,
		tls: tls(r, o.tls, base.tls),
		upstreams: upstreams(r, o.upstreams, base.upstreams),
		upstreamCertificateHashes: certificateHashes(r, o.upstreamCertificateHashes, base.upstreamCertificateHashes),
		upstreamToken: upstreamToken(r, o.upstreamToken, base.upstreamToken),
		auth: auth(r, o.auth, base.auth),
		limits: limits(r, o.limits, base.limits),
		metrics: address(r, o.metrics, "metrics", base.metrics),
		logLevel,
		drainTimeoutMs:
			o.drainTimeout === undefined ? base.drainTimeoutMs : r.parse(o.drainTimeout, "drainTimeout", parseDuration, 0),
	};
	if (r.issues.length > 0) throw new ConfigError(r.issues);
	return config;
}
